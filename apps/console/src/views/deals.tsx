import { answer, type Api } from '../api/client';
import type { DealView } from '../api/views';
import { dealLifecycle, dealNetWon } from '../deals';
import { afterOfLocation, navigate } from '../navigation';
import { hrefOf, type Route } from '../router';
import type { Session } from '../session';
import { ErrorNote, fieldOf, Link, Loading, useLoad } from '../ui';
import { ColumnHeads } from './column-heads';
import { FilterOptions } from './filter-options';
import { PageNav, useCursorPages } from './page-nav';

type DealsRoute = Extract<Route, { page: 'deals' }>;
type ListedDeal = Omit<DealView, 'protectionOverride'> & Partial<Pick<DealView, 'protectionOverride'>>;
const statuses = ['open', 'won', 'lost', 'churned'] as const;

function DealFilters({ route, staff }: { readonly route: DealsRoute; readonly staff: boolean }) {
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const field = (name: string) => fieldOf(event, name).trim();
    navigate(
      hrefOf({
        page: 'deals',
        q: field('q'),
        partnerId: field('partnerId'),
        status: field('status'),
        period: field('period'),
      }),
    );
  };
  return (
    <form class="inline" aria-label="Filter deals" onSubmit={apply}>
      <label>
        Customer <input name="q" type="search" defaultValue={route.q} placeholder="name or domain" />
      </label>
      {staff && (
        <label>
          Partner id <input name="partnerId" defaultValue={route.partnerId} />
        </label>
      )}
      <label>
        Deal status{' '}
        <select name="status">
          <FilterOptions values={statuses} chosen={route.status} />
        </select>
      </label>
      <label>
        Opened or won in <input name="period" defaultValue={route.period} placeholder="2025-Q3" />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

/** A deal's life as an ordered list: registration, opening, win or loss, refunds, churn. */
export function Lifecycle({ deal }: { readonly deal: ListedDeal }) {
  return (
    <ol class="lifecycle" aria-label={`Lifecycle of deal ${deal.dealId}`}>
      {dealLifecycle(deal).map((step) => (
        <li key={step.step}>
          {step.step}
          {step.at ? ` ${step.at.slice(0, 10)}` : ''}
        </li>
      ))}
    </ol>
  );
}

function DealRow({ deal }: { readonly deal: ListedDeal }) {
  return (
    <tr>
      <td>{deal.dealId}</td>
      <td>{`${deal.customer.name} (${deal.customer.domain})`}</td>
      <td>
        {deal.partners.map((partner) => (
          <div key={partner.partnerId}>
            <Link href={hrefOf({ page: 'partner', partnerId: partner.partnerId })}>{partner.partnerId}</Link>
            {` ${partner.role}, ${partner.share}: ${partner.revenueAttributed} ${deal.programCurrency}`}
          </div>
        ))}
      </td>
      <td>{deal.status}</td>
      <td>
        <Lifecycle deal={deal} />
        {deal.protectionOverride ? <p class="reason">{`Override: ${deal.protectionOverride.reason}`}</p> : null}
      </td>
      <td class="amount">{`${dealNetWon(deal)} ${deal.currency}`}</td>
    </tr>
  );
}

/** Deals with their lifecycle, oldest opening first, 50 a page; a partner user's are the deals it is on. */
export function DealsPage(props: { readonly api: Api; readonly session: Session; readonly route: DealsRoute }) {
  const { route } = props;
  const pages = useCursorPages();
  const after = afterOfLocation();
  const query = {
    limit: 50,
    ...(route.q ? { q: route.q } : {}),
    ...(route.partnerId ? { partnerId: route.partnerId } : {}),
    ...(route.status ? { status: route.status as DealView['status'] } : {}),
    ...(route.period ? { period: route.period } : {}),
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
    ...(after ? { after } : {}),
  };
  const loaded = useLoad(
    () => answer<{ deals: ListedDeal[]; next: string | null }>(props.api.GET('/deals', { params: { query } })),
    JSON.stringify(query),
  );
  const deals = loaded.data?.deals ?? [];
  return (
    <>
      <h1>{props.session.role === 'partner' ? 'My deals' : 'Deals'}</h1>
      <DealFilters route={route} staff={props.session.role !== 'partner'} />
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      <table>
        <caption>{`Deals with their lifecycle, oldest first (${deals.length} shown)`}</caption>
        <ColumnHeads
          labels={['Deal', 'Customer', 'Partners, attributed', 'Status', 'Lifecycle', 'Won less refunds']}
          amounts={['Won less refunds']}
        />
        <tbody>
          {deals.map((deal) => (
            <DealRow key={deal.dealId} deal={deal} />
          ))}
        </tbody>
      </table>
      <PageNav pages={pages} next={loaded.data?.next} />
    </>
  );
}
