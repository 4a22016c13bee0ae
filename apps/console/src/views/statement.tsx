import { answer, type Api } from '../api/client';
import type { AnyStatementView } from '../api/views';
import type { ActionProps } from './action-props';
import { afterOfLocation, reloadAt } from '../navigation';
import { hrefOf } from '../router';
import type { Session } from '../session';
import { approveBlockedReason, payBlockedReason, statusOf } from '../statements';
import { ErrorNote, fieldOf, Link, Loading, useAction, useLoad } from '../ui';
import { Disputes } from './disputes';
import { shortLineLabel, sumOfLines } from '../statement-lines';

function FinanceActions({ api, session, statement }: ActionProps) {
  const [error, act] = useAction();
  const id = statement.statementId;
  const approveBlocked = approveBlockedReason(statement, session);
  const payBlocked = payBlockedReason(statement, session);
  const approve = () =>
    act(async () => reloadAt(id, await answer(api.POST('/statements/{id}/approve', { params: { path: { id } } }))));
  const pay = (event: SubmitEvent) => {
    event.preventDefault();
    const paymentReference = fieldOf(event, 'paymentReference');
    void act(async () =>
      reloadAt(
        id,
        await answer(api.POST('/statements/{id}/pay', { params: { path: { id } }, body: { paymentReference } })),
      ),
    );
  };
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      <div class="inline">
        <button
          type="button"
          disabled={approveBlocked !== undefined}
          aria-describedby="approve-reason"
          onClick={() => void approve()}
        >
          Approve
        </button>
        <span id="approve-reason" class="reason">
          {approveBlocked ?? ''}
        </span>
      </div>
      <form class="inline" onSubmit={pay} aria-label="Record the payment">
        <label>
          Payment reference <input name="paymentReference" required disabled={payBlocked !== undefined} />
        </label>
        <button type="submit" disabled={payBlocked !== undefined} aria-describedby="pay-reason">
          Pay
        </button>
        <span id="pay-reason" class="reason">
          {payBlocked ?? ''}
        </span>
      </form>
      <ErrorNote message={error} />
    </section>
  );
}

function DisputeForm({ api, statement, lineId }: Omit<ActionProps, 'session'> & { readonly lineId: string }) {
  const [error, act] = useAction();
  const id = statement.statementId;
  const dispute = (event: SubmitEvent) => {
    event.preventDefault();
    const reason = fieldOf(event, 'reason');
    void act(async () =>
      reloadAt(
        id,
        await answer(
          api.POST('/statements/{id}/lines/{lineId}/dispute', { params: { path: { id, lineId } }, body: { reason } }),
        ),
      ),
    );
  };
  return (
    <form class="inline" onSubmit={dispute} aria-label={`Dispute line ${lineId}`}>
      <label>
        Reason <input name="reason" required />
      </label>
      <button type="submit">Dispute</button>
      <ErrorNote message={error} />
    </form>
  );
}

function LinesTable({ api, session, statement }: ActionProps) {
  const disputed = new Set(statement.disputes.filter((item) => item.status === 'open').map((item) => item.lineId));
  // Approved or paid too, as the API allows: a line found wrong after payment is corrected on the next statement.
  const canDispute = session.role === 'partner';
  return (
    <table>
      <caption>Lines</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Kind</th>
          <th scope="col">Description</th>
          <th scope="col" class="amount">
            Amount
          </th>
          {canDispute && <th scope="col">Dispute</th>}
        </tr>
      </thead>
      <tbody>
        {statement.lines.map((line) => (
          <tr key={line.lineId}>
            <td>
              {line.kind === 'commission' || line.kind === 'clawback' ? (
                <Link href={hrefOf({ page: 'line', lineId: line.commission.lineId })} title={line.lineId}>
                  {shortLineLabel(line.lineId)}
                </Link>
              ) : (
                <span title={line.lineId}>{shortLineLabel(line.lineId)}</span>
              )}
            </td>
            <td>{line.kind}</td>
            <td>{line.description}</td>
            <td class="amount">{line.amount}</td>
            {canDispute && (
              <td>
                {disputed.has(line.lineId) ? (
                  'disputed'
                ) : (
                  <DisputeForm api={api} statement={statement} lineId={line.lineId} />
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            {`Sum of ${statement.lines.length} lines`}
          </th>
          <td class="amount">{`${sumOfLines(statement.lines)} ${statement.currency}`}</td>
          {canDispute && <td />}
        </tr>
      </tfoot>
    </table>
  );
}

function Summary({ statement }: { readonly statement: AnyStatementView }) {
  const facts: Array<[string, string]> = [
    ['Partner', statement.partnerId],
    ['Period', statement.period],
    ['Status', statusOf(statement)],
    ['Total', `${statement.total} ${statement.currency}`],
    ['Payable', `${statement.payable} ${statement.currency}`],
    ['Issued', `${statement.issuedAt}${'issuedBy' in statement ? ` by ${statement.issuedBy}` : ''}`],
    ['Open disputes', String(statement.openDisputes)],
  ];
  if (statement.approval) facts.push(['Approved', statement.approval.approvedAt]);
  if (statement.payment) facts.push(['Paid', `${statement.payment.paidAt} (${statement.payment.paymentReference})`]);
  return (
    <dl class="facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One statement: figures, lines (each commission line opens its explanation), and what the role may do. */
export function StatementPage(props: { readonly api: Api; readonly session: Session; readonly statementId: string }) {
  const after = afterOfLocation();
  const id = props.statementId;
  const loaded = useLoad(
    () =>
      answer<AnyStatementView>(
        props.api.GET('/statements/{id}', { params: { path: { id }, query: after ? { after } : {} } }),
      ),
    `${id}|${after ?? ''}`,
  );
  const statement = loaded.data;
  return (
    <>
      <h1>Statement {id}</h1>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {statement && (
        <>
          <Summary statement={statement} />
          {props.session.role === 'finance' && (
            <FinanceActions api={props.api} session={props.session} statement={statement} />
          )}
          <LinesTable api={props.api} session={props.session} statement={statement} />
          <Disputes api={props.api} session={props.session} statement={statement} />
        </>
      )}
    </>
  );
}
