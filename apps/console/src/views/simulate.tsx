import { useMemo, useState } from 'preact/hooks';
import { answer, type Api } from '../api/client';
import type { RuleSetView, SimulationReport } from '../api/views';
import { signed } from '../money';
import { candidateOf, partnerDeltas, periodDeltas, sortRows, type DeltaSortKey } from '../simulation';
import { ErrorNote, messageOf } from '../ui';
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
      <RowsTable report={report} />
    </section>
  );
}

/** Ops replays the history with a candidate rule set (nothing is written) and sees who gains and who loses. */
export function SimulatePage({ api }: { readonly api: Api }) {
  const [candidate, setCandidate] = useState('');
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<SimulationReport>();
  const run = async (work: () => Promise<void>) => {
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(messageOf(failure));
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
      setReport(
        await answer<SimulationReport>(
          api.POST('/rule-sets/simulate', {
            // The document declares the body only as an object; the server validates the candidate.
            body: body as Record<string, never>,
            params: { query: {} },
          }),
        ),
      );
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
          onInput={(event) => setCandidate(event.currentTarget.value)}
        />
        <div class="inline">
          <button type="button" onClick={() => void loadInForce()}>
            Start from the rule set in force
          </button>
          <button type="submit">Simulate</button>
        </div>
      </form>
      <ErrorNote message={error} />
      {report && <Report report={report} />}
    </>
  );
}
