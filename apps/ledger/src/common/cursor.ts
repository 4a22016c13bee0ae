import { createHash } from 'node:crypto';
import { DomainError } from '#domain';
import type { Page, PageKey } from '#read-models';

/**
 * The list a cursor belongs to: the route and the filters of the request (undefined ones left out). A cursor is
 * checked against it, so that one of another list, or of the same list under other filters, is refused rather than
 * taken as a position in this one (which would skip rows silently).
 */
export function listOf(route: string, filters: Readonly<Record<string, unknown>> = {}): string {
  const defined = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : 1));
  return JSON.stringify([route, defined]);
}

/** What ties a cursor's key to its list: 72 bits of SHA-256, enough that a cursor edited by mistake never passes. */
function checkOf(list: string, payload: string): string {
  return createHash('sha256').update(list).update('\n').update(payload).digest('base64url').slice(0, 12);
}

/**
 * The opaque `next` cursor of a list: the sort key of the last row of a page, as base64url JSON, and its check.
 * Clients pass it back unchanged as `?cursor=`; its content is not part of the API and may change.
 */
export function encodeCursor(key: PageKey, list: string): string {
  const payload = JSON.stringify(key);
  return `${Buffer.from(payload, 'utf8').toString('base64url')}.${checkOf(list, payload)}`;
}

function invalidCursor(): DomainError {
  const message = 'cursor must be the `next` value of an earlier page of the same list, unchanged';
  return new DomainError('VALIDATION_FAILED', message, { fields: [{ field: 'cursor', rule: 'cursor', message }] });
}

/**
 * The sort key a cursor carries; a cursor of another list or of other filters (its check differs), an edited one,
 * or one whose key the list's `valid` refuses is refused.
 */
export function decodeCursor(
  cursor: string | undefined,
  list: string,
  keyLength: number,
  valid: (key: PageKey) => boolean = () => true,
): PageKey | undefined {
  if (cursor === undefined) return undefined;
  const [encoded, check, ...rest] = cursor.split('.');
  const payload = Buffer.from(encoded ?? '', 'base64url').toString('utf8');
  if (rest.length > 0 || check !== checkOf(list, payload)) throw invalidCursor();
  let key: unknown;
  try {
    key = JSON.parse(payload);
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
export function withNext<Answer extends { readonly nextKey: PageKey | null }>(
  { nextKey, ...answer }: Answer,
  list: string,
): Omit<Answer, 'nextKey'> & { next: string | null } {
  return { ...answer, next: nextKey === null ? null : encodeCursor(nextKey, list) };
}

/** A list answer: the items under the list's name and the cursor of the next page (null on the last). */
export function listAnswer<Name extends string, T>(
  name: Name,
  page: Page<T>,
  list: string,
): Record<Name, T[]> & { next: string | null } {
  return withNext({ [name]: page.items, nextKey: page.nextKey }, list) as Record<Name, T[]> & { next: string | null };
}
