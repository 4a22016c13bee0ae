import { useState } from 'preact/hooks';
import { answer, type Api } from '../api/client';
import type { PeriodClosePreview, PeriodList, PreviewedEvaluation } from '../api/views';
import { afterOfLocation, navigate } from '../navigation';
import { closeBlockedReason, closeGroups, closeSummary, figureShown } from '../period-close';
import { hrefOf } from '../router';
import { ErrorNote, Loading, useAction, useLoad } from '../ui';

function FigureCell({ evaluation, name }: { readonly evaluation: PreviewedEvaluation; readonly name: string }) {
  const { text, exact } = figureShown(evaluation, name);
  return (
    <td class="amount" title={exact === undefined ? undefined : `exactly ${exact}`}>
      {text}
    </td>
  );
}

function EvaluationsTable({
  change,
  partners,
}: {
  readonly change: string;
  readonly partners: readonly PreviewedEvaluation[];
}) {
  return (
    <table>
      <caption>{`${change} (${partners.length})`}</caption>
      <thead>
        <tr>
          <th scope="col">Partner</th>
          <th scope="col">Tier before → after</th>
          <th scope="col">Qualified for</th>
          <th scope="col" class="amount">
            Attributed revenue
          </th>
          <th scope="col" class="amount">
            Won
          </th>
          <th scope="col" class="amount">
            Win rate
          </th>
          <th scope="col">Effective from</th>
        </tr>
      </thead>
      <tbody>
        {partners.map((evaluation) => (
          <tr key={evaluation.partnerId}>
            <td>{evaluation.partnerId}</td>
            <td>{`${evaluation.previousTier} → ${evaluation.tier}`}</td>
            <td>{evaluation.qualifiedTier}</td>
            <FigureCell evaluation={evaluation} name="attributedRevenue" />
            <FigureCell evaluation={evaluation} name="wonDeals" />
            <FigureCell evaluation={evaluation} name="winRate" />
            <td>{evaluation.effectiveFrom}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Preview({ preview }: { readonly preview: PeriodClosePreview }) {
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading">{`Preview: closing ${preview.period}`}</h2>
      <p id="close-summary">{closeSummary(preview)}</p>
      {closeGroups(preview).map((group) =>
        // Partners the close leaves where they are are the long list: folded until asked for.
        group.change === 'unchanged' ? (
          <details key={group.change}>
            <summary>{`Unchanged: ${group.partners.length} partners`}</summary>
            <EvaluationsTable change={group.change} partners={group.partners} />
          </details>
        ) : (
          <EvaluationsTable key={group.change} change={group.change} partners={group.partners} />
        ),
      )}
    </section>
  );
}

function CloseForm({ api, nextToClose }: { readonly api: Api; readonly nextToClose: string }) {
  const [period, setPeriod] = useState(nextToClose);
  const [preview, setPreview] = useState<PeriodClosePreview>();
  const [confirmed, setConfirmed] = useState(false);
  const [error, act] = useAction();
  const path = { period };
  const runPreview = () =>
    act(async () => {
      setConfirmed(false);
      const query = { dryRun: 'true' as const };
      setPreview(await answer<PeriodClosePreview>(api.POST('/periods/{period}/close', { params: { path, query } })));
    });
  const close = () =>
    act(async () => {
      const closed = await answer<{ position: string }>(api.POST('/periods/{period}/close', { params: { path } }));
      navigate(hrefOf({ page: 'periods' }, closed.position));
    });
  const blocked = closeBlockedReason(preview, period, confirmed);
  return (
    <section aria-labelledby="close-heading">
      <h2 id="close-heading">Close a quarter</h2>
      <div class="inline">
        <label>
          Quarter <input value={period} onInput={(event) => setPeriod(event.currentTarget.value)} />
        </label>
        <button type="button" onClick={() => void runPreview()}>
          Preview the close
        </button>
      </div>
      <ErrorNote message={error} />
      {preview && preview.period === period && <Preview preview={preview} />}
      <div class="inline">
        <label>
          <input
            type="checkbox"
            checked={confirmed}
            disabled={!preview || preview.period !== period}
            aria-describedby="close-summary"
            onChange={(event) => setConfirmed(event.currentTarget.checked)}
          />{' '}
          I have read the preview: close this quarter for good
        </label>
        <button
          type="button"
          disabled={blocked !== undefined}
          aria-describedby="close-reason"
          onClick={() => void close()}
        >
          {`Close ${period}`}
        </button>
        <span id="close-reason" class="reason">
          {blocked ?? ''}
        </span>
      </div>
    </section>
  );
}

/** Finance closes quarters: the closed ones, then the next with a dry run first and an explicit confirmation. */
export function PeriodsPage({ api }: { readonly api: Api }) {
  const after = afterOfLocation();
  const loaded = useLoad(
    () => answer<PeriodList>(api.GET('/periods', { params: { query: after ? { after } : {} } })),
    after ?? '',
  );
  const periods = loaded.data;
  return (
    <>
      <h1>Periods</h1>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {periods && (
        <>
          <p>{`Closed through ${periods.closedThrough ?? '—'}; frozen through ${periods.frozenThrough ?? '—'}.`}</p>
          <table>
            <caption>Closed quarters</caption>
            <thead>
              <tr>
                <th scope="col">Quarter</th>
                <th scope="col">Closed on</th>
                <th scope="col">By</th>
                <th scope="col" class="amount">
                  Position
                </th>
              </tr>
            </thead>
            <tbody>
              {periods.closed.map((close) => (
                <tr key={close.period}>
                  <td>{close.period}</td>
                  <td>{close.closedAt}</td>
                  <td>{close.closedBy}</td>
                  <td class="amount">{close.position}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {periods.nextToClose ? (
            <CloseForm key={periods.nextToClose} api={api} nextToClose={periods.nextToClose} />
          ) : (
            <p>No quarter can be closed yet: no rule set is published.</p>
          )}
        </>
      )}
    </>
  );
}
