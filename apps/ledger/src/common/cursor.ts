import { DomainError } from '#domain';
import type { Page, PageKey } from '#read-models';

/**
 * The opaque `next` cursor of a list: the sort key of the last row of a page, as base64url JSON. Clients
 * pass it back unchanged as `?cursor=`; its content is not part of the API and may change.
 */
export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function invalidCursor(): DomainError {
  const message = 'cursor must be the `next` value of an earlier page of the same list, unchanged';
  return new DomainError('VALIDATION_FAILED', message, { fields: [{ field: 'cursor', rule: 'cursor', message }] });
}

/**
 * The sort key a cursor carries; a cursor of another list (another key length, or a key the list's `valid` refuses)
 * or an edited one is refused.
 */
export function decodeCursor(
  cursor: string | undefined,
  keyLength: number,
  valid: (key: PageKey) => boolean = () => true,
): PageKey | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const wellFormed =
    Array.isArray(key) &&
    key.length === keyLength &&
    key.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isSafeInteger(part)));
  if (!wellFormed || !valid(key as PageKey)) throw invalidCursor();
  return key as PageKey;
}

/** An answer that pages: its own fields, and the cursor of the next page (null on the last) in place of its key. */
export function withNext<Answer extends { readonly nextKey: PageKey | null }>({
  nextKey,
  ...answer
}: Answer): Omit<Answer, 'nextKey'> & { next: string | null } {
  return { ...answer, next: nextKey === null ? null : encodeCursor(nextKey) };
}

/** A list answer: the items under the list's name and the cursor of the next page (null on the last). */
export function listAnswer<Name extends string, T>(
  name: Name,
  page: Page<T>,
): Record<Name, T[]> & { next: string | null } {
  return withNext({ [name]: page.items, nextKey: page.nextKey }) as Record<Name, T[]> & { next: string | null };
}
