import { isUtf8 } from 'node:buffer';

/** One command of an import, exactly as the HTTP API takes it, with the line of the file it came from. */
export interface ImportCommand {
  readonly line: number;
  readonly key: string;
  readonly method: 'POST';
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** The line as the file has it (what limits the route's body size and nesting are checked on). */
  readonly raw: string;
}

/** A line's refusal, in the shape every route answers one: `{ error, message, details }`. */
export interface LineError {
  readonly line: number;
  readonly status: number;
  readonly error: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export type ParsedLine = { readonly command: ImportCommand } | { readonly refused: LineError };

/** The resources whose command routes an import may call; anything else (admin, imports) is refused. */
const commandRoots = [
  'partners',
  'registrations',
  'customers',
  'deals',
  'rule-sets',
  'periods',
  'campaigns',
  'statements',
] as const;
const commandPath = new RegExp(`^/(${commandRoots.join('|')})(/[A-Za-z0-9._~%:-]+)*$`);
/** What the Idempotency-Key header takes (request-context.ts): the key travels in it. */
const keyPattern = /^[\x21-\x7e]{1,200}$/;

/** Commands after which the next line reads read models (period closes, statements): they commit first. */
export function readsReadModels(path: string): boolean {
  return path.startsWith('/periods/') || isStatementCommand(path);
}

/**
 * Statements' commands are decided on read models (a statement's lines, its partner's balance), which a dry run does
 * not build from its lines; every other command is decided on streams (a period close on the program's).
 */
export function isStatementCommand(path: string): boolean {
  return path.startsWith('/statements');
}

/** Splits NDJSON text into its commands (blank lines are skipped, numbering counts them); bad lines are refused. */
export function parseImportLines(text: string): ParsedLine[] {
  const lines = new ImportLines(Buffer.from(text, 'utf8'));
  return Array.from({ length: lines.length }, (_, index) => lines.at(index));
}

/**
 * An import's body and where each of its non-blank lines starts and ends, parsed one line at a time when
 * the runner reaches it (and again if a refused batch runs it again). Only the body and three numbers per
 * line are held for the whole import: the parsed commands of a 200,000-line file (their bodies as objects,
 * about 500 bytes a line) would otherwise stay on the heap until its last line, and V8 sizes its heap to a
 * multiple of what stays. UTF-8 never has a newline byte inside a character, so decoding a line alone gives
 * what decoding the whole body and splitting it would.
 */
export class ImportLines {
  readonly length: number;
  /** The last line parsed: the runner looks at the next line before it runs it. */
  private last: { index: number; parsed: ParsedLine } | undefined;

  constructor(
    private readonly body: Buffer,
    private readonly spans = lineSpans(body),
    length = spans.numbers.length,
  ) {
    this.length = length;
  }

  /**
   * The lines of a body as the API's service takes it: found a slice at a time, letting requests in between (the
   * largest body, 256 MB, took 80 to 240 ms on the API's thread in one go: docs/benchmarks.md).
   */
  static async scan(body: Buffer): Promise<ImportLines> {
    const spans = spansOf(body);
    for (let step = spans.next(); ; step = spans.next()) {
      if (step.done) return new ImportLines(body, step.value);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  at(index: number): ParsedLine {
    if (index < 0 || index >= this.length) throw new RangeError(`No line at ${index} of ${this.length}`);
    if (this.last?.index === index) return this.last.parsed;
    const { starts, ends, numbers } = this.spans;
    const bytes = this.body.subarray(starts[index], ends[index]);
    const line = numbers[index]!;
    const parsed = isUtf8(bytes)
      ? parseLine(bytes.toString('utf8'), line)
      : refused(line, 'line', 'utf8', `line ${line} is not valid UTF-8: the file must be encoded as UTF-8`);
    this.last = { index, parsed };
    return parsed;
  }

  /** The first `end` lines (a refused batch runs its lines again and no further). */
  until(end: number): ImportLines {
    return new ImportLines(this.body, this.spans, Math.min(end, this.length));
  }
}

interface LineSpans {
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  /** The line's number in the file (1 is the first), blank lines counted. */
  readonly numbers: Uint32Array;
}

const newline = 0x0a;
/** The bytes of body one step of spansOf covers: about a millisecond on this machine. */
const scanSliceBytes = 4 * 1024 * 1024;

/** The spans of the body's non-blank lines, in one go. */
function lineSpans(body: Buffer): LineSpans {
  const spans = spansOf(body);
  for (let step = spans.next(); ; step = spans.next()) if (step.done) return step.value;
}

/**
 * The spans of the body's non-blank lines (an import is at most 256 MB: offsets fit 32 bits), found in steps of
 * about scanSliceBytes: the caller decides what runs between two steps.
 */
function* spansOf(body: Buffer): Generator<void, LineSpans> {
  let count = 1;
  for (let at = body.indexOf(newline), stepEnd = scanSliceBytes; at >= 0; at = body.indexOf(newline, at + 1)) {
    count += 1;
    if (at < stepEnd) continue;
    stepEnd = at + scanSliceBytes;
    yield;
  }
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  const numbers = new Uint32Array(count);
  let kept = 0;
  // A byte order mark (what spreadsheet tools and some editors write first) is not part of line 1.
  const first = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  for (let start = first, number = 1, stepEnd = scanSliceBytes; start <= body.length; number += 1) {
    const found = body.indexOf(newline, start);
    const end = found < 0 ? body.length : found;
    if (!isBlank(body, start, end)) {
      starts[kept] = start;
      ends[kept] = end;
      numbers[kept] = number;
      kept += 1;
    }
    start = end + 1;
    if (start < stepEnd) continue;
    stepEnd = start + scanSliceBytes;
    yield;
  }
  return { starts: starts.subarray(0, kept), ends: ends.subarray(0, kept), numbers: numbers.subarray(0, kept) };
}

/** What `trim()` leaves empty; a line of ASCII with anything but whitespace is decided without decoding it. */
function isBlank(body: Buffer, start: number, end: number): boolean {
  let ascii = true;
  for (let at = start; at < end; at += 1) {
    const byte = body[at]!;
    if (byte >= 0x80) ascii = false;
    else if (byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) return false;
  }
  return ascii || body.toString('utf8', start, end).trim().length === 0;
}

function parseLine(raw: string, line: number): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return refused(line, 'line', 'json', `line ${line} is not a JSON object`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return refused(line, 'line', 'json', `line ${line} is not a JSON object`);
  const { key, method, path, body, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) return refused(line, extra, 'whitelistValidation', `property ${extra} should not exist`);
  if (typeof key !== 'string' || !keyPattern.test(key))
    return refused(line, 'key', 'headerFormat', 'key must be 1 to 200 visible ASCII characters');
  if (method !== 'POST') return refused(line, 'method', 'isIn', 'method must be POST (imports carry commands)');
  if (typeof path !== 'string' || !commandPath.test(path))
    return refused(line, 'path', 'commandRoute', `path must be a command route under /${commandRoots.join(', /')}`);
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))
    return refused(line, 'body', 'isObject', 'body must be a JSON object');
  return { command: { line, key, method, path, body: (body ?? {}) as Record<string, unknown>, raw } };
}

function refused(line: number, field: string, rule: string, message: string): ParsedLine {
  const details = { fields: [{ field, rule, message }] };
  return { refused: { line, status: 400, error: 'VALIDATION_FAILED', message, details } };
}
