import { answer, type Api } from '../api/client';
import type { MdfFundView, Pipeline, Scorecard } from '../api/views';
import { scorecardFigures, scorecardQuarters } from '../scorecards';
import { ErrorNote, Loading, useLoad } from '../ui';
import { DeltaChart } from './delta-chart';
import { ColumnHeads } from './column-heads';

interface BusinessProps {
  readonly api: Api;
  readonly partnerId: string;
  readonly history: ReadonlyArray<{ readonly period: string }>;
}

/** The scorecard of each evaluated quarter as a table of figures, and attributed revenue as a chart. */
function Scorecards({ cards }: { readonly cards: readonly Scorecard[] }) {
  return (
    <section aria-labelledby="scorecard-heading">
      <h2 id="scorecard-heading">Scorecard by quarter</h2>
      <table>
        <caption>Scorecard figures by quarter</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {cards.map((card) => (
              <th scope="col" class="amount" key={card.period}>
                {card.period}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scorecardFigures.map((figure) => (
            <tr key={figure.label}>
              <th scope="row">{figure.label}</th>
              {cards.map((card) => (
                <td class="amount" key={card.period}>
                  {figure.of(card)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <DeltaChart
        bars={cards.map((card) => ({ label: card.period, value: card.revenueAttributed }))}
        title="Attributed revenue by quarter"
      />
    </section>
  );
}

/** `Open deals (12)`, or `Open deals (the first 100 of 4,857)` when the page holds only some of them. */
function shownOf(name: string, shown: number, total: number): string {
  return shown === total ? `${name} (${total})` : `${name} (the first ${shown} of ${total.toLocaleString('en')})`;
}

function PipelineTables({ pipeline }: { readonly pipeline: Pipeline }) {
  return (
    <section aria-labelledby="pipeline-heading">
      <h2 id="pipeline-heading">Pipeline</h2>
      <table>
        <caption>{shownOf('Open deals', pipeline.deals.length, pipeline.totals.deals)}</caption>
        <ColumnHeads
          labels={['Deal', 'Customer', 'Stage', 'Role and share', 'Estimated value', 'Opened']}
          amounts={['Estimated value']}
        />
        <tbody>
          {pipeline.deals.map((deal) => (
            <tr key={deal.dealId}>
              <td>{deal.dealId}</td>
              <td>{deal.customer.name}</td>
              <td>{deal.stage ?? '—'}</td>
              <td>{`${deal.role}, ${deal.share}`}</td>
              <td class="amount">
                {deal.estimatedValue ? `${deal.estimatedValue} ${deal.estimatedCurrency ?? ''}` : '—'}
              </td>
              <td>{deal.openedAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{`Registrations not yet a deal: ${pipeline.totals.registrations}.`}</p>
    </section>
  );
}

function MdfFund({ fund }: { readonly fund: MdfFundView }) {
  const figures = Object.entries(fund.figures).filter(([, value]) => typeof value === 'string');
  return (
    <section aria-labelledby="mdf-heading">
      <h2 id="mdf-heading">MDF fund</h2>
      <dl class="facts">
        {figures.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
      <table>
        <caption>{`Campaigns on the fund (${fund.campaigns.length})`}</caption>
        <ColumnHeads
          labels={['Campaign', 'Committed', 'Released', 'Milestones released', 'Claimed', 'Paid']}
          amounts={['Committed', 'Released', 'Claimed', 'Paid']}
        />
        <tbody>
          {fund.campaigns.map((campaign) => (
            <tr key={campaign.campaignId}>
              <td>{campaign.campaignId}</td>
              <td class="amount">{campaign.committed}</td>
              <td class="amount">{campaign.released}</td>
              <td>{campaign.releasedMilestones.join(', ') || '—'}</td>
              <td class="amount">{campaign.claimed}</td>
              <td class="amount">{campaign.paid}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A partner's business: scorecards of the evaluated quarters, the open pipeline and the MDF fund. */
export function PartnerBusiness({ api, partnerId, history }: BusinessProps) {
  const quarters = scorecardQuarters(history);
  const path = { id: partnerId };
  const loaded = useLoad(async () => {
    const [cards, pipeline, fund] = await Promise.all([
      Promise.all(
        quarters.map((period) =>
          answer<Scorecard>(api.GET('/partners/{id}/scorecard', { params: { path, query: { period } } })),
        ),
      ),
      answer<Pipeline>(api.GET('/partners/{id}/pipeline', { params: { path } })),
      answer<MdfFundView>(api.GET('/partners/{id}/mdf', { params: { path } })),
    ]);
    return { cards, pipeline, fund };
  }, `${partnerId}|${quarters.join()}`);
  return (
    <>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {loaded.data && (
        <>
          <Scorecards cards={loaded.data.cards} />
          <PipelineTables pipeline={loaded.data.pipeline} />
          <MdfFund fund={loaded.data.fund} />
        </>
      )}
    </>
  );
}
