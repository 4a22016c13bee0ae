import { answer, type Api } from '../api/client';
import type { BalanceView } from '../api/views';
import { afterOfLocation, navigate } from '../navigation';
import { hrefOf, type Route } from '../router';
import type { Session } from '../session';
import { ErrorNote, fieldOf, Loading, useLoad } from '../ui';

type BalancesRoute = Extract<Route, { page: 'balances' }>;

/** The figures of a balance in the order money moves: earned, vesting, taken back, then statements. */
const figures = [
  ['earned', 'Earned'],
  ['accrued', 'Accrued (not vested)'],
  ['vested', 'Vested'],
  ['forfeited', 'Forfeited'],
  ['clawedBack', 'Clawed back'],
  ['adjustments', 'Dispute adjustments'],
  ['issued', 'On statements'],
  ['paid', 'Paid (commission lines)'],
  ['disputed', 'Under dispute'],
  ['payable', 'Commission payable'],
  ['carriedForward', 'Carried from the last statement'],
  ['mdfClaimsApproved', 'Approved MDF claims'],
  ['payableNext', 'Next statement'],
] as const;

function BalanceTable({ balance }: { readonly balance: BalanceView }) {
  return (
    <table>
      <caption>{`Balances of ${balance.partnerId} as of ${balance.asOf}`}</caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          {balance.balances.map((entry) => (
            <th scope="col" class="amount" key={entry.currency}>
              {entry.currency}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {figures.map(([key, label]) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            {balance.balances.map((entry) => (
              <td class="amount" key={entry.currency}>
                {entry[key]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What "Paid" counts, said where a partner reads it beside the statements' amounts. */
function BalanceScope() {
  return (
    <p>
      Paid counts the commission lines of paid statements; the statements also paid MDF claims and netted what was
      carried forward. Next statement is what a statement issued on this date would total if its period ended today;
      lines vesting after a period's end wait for the statement after it.
    </p>
  );
}

/** A partner's commission balances as of a chosen business date (a partner user reads its own). */
export function BalancesPage(props: { readonly api: Api; readonly session: Session; readonly route: BalancesRoute }) {
  const partnerId = props.session.partnerId ?? props.route.partnerId;
  const { asOf } = props.route;
  const after = afterOfLocation();
  const query = { ...(asOf ? { asOf } : {}), ...(after ? { after } : {}) };
  const loaded = useLoad(
    async () =>
      partnerId
        ? answer<BalanceView>(props.api.GET('/partners/{id}/balance', { params: { path: { id: partnerId }, query } }))
        : undefined,
    `${partnerId}|${asOf}|${after ?? ''}`,
  );
  const show = (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = props.session.partnerId ?? fieldOf(event, 'partnerId');
    navigate(hrefOf({ page: 'balances', partnerId: chosen, asOf: fieldOf(event, 'asOf') }));
  };
  return (
    <>
      <h1>Balances</h1>
      <form class="inline" aria-label="Choose the balances" onSubmit={show}>
        {!props.session.partnerId && (
          <label>
            Partner id <input name="partnerId" defaultValue={partnerId} required />
          </label>
        )}
        <label>
          As of <input name="asOf" type="date" defaultValue={asOf} />
        </label>
        <button type="submit">Show</button>
      </form>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {loaded.data && <BalanceTable balance={loaded.data} />}
      {loaded.data && <BalanceScope />}
    </>
  );
}
