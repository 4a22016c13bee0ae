/**
 * The cursors of the pages read so far, the shown page last. The API pages forward only (an opaque `next`
 * per page), so going back is returning to a cursor already used: the first page has none.
 */
export type CursorTrail = readonly (string | undefined)[];

export const firstPageTrail: CursorTrail = [undefined];

/** The cursor of the shown page, undefined on the first page. */
export function cursorOf(trail: CursorTrail): string | undefined {
  return trail[trail.length - 1];
}

/** How many pages come before the shown one. */
export function pagesBefore(trail: CursorTrail): number {
  return trail.length - 1;
}

/** The trail once the reader follows the shown page's `next`. */
export function followNext(trail: CursorTrail, next: string): CursorTrail {
  return [...trail, next];
}

/** The trail once the reader goes back a page; the first page stays the first. */
export function goBack(trail: CursorTrail): CursorTrail {
  return trail.length > 1 ? trail.slice(0, -1) : trail;
}
