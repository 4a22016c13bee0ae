import { useMemo, useState } from 'preact/hooks';
import { answer, ApiError, type Api, type FieldIssue } from '../api/client';
import type { RuleSetView, SimulationReport } from '../api/views';
import { signed } from '../money';
import { navigate } from '../navigation';
import { hrefOf } from '../router';
import { candidateIssues } from '../rule-set-check';
import { candidateOf, partnerDeltas, periodDeltas, sortRows, tierDeltas, type DeltaSortKey } from '../simulation';
import { fieldOf, messageOf } from '../ui';
import { DeltaChart } from './delta-chart';

function RowsTable({ report }: { readonly report: SimulationReport }) {
  const [sort, setSort] = useState<{ key: DeltaSortKey; descending: boolean }>({
    key: 'commissionDelta',
    descending: true,
  });
  const rows = useMemo(() => sortRows(report.rows, sort.key, sort.descending), [report, sort]);
  const header = (key: DeltaSortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : false })}>
        {label}
      </button>
    </th>
  );
  return (
    <table>
      <caption>Per partner and period</caption>
      <thead>
        <tr>
          {header('partnerId', 'Partner')}
          {header('period', 'Period')}
          <th scope="col" class="amount">
            Before
          </th>
          <th scope="col" class="amount">
            After
          </th>
          {header('commissionDelta', 'Delta')}
          <th scope="col">Tier before → after</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.partnerId}|${row.period}`}>
            <td>{row.partnerId}</td>
            <td>{row.period}</td>
            <td class="amount">{row.commissionBefore}</td>
            <td class="amount">{row.commissionAfter}</td>
            <td class="amount">{signed(row.commissionDelta)}</td>
            <td>{`${row.tierBefore ?? '—'} → ${row.tierAfter ?? '—'}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Report({ report }: { readonly report: SimulationReport }) {
  const partners = useMemo(() => partnerDeltas(report.rows), [report]);
  const periods = useMemo(
    () => periodDeltas(report.rows).map((item) => ({ label: item.period, value: item.delta })),
    [report],
  );
  const tiers = useMemo(
    () => tierDeltas(report.rows).map((item) => ({ label: item.tier, value: item.delta })),
    [report],
  );
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{`Candidate ${report.candidate.version} from ${report.candidate.effectiveFrom}`}</h2>
      <p>
        {`Commission ${report.totals.commissionBefore} → ${report.totals.commissionAfter} ${report.totals.currency} ` +
          `(${signed(report.totals.commissionDelta)}), MDF accrual ${signed(report.totals.mdfAccrualDelta)}; ` +
          `${report.eventsReplayed} events replayed up to position ${report.headPosition}.`}
      </p>
      <table>
        <caption>Per partner (partners whose commission changes)</caption>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col" class="amount">
              Delta
            </th>
          </tr>
        </thead>
        <tbody>
          {partners.map((item) => (
            <tr key={`${item.partnerId}|${item.currency}`}>
              <td>{item.partnerId}</td>
              <td class="amount">{`${signed(item.delta)} ${item.currency}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <DeltaChart bars={periods} title="Change of commission by period" />
      <DeltaChart bars={tiers} title="Change of commission by tier (after)" />
      <RowsTable report={report} />
    </section>
  );
}

/** The API's refusal as it words it, and each problem it names at its path in the candidate. */
function Refusal({ error }: { readonly error: ApiError | Error | undefined }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div class="error" role="alert">
      <p>{error.message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((issue) => (
            <li key={`${issue.field}|${issue.message}`}>
              <code>{issue.field || '(document)'}</code>
              {`: ${issue.message}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The candidate's problems as it is typed (the domain's check, run in the browser), each at its path. */
function TypedIssues({ issues }: { readonly issues: readonly FieldIssue[] }) {
  return (
    <div id="candidate-issues" aria-live="polite">
      {issues.length === 0 ? (
        <p>No problem found as typed.</p>
      ) : (
        <ul class="reason">
          {issues.map((issue) => (
            <li key={`${issue.field}|${issue.message}`}>
              <code>{issue.field || '(document)'}</code>
              {`: ${issue.message}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PublishForm({ api, candidate }: { readonly api: Api; readonly candidate: string }) {
  const [error, setError] = useState<Error>();
  const publish = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const body: Record<string, unknown> = {
        ...(JSON.parse(candidate) as object),
        rationale: fieldOf(event, 'rationale'),
      };
      const published = await answer<{ position: string }>(
        api.POST('/rule-sets', { body: body as Record<string, never> }),
      );
      navigate(hrefOf({ page: 'rule-sets' }, published.position));
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(messageOf(failure)));
    }
  };
  return (
    <form aria-labelledby="publish-heading" onSubmit={(event) => void publish(event)}>
      <h2 id="publish-heading">Publish</h2>
      <label for="rationale">Rationale (why the rules change)</label>
      <textarea id="rationale" name="rationale" rows={2} required />
      <div class="inline">
        <button type="submit">Publish the candidate</button>
      </div>
      <Refusal error={error} />
    </form>
  );
}

/** Ops edits a candidate rule set (checked as typed), replays the history with it (nothing is written), publishes. */
export function SimulatePage({ api }: { readonly api: Api }) {
  const [candidate, setCandidate] = useState('');
  const [error, setError] = useState<Error>();
  const [report, setReport] = useState<SimulationReport>();
  const issues = useMemo(() => (candidate ? candidateIssues(candidate, 'simulate') : []), [candidate]);
  const run = async (work: () => Promise<void>) => {
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(messageOf(failure)));
    }
  };
  const loadInForce = () =>
    run(async () => {
      const list = await answer<{ versionInForce: string | null }>(api.GET('/rule-sets', { params: { query: {} } }));
      if (!list.versionInForce) throw new Error('No rule set is in force yet');
      const version = list.versionInForce;
      const view = await answer<RuleSetView>(api.GET('/rule-sets/{version}', { params: { path: { version } } }));
      setCandidate(JSON.stringify(candidateOf(view), null, 2));
    });
  const simulate = (event: SubmitEvent) => {
    event.preventDefault();
    void run(async () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(candidate) as Record<string, unknown>;
      } catch (failure) {
        throw new Error(`The candidate is not JSON: ${messageOf(failure)}`);
      }
      // The document declares the body only as an object; the server validates the candidate.
      const answered = api.POST('/rule-sets/simulate', { body: body as Record<string, never>, params: { query: {} } });
      setReport(await answer<SimulationReport>(answered));
    });
  };
  return (
    <>
      <h1>Simulate a rule set</h1>
      <form onSubmit={simulate}>
        <label for="candidate">Candidate rule set (JSON)</label>
        <textarea
          id="candidate"
          rows={16}
          value={candidate}
          aria-invalid={issues.length > 0}
          aria-describedby="candidate-issues"
          onInput={(event) => setCandidate(event.currentTarget.value)}
        />
        {candidate && <TypedIssues issues={issues} />}
        <div class="inline">
          <button type="button" onClick={() => void loadInForce()}>
            Start from the rule set in force
          </button>
          <button type="submit">Simulate</button>
        </div>
      </form>
      <Refusal error={error} />
      {report && <Report report={report} />}
      {candidate && <PublishForm api={api} candidate={candidate} />}
    </>
  );
}
