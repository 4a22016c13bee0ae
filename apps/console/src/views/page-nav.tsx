import { useState } from 'preact/hooks';
import { cursorOf, firstPageTrail, followNext, goBack, pagesBefore, type CursorTrail } from '../paging';

export interface CursorPages {
  /** The cursor to send as `?cursor=`, undefined on the first page. */
  readonly cursor: string | undefined;
  readonly pagesBefore: number;
  readonly trail: CursorTrail;
  readonly setTrail: (trail: CursorTrail) => void;
}

/** The pages of one list with its filters (a change of filters is another page of the app, which starts over). */
export function useCursorPages(): CursorPages {
  const [trail, setTrail] = useState<CursorTrail>(firstPageTrail);
  return { cursor: cursorOf(trail), pagesBefore: pagesBefore(trail), trail, setTrail };
}

/** Previous and next page; `next` is the shown page's cursor to the following one (null on the last page). */
export function PageNav({ pages, next }: { readonly pages: CursorPages; readonly next: string | null | undefined }) {
  return (
    <nav aria-label="Pages" class="inline">
      <button type="button" disabled={pages.pagesBefore === 0} onClick={() => pages.setTrail(goBack(pages.trail))}>
        Previous page
      </button>
      <button type="button" disabled={!next} onClick={() => next && pages.setTrail(followNext(pages.trail, next))}>
        Next page
      </button>
    </nav>
  );
}
