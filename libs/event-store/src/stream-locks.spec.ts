import { StreamLocks } from './stream-locks.js';

describe('StreamLocks', () => {
  it('runs work on one stream in order, one at a time, and other streams alongside', async () => {
    const locks = new StreamLocks();
    const log: string[] = [];
    let running = 0;
    const work = (name: string, stream: string) =>
      locks.run(stream, async () => {
        running += 1;
        log.push(`start ${name} (${running} running)`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        log.push(`end ${name}`);
        if (name === 'a2') throw new Error('a2 fails');
        return name;
      });
    const results = await Promise.allSettled([work('a1', 'a'), work('b1', 'b'), work('a2', 'a'), work('a3', 'a')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const onA = log.filter((line) => line.includes(' a'));
    expect(onA).toEqual(['start a1 (1 running)', 'end a1', expect.stringMatching(/^start a2/), 'end a2', expect.stringMatching(/^start a3/), 'end a3']);
    expect(log).toContain('start b1 (2 running)');
    await new Promise((resolve) => setImmediate(resolve));
    expect(locks.size).toBe(0);
  });
});
