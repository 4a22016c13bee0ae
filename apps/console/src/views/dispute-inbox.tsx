import { useState } from 'preact/hooks';
import { answer, type Api } from '../api/client';
import type { StatementView } from '../api/views';
import { afterOfLocation, navigate } from '../navigation';
import { hrefOf } from '../router';
import { openDisputesOf } from '../statements';
import { ErrorNote, Link, Loading, useLoad } from '../ui';
import { ResolveForm } from './disputes';
import { PageNav, useCursorPages } from './page-nav';

/** Finance's inbox: every open dispute across statements, resolved here (upheld, or adjusted on the next one). */
export function DisputeInboxPage({ api }: { readonly api: Api }) {
  const pages = useCursorPages();
  const after = afterOfLocation();
  const [resolved, setResolved] = useState<{ statementId: string; position: string }>();
  const query = {
    status: 'disputed' as const,
    limit: 100,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
    ...(after ? { after } : {}),
  };
  const loaded = useLoad(
    () => answer<{ statements: StatementView[]; next: string | null }>(api.GET('/statements', { params: { query } })),
    JSON.stringify(query),
  );
  const open = openDisputesOf(loaded.data?.statements ?? []);
  const onResolved = (statementId: string, written: { readonly position: string }) => {
    setResolved({ statementId, position: written.position });
    navigate(hrefOf({ page: 'disputes' }, written.position));
  };
  return (
    <>
      <h1>Dispute inbox</h1>
      {resolved && (
        <p role="status">
          {`Resolved at position ${resolved.position}. `}
          <Link href={hrefOf({ page: 'statement', statementId: resolved.statementId }, resolved.position)}>
            {`See statement ${resolved.statementId}`}
          </Link>
          {' (an adjustment lands on the partner’s next statement, which the dispute then names).'}
        </p>
      )}
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {loaded.data && open.length === 0 && <p>No dispute is open.</p>}
      <ul class="disputes">
        {open.map(({ statement, dispute }) => (
          <li key={`${statement.statementId}|${dispute.lineId}|${dispute.disputeNumber}`}>
            <p>
              <Link href={hrefOf({ page: 'statement', statementId: statement.statementId })}>
                {statement.statementId}
              </Link>
              {`, line ${dispute.lineId} (${statement.partnerId}), disputed ${dispute.disputedAt}` +
                `${dispute.disputedBy === undefined ? '' : ` by ${dispute.disputedBy}`}: “${dispute.reason}”`}
            </p>
            <ResolveForm api={api} statement={statement} dispute={dispute} onResolved={onResolved} />
          </li>
        ))}
      </ul>
      <PageNav pages={pages} next={loaded.data?.next} />
    </>
  );
}
