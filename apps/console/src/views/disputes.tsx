import { useState } from 'preact/hooks';
import { answer } from '../api/client';
import { reloadAt } from '../navigation';
import { ErrorNote, fieldOf, useAction } from '../ui';
import type { ActionProps } from './action-props';

export type DisputeView = ActionProps['statement']['disputes'][number];

/** Where a resolution goes once the API accepted it: by default the statement, read back at its position. */
type OnResolved = (statementId: string, written: { readonly position: string }) => void;

export function ResolveForm({
  api,
  statement,
  dispute,
  onResolved = reloadAt,
}: Omit<ActionProps, 'session'> & { readonly dispute: DisputeView; readonly onResolved?: OnResolved }) {
  const [error, act] = useAction();
  const [outcome, setOutcome] = useState<'upheld' | 'adjusted'>('adjusted');
  const id = statement.statementId;
  const lineId = dispute.lineId;
  const resolve = (event: SubmitEvent) => {
    event.preventDefault();
    const note = fieldOf(event, 'note');
    const body = {
      outcome,
      ...(outcome === 'adjusted' ? { adjustment: fieldOf(event, 'adjustment') } : {}),
      ...(note ? { note } : {}),
    };
    const path = { id, lineId };
    void act(async () =>
      onResolved(id, await answer(api.POST('/statements/{id}/lines/{lineId}/resolve', { params: { path }, body }))),
    );
  };
  return (
    <form class="inline" onSubmit={resolve} aria-label={`Resolve the dispute of line ${lineId}`}>
      <label>
        Outcome{' '}
        <select
          name="outcome"
          value={outcome}
          onChange={(event) => setOutcome(event.currentTarget.value as 'upheld' | 'adjusted')}
        >
          <option value="adjusted">adjusted (on the next statement)</option>
          <option value="upheld">upheld (the line stands)</option>
        </select>
      </label>
      {outcome === 'adjusted' && (
        <label>
          Adjustment <input name="adjustment" placeholder="-120.50" required />
        </label>
      )}
      <label>
        Note <input name="note" />
      </label>
      <button type="submit">Resolve</button>
      <ErrorNote message={error} />
    </form>
  );
}

function resolution(dispute: DisputeView): string {
  if (dispute.status === 'open') return 'open';
  const where = dispute.adjustmentLine
    ? `, on statement ${dispute.adjustmentLine.statementId}`
    : dispute.outcome === 'adjusted'
      ? ', on the next statement'
      : '';
  return `${dispute.outcome ?? 'resolved'}${dispute.adjustment ? ` ${dispute.adjustment}` : ''}${where}`;
}

/** The disputes of a statement and, for finance, resolving the open ones (an adjustment lands on the next one). */
export function Disputes({ api, session, statement }: ActionProps) {
  if (statement.disputes.length === 0) return null;
  return (
    <section aria-labelledby="disputes-heading">
      <h2 id="disputes-heading">Disputes</h2>
      <ul class="disputes">
        {statement.disputes.map((dispute) => (
          <li key={`${dispute.lineId}|${dispute.disputeNumber}`}>
            <p>
              {`Line ${dispute.lineId}, disputed ${dispute.disputedAt}: “${dispute.reason}” — ${resolution(dispute)}`}
              {dispute.note ? ` (${dispute.note})` : ''}
            </p>
            {session.role === 'finance' && dispute.status === 'open' && (
              <ResolveForm api={api} statement={statement} dispute={dispute} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
