import { answer, type Api } from '../api/client';
import type { CommissionLineView } from '../api/views';
import { afterOfLocation } from '../navigation';
import { ErrorNote, Loading, useLoad } from '../ui';

/** A commission line: where it comes from and its calculation step by step, as the engine explains it. */
export function LinePage({ api, lineId }: { readonly api: Api; readonly lineId: string }) {
  const after = afterOfLocation();
  const loaded = useLoad(
    () =>
      answer<CommissionLineView>(
        api.GET('/commission-lines/{lineId}', { params: { path: { lineId }, query: after ? { after } : {} } }),
      ),
    `${lineId}|${after ?? ''}`,
  );
  const line = loaded.data;
  return (
    <>
      <h1>Commission line {lineId}</h1>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {line && (
        <>
          <dl class="facts">
            <div>
              <dt>Amount</dt>
              <dd>{`${line.amount} ${line.currency}`}</dd>
            </div>
            <div>
              <dt>Partner, deal</dt>
              <dd>{`${line.partnerId}, ${line.dealId}`}</dd>
            </div>
            <div>
              <dt>Source</dt>
              <dd>{`${line.source.type} at position ${line.source.position} (${line.source.stream})`}</dd>
            </div>
            <div>
              <dt>Rule set, tier</dt>
              <dd>{`${line.ruleSet.version}, ${line.tier.name} (${line.tier.basis})`}</dd>
            </div>
            <div>
              <dt>Business date, vests on</dt>
              <dd>{`${line.businessDate}, ${line.vestsOn}`}</dd>
            </div>
          </dl>
          <h2>Explanation</h2>
          <ol class="explanation">
            {line.explanation.map((step, index) => (
              <li key={index}>{step}</li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
