import { FilterOptions } from './filter-options';
import { useState } from 'preact/hooks';
import { answer, type Api } from '../api/client';
import type { AnyStatementView, CommandAnswer } from '../api/views';
import { afterOfLocation, navigate } from '../navigation';
import { hrefOf, type Route } from '../router';
import type { Session } from '../session';
import { statementStatuses, statementTotals, statusOf, type StatementStatus } from '../statements';
import { ErrorNote, fieldOf, Link, Loading, messageOf, useLoad } from '../ui';
import { StatementsCsv } from './csv-download';
import { PageNav, useCursorPages } from './page-nav';

type StatementsRoute = Extract<Route, { page: 'statements' }>;
const pageSize = 100;

function IssueForm({ api }: { readonly api: Api }) {
  const [error, setError] = useState<string>();
  const issue = async (event: SubmitEvent) => {
    event.preventDefault();
    const body = { partnerId: fieldOf(event, 'partnerId'), period: fieldOf(event, 'period') };
    try {
      const issued = await answer<CommandAnswer>(api.POST('/statements', { body }));
      navigate(hrefOf({ page: 'statement', statementId: issued.statementId! }, issued.position));
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <form class="inline" aria-labelledby="issue-heading" onSubmit={(event) => void issue(event)}>
      <h2 id="issue-heading">Issue a statement</h2>
      <label>
        Partner id <input name="partnerId" required />
      </label>
      <label>
        Period <input name="period" placeholder="2026-Q1" required />
      </label>
      <button type="submit">Issue</button>
      <ErrorNote message={error} />
    </form>
  );
}

function Filters({ route }: { readonly route: StatementsRoute }) {
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    navigate(hrefOf({ page: 'statements', period: fieldOf(event, 'period'), status: fieldOf(event, 'status') }));
  };
  return (
    <form class="inline" aria-label="Filter statements" onSubmit={apply}>
      <label>
        Period <input name="period" defaultValue={route.period} placeholder="2026-Q1" />
      </label>
      <label>
        Status{' '}
        <select name="status">
          <FilterOptions values={statementStatuses} chosen={route.status} />
        </select>
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

function StatementsTable({ statements }: { readonly statements: readonly AnyStatementView[] }) {
  return (
    <table>
      <caption>Statements</caption>
      <thead>
        <tr>
          <th scope="col">Statement</th>
          <th scope="col">Partner</th>
          <th scope="col">Period</th>
          <th scope="col">Status</th>
          <th scope="col" class="amount">
            Total
          </th>
          <th scope="col" class="amount">
            Payable
          </th>
        </tr>
      </thead>
      <tbody>
        {statements.map((statement) => (
          <tr key={statement.statementId}>
            <td>
              <Link href={hrefOf({ page: 'statement', statementId: statement.statementId })}>
                {statement.statementId}
              </Link>
            </td>
            <td>{statement.partnerId}</td>
            <td>{statement.period}</td>
            <td>{statusOf(statement)}</td>
            <td class="amount">{`${statement.total} ${statement.currency}`}</td>
            <td class="amount">{`${statement.payable} ${statement.currency}`}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {statementTotals(statements).map((total) => (
          <tr key={total.currency}>
            <th scope="row" colSpan={4}>
              {`Added by the ${statements.length} shown, without what each carried in (${total.currency})`}
            </th>
            <td class="amount">{total.total}</td>
            <td class="amount">{total.payable}</td>
          </tr>
        ))}
      </tfoot>
    </table>
  );
}

/** Statements by period and status with totals; finance also issues. A partner user sees its own only. */
export function StatementsPage(props: {
  readonly api: Api;
  readonly session: Session;
  readonly route?: StatementsRoute;
}) {
  const route = props.route ?? { page: 'statements', period: '', status: '' };
  const pages = useCursorPages();
  const after = afterOfLocation();
  const query = {
    limit: pageSize,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
    ...(route.period ? { period: route.period } : {}),
    ...(route.status ? { status: route.status as StatementStatus } : {}),
    ...(after ? { after } : {}),
  };
  const loaded = useLoad(
    () =>
      answer<{ statements: AnyStatementView[]; next: string | null }>(
        props.api.GET('/statements', { params: { query } }),
      ),
    JSON.stringify(query),
  );
  return (
    <>
      <h1>{props.session.role === 'partner' ? 'My statements' : 'Statements'}</h1>
      <Filters route={route} />
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {loaded.data && <StatementsTable statements={loaded.data.statements} />}
      <PageNav pages={pages} next={loaded.data?.next} />
      <StatementsCsv api={props.api} period={route.period} status={route.status} />
      {props.session.role === 'finance' && <IssueForm api={props.api} />}
    </>
  );
}
