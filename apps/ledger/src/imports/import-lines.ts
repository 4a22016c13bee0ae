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
  return path.startsWith('/periods/') || path.startsWith('/statements');
}

/** Splits NDJSON text into its commands (blank lines are skipped, numbering counts them); bad lines are refused. */
export function parseImportLines(text: string): ParsedLine[] {
  const parsed: ParsedLine[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim().length === 0) return;
    parsed.push(parseLine(raw, index + 1));
  });
  return parsed;
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
