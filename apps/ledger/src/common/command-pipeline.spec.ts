import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandMetadata, Decider } from '#domain';
import { SqliteEventStore } from '#event-store';
import { CommandPipeline } from './command-pipeline.js';
import type { RequestContext } from './request-context.js';

interface Count {
  readonly type: 'Count';
  readonly data: { readonly stream: string };
  readonly metadata: CommandMetadata;
}
interface Counted {
  readonly type: 'Counted';
  readonly data: { readonly stream: string };
}
const counter: Decider<Count, Counted, number> = {
  initialState: () => 0,
  decide: (command) => [{ type: 'Counted', data: command.data }],
  evolve: (count) => count + 1,
};

describe('CommandPipeline: the folded states it keeps', () => {
  let folder: string;
  let store: SqliteEventStore;
  /** The revision each read of the store started after, per stream (0: the stream read whole). */
  let readsAfter: Map<string, number[]>;
  const clock = { now: () => '2026-01-05T10:00:00.000Z' };
  const request = (key: string): RequestContext => ({
    actor: { id: 'ops-1', role: 'ops' },
    idempotencyKey: key,
    correlationId: key,
    requestId: key,
  });

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'command-pipeline-'));
    store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    readsAfter = new Map();
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation((stream, options) => {
      readsAfter.set(stream, [...(readsAfter.get(stream) ?? []), options?.afterRevision ?? 0]);
      return readStream(stream, options);
    });
  });

  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Two commands on stream `a` with one on `b` between them. */
  async function aThenBThenA(pipeline: CommandPipeline): Promise<void> {
    for (const [stream, key] of [
      ['a', 'k1'],
      ['b', 'k2'],
      ['a', 'k3'],
    ] as const)
      await pipeline.run(counter, stream, { type: 'Count', data: { stream } }, request(key));
  }

  it('keeps 10,000 streams by default: a stream used again reads only what was appended since', async () => {
    await aThenBThenA(new CommandPipeline(store, clock));
    expect(readsAfter.get('a')).toEqual([0, 1]);
  });

  it('keeps the number of streams it is given: past it, the least recently used one is read whole again', async () => {
    await aThenBThenA(new CommandPipeline(store, clock, undefined, 1));
    expect(readsAfter.get('a')).toEqual([0, 0]);
    expect((await store.readStream('a')).events).toHaveLength(2);
  });
});
