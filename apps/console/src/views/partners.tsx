import { answer, type Api } from '../api/client';
import type { PartnerView, TierView } from '../api/views';
import { afterOfLocation, navigate } from '../navigation';
import { hrefOf, type Route } from '../router';
import { ErrorNote, fieldOf, Link, Loading, useLoad } from '../ui';
import { FilterOptions } from './filter-options';
import { PageNav, useCursorPages } from './page-nav';
import { PartnerBusiness } from './partner-business';
import { tierTimeline } from '../tier-timeline';

type PartnersRoute = Extract<Route, { page: 'partners' }>;
const pageSize = 50;

function Filters({ route }: { readonly route: PartnersRoute }) {
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const field = (name: string) => fieldOf(event, name).trim();
    const filters = { q: field('q'), status: field('status'), kind: field('kind'), region: field('region') };
    navigate(hrefOf({ page: 'partners', ...filters, tier: field('tier') }));
  };
  return (
    <form class="inline" aria-label="Filter partners" onSubmit={apply}>
      <label>
        Search <input name="q" type="search" defaultValue={route.q} placeholder="name or id" />
      </label>
      <label>
        Status{' '}
        <select name="status">
          <FilterOptions values={['active', 'suspended', 'offboarded']} chosen={route.status} />
        </select>
      </label>
      <label>
        Kind{' '}
        <select name="kind">
          <FilterOptions values={['reseller', 'referral', 'technology']} chosen={route.kind} />
        </select>
      </label>
      <label>
        Region <input name="region" defaultValue={route.region} placeholder="EMEA" />
      </label>
      <label>
        Tier today <input name="tier" defaultValue={route.tier} placeholder="gold" />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

/** Partners with filters, a page of 50 at a time over the API's cursors. */
export function PartnersPage({ api, route }: { readonly api: Api; readonly route: PartnersRoute }) {
  const pages = useCursorPages();
  const query = {
    limit: pageSize,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
    ...(route.status ? { status: route.status as PartnerView['status'] } : {}),
    ...(route.kind ? { kind: route.kind as PartnerView['kind'] } : {}),
    ...(route.region ? { region: route.region } : {}),
    ...(route.q ? { q: route.q } : {}),
    ...(route.tier ? { tier: route.tier } : {}),
  };
  const loaded = useLoad(
    () => answer<{ partners: PartnerView[]; next: string | null }>(api.GET('/partners', { params: { query } })),
    JSON.stringify(query),
  );
  const partners = loaded.data?.partners ?? [];
  const shownBefore = pages.pagesBefore * pageSize;
  return (
    <>
      <h1>Partners</h1>
      <Filters route={route} />
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      <table>
        <caption>{`Partners ${shownBefore + 1} to ${shownBefore + partners.length}`}</caption>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Region</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {partners.map((partner) => (
            <tr key={partner.partnerId}>
              <td>
                <Link href={hrefOf({ page: 'partner', partnerId: partner.partnerId })}>{partner.partnerId}</Link>
              </td>
              <td>{partner.name}</td>
              <td>{partner.kind}</td>
              <td>{partner.region}</td>
              <td>{partner.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PageNav pages={pages} next={loaded.data?.next} />
    </>
  );
}

/** Every tier evaluation at a period close, oldest first, as a timeline with the figures that decided it. */
function TierHistory({ tier }: { readonly tier: TierView }) {
  return (
    <section aria-labelledby="tier-history-heading">
      <h2 id="tier-history-heading">Tier history</h2>
      <ol class="timeline" aria-label="Tier evaluations at each period close">
        {tierTimeline(tier.history).map((entry) => (
          <li key={entry.evaluationId} class={`tier-${entry.change}`}>
            <h3>{`${entry.period}: ${entry.heading}`}</h3>
            <dl>
              {entry.figures.map(([term, value]) => (
                <div key={term}>
                  <dt>{term}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One partner: who it is, the tier it is paid at, and every tier evaluation with the figures that decided it. */
export function PartnerPage({ api, partnerId }: { readonly api: Api; readonly partnerId: string }) {
  const after = afterOfLocation();
  const params = { path: { id: partnerId }, query: after ? { after } : {} };
  const loaded = useLoad(
    async () => {
      const [partner, tier] = await Promise.all([
        // GET /partners/{id} takes no `after` (the document says so); nothing here writes to a partner yet.
        answer<PartnerView>(api.GET('/partners/{id}', { params: { path: params.path } })),
        answer<TierView>(api.GET('/partners/{id}/tier', { params })),
      ]);
      return { partner, tier };
    },
    `${partnerId}|${after ?? ''}`,
  );
  const partner = loaded.data?.partner;
  const tier = loaded.data?.tier;
  return (
    <>
      <h1>{partner ? `${partner.name} (${partnerId})` : `Partner ${partnerId}`}</h1>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {partner && tier && (
        <>
          <dl class="facts">
            {[
              ['Kind, region', `${partner.kind}, ${partner.region}`],
              ['Status', partner.status],
              ['Enrolled', partner.enrolledAt],
              ['Tier paid', tier.tier ? `${tier.tier.name} (${tier.tier.basis})` : '—'],
              ['Tier earned', tier.earnedTier?.name ?? '—'],
            ].map(([term, value]) => (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <TierHistory tier={tier} />
          <PartnerBusiness api={api} partnerId={partnerId} history={tier.history} />
        </>
      )}
    </>
  );
}
