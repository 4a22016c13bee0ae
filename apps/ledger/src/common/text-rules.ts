import { DomainError, fieldsRefusal } from '#domain';
import { isUtf8 } from 'node:buffer';

/**
 * What no text the ledger stores may hold: C0 control characters other than tab, line feed and carriage return
 * (NUL among them), and UTF-16 surrogates without their pair (`"\ud800"` is valid JSON, yet no Unicode text).
 * Both pass JSON.parse, then break what follows the log: PostgreSQL's text refuses NUL, strict JSON readers
 * (Rust's serde_json, Go's encoding/json rewrites it) refuse or alter a lone surrogate, and SQLite stored the
 * surrogate as U+FFFD in the read models while the log kept it. XML 1.0 excludes them too.
 */
const unfitCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|\p{Cs}/u;

/** Escapes JSON text must use for any such character; a body without one cannot hold one (JSON forbids them raw). */
const unfitEscape = /\\(?:[bf]|u(?:00[01][0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2}))/;

/** Where a parsed JSON value holds unfit text: the field as the API names it, and the character. */
export interface UnfitText {
  readonly field: string;
  readonly codePoint: number;
}

/** The first string (member name or value) of `value` holding an unfit character, in document order. */
export function unfitTextIn(value: unknown, field = ''): UnfitText | undefined {
  if (typeof value === 'string') {
    const found = unfitCharacter.exec(value);
    return found ? { field, codePoint: found[0].codePointAt(0)! } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [name, member] of Object.entries(value)) {
    const path = field === '' ? name : `${field}.${name}`;
    const found = unfitTextIn(name, path) ?? unfitTextIn(member, path);
    if (found) return found;
  }
  return undefined;
}

/**
 * The 400 for a JSON body whose text holds an unfit character, naming the field; undefined when none does.
 * `json` is the text the value was parsed from: a body without the escapes such characters need is not walked.
 */
export function unfitTextRefusal(json: string, value: unknown): DomainError | undefined {
  if (!unfitEscape.test(json)) return undefined;
  const found = unfitTextIn(value);
  if (!found) return undefined;
  const field = found.field || 'body';
  const character = `U+${found.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const message =
    `${field} must be text without control characters (tab, line feed and carriage return aside) or unpaired ` +
    `surrogates; it holds ${character}`;
  return fieldsRefusal('VALIDATION_FAILED', '', [{ field, rule: 'text', message }], false);
}

/** The 400 for bytes that are not UTF-8, which a JSON body must be (RFC 8259); decoding would replace them. */
export function notUtf8Refusal(bytes: Uint8Array): DomainError | undefined {
  if (isUtf8(bytes)) return undefined;
  const message = 'The body is not valid UTF-8: send the text encoded as UTF-8';
  return new DomainError('MALFORMED_REQUEST', message, { rule: 'utf8' });
}
