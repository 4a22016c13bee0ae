import { ImportLines, parseImportLines, type ParsedLine } from './import-lines.js';

const command = (key: string) => `{"key":"${key}","method":"POST","path":"/partners","body":{"name":"Café ✓"}}`;

/** What the import parsed before it read lines one at a time: the whole body decoded, then split. */
function splitWhole(text: string): Array<{ line: number; raw: string }> {
  return text
    .split('\n')
    .map((raw, index) => ({ line: index + 1, raw }))
    .filter(({ raw }) => raw.trim().length > 0);
}

function lineOf(parsed: ParsedLine): { line: number; raw?: string } {
  return 'command' in parsed ? { line: parsed.command.line, raw: parsed.command.raw } : { line: parsed.refused.line };
}

describe('ImportLines', () => {
  it('finds the lines splitting the decoded body would, blank and whitespace-only ones skipped', () => {
    const text = [
      command('k1'),
      '',
      '   \t',
      '\u00a0\u2003',
      `${command('k2')}\r`,
      'not json',
      '\ufeff',
      command('k3'),
      '',
    ].join('\n');
    const lines = new ImportLines(Buffer.from(text, 'utf8'));
    const read = Array.from({ length: lines.length }, (_, index) => lineOf(lines.at(index)));
    expect(read.map(({ line }) => line)).toEqual(splitWhole(text).map(({ line }) => line));
    expect(read.map(({ line }) => line)).toEqual([1, 5, 6, 8]);
    expect(read.filter(({ raw }) => raw !== undefined).map(({ raw }) => raw)).toEqual([
      command('k1'),
      `${command('k2')}\r`,
      command('k3'),
    ]);
  });

  it('reads line 1 of a file that starts with a byte order mark without the mark', () => {
    const lines = new ImportLines(Buffer.from(`\ufeff${command('k1')}\n${command('k2')}`, 'utf8'));
    expect([lines.at(0), lines.at(1)].map(lineOf)).toEqual([
      { line: 1, raw: command('k1') },
      { line: 2, raw: command('k2') },
    ]);
  });

  it('parses a line when asked, each time anew, and holds no parsed line beyond the last one', () => {
    const lines = new ImportLines(Buffer.from([command('a'), command('b'), command('c')].join('\n')));
    const first = lines.at(0);
    expect(lines.at(0)).toBe(first);
    const second = lines.at(1);
    // Asked again after another line, it is parsed again: the reader kept only the last line it parsed.
    const again = lines.at(0);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(lines.at(1)).not.toBe(second);
    // Nothing but the body and the spans: no array of parsed lines grows with the file.
    const held = Object.values(lines).filter((value) => Array.isArray(value));
    expect(held).toEqual([]);
  });

  it('gives the first lines only through until(), and refuses an index outside them', () => {
    const lines = new ImportLines(Buffer.from([command('a'), '', command('b'), command('c')].join('\n')));
    const firstTwo = lines.until(2);
    expect(firstTwo.length).toBe(2);
    expect(lineOf(firstTwo.at(1)).line).toBe(3);
    expect(() => firstTwo.at(2)).toThrow(RangeError);
    expect(lines.until(10).length).toBe(3);
  });

  it('scans a large body in slices, letting other work run between them, and finds the same lines', async () => {
    // About 24 MB: blank lines and whitespace-only ones among the commands, as in the test above.
    const text = Array.from({ length: 300_000 }, (_, index) => (index % 7 === 3 ? ' \t' : command(`k${index}`)));
    const body = Buffer.from(text.join('\n'), 'utf8');
    let turns = 0;
    let scanning = true;
    const count = (): void => {
      turns += 1;
      if (scanning) setImmediate(count);
    };
    setImmediate(count);
    const scanned = await ImportLines.scan(body);
    scanning = false;
    // Two passes over 24 MB in steps of 4 MB: the loop turned between them.
    expect(turns).toBeGreaterThanOrEqual(6);
    const whole = new ImportLines(body);
    expect(scanned.length).toBe(whole.length);
    for (let index = 0; index < whole.length; index += 997) expect(scanned.at(index)).toEqual(whole.at(index));
    expect(scanned.at(whole.length - 1)).toEqual(whole.at(whole.length - 1));
  });

  it('answers an empty body and one of blank lines with no line at all', async () => {
    expect((await ImportLines.scan(Buffer.alloc(0))).length).toBe(0);
    expect(new ImportLines(Buffer.alloc(0)).length).toBe(0);
    expect(parseImportLines('\n\n  \n')).toEqual([]);
  });
});
