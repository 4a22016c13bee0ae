import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi, type Api } from './api/client';
import { hrefOf, opensPage, pageRoles, parseRoute, type Route } from './router';
import { type Session } from './session';
import { SignedOut, useSession } from './sign-in';
import { Link } from './ui';
import { StatementsPage } from './views/statements';
import { StatementPage } from './views/statement';
import { LinePage } from './views/line';
import { ProjectionsPage } from './views/projections';
import { SimulatePage } from './views/simulate';
import { PartnerPage, PartnersPage } from './views/partners';
import { DisputeInboxPage } from './views/dispute-inbox';
import { BalancesPage } from './views/balances';
import { PeriodsPage } from './views/periods';
import { RegistrationsPage } from './views/registrations';
import { RuleSetsPage } from './views/rule-sets';
import { EventsPage } from './views/events';
import { DealsPage } from './views/deals';
import { CampaignPage, CampaignsPage } from './views/campaigns';

const dealsAll = { page: 'deals', q: '', partnerId: '', status: '', period: '' } as const;
const campaignsAll = { page: 'campaigns', partnerId: '', status: '' } as const;
const partnersAll = { page: 'partners', q: '', status: '', kind: '', region: '', tier: '' } as const;

/** What each role finds in the navigation (the API still decides what each may read and do). */
function menuOf({ role, partnerId }: Session): Array<{ label: string; route: Route }> {
  const statements = { page: 'statements', period: '', status: '' } as const;
  const balances = { page: 'balances', partnerId: '', asOf: '' } as const;
  const registrations = { page: 'registrations', status: '', partnerId: '' } as const;
  const menus: Record<string, Array<{ label: string; route: Route }>> = {
    finance: [
      { label: 'Statements', route: statements },
      { label: 'Dispute inbox', route: { page: 'disputes' } },
      { label: 'Balances', route: balances },
      { label: 'Periods', route: { page: 'periods' } },
    ],
    auditor: [
      { label: 'Statements', route: statements },
      { label: 'Balances', route: balances },
      { label: 'Projections', route: { page: 'projections' } },
      { label: 'Event log', route: { page: 'events', stream: '', from: '' } },
    ],
    partner: [
      { label: 'My statements', route: statements },
      { label: 'My balances', route: balances },
      { label: 'My registrations', route: registrations },
      { label: 'My deals', route: dealsAll },
      { label: 'My campaigns and claims', route: campaignsAll },
      // Its tier, scorecard, pipeline and MDF: the partner page of its own id (any other answers not found).
      ...(partnerId ? [{ label: 'My scorecard', route: { page: 'partner', partnerId } as const }] : []),
    ],
    partner_manager: [
      { label: 'Partners', route: partnersAll },
      { label: 'Registrations', route: { ...registrations, status: 'submitted' } },
      { label: 'Deals', route: dealsAll },
      { label: 'Campaigns', route: campaignsAll },
    ],
    ops: [
      { label: 'Projections', route: { page: 'projections' } },
      { label: 'Rule sets', route: { page: 'rule-sets' } },
      { label: 'Simulate a rule set', route: { page: 'simulate' } },
    ],
  };
  return menus[role] ?? [];
}

function Page({ route, api, session }: { readonly route: Route; readonly api: Api; readonly session: Session }) {
  if (!opensPage(session.role, route.page)) {
    return (
      <>
        <h1>Not for your role</h1>
        <p role="alert">
          This page is for {pageRoles[route.page]!.join(', ')}; you are signed in as {session.role}.
        </p>
      </>
    );
  }
  switch (route.page) {
    case 'home':
    case 'statements':
      if (route.page === 'home' && session.role === 'ops') return <ProjectionsPage api={api} session={session} />;
      if (route.page === 'home' && session.role === 'partner_manager')
        return <PartnersPage api={api} route={partnersAll} />;
      return (
        <StatementsPage
          key={hrefOf(route)}
          api={api}
          session={session}
          route={route.page === 'home' ? undefined : route}
        />
      );
    case 'statement':
      return <StatementPage api={api} session={session} statementId={route.statementId} />;
    case 'line':
      return <LinePage api={api} lineId={route.lineId} />;
    case 'partners':
      // Keyed by the filters: other filters start again at the first page.
      return <PartnersPage key={hrefOf(route)} api={api} route={route} />;
    case 'partner':
      return <PartnerPage api={api} partnerId={route.partnerId} />;
    case 'deals':
      return <DealsPage key={hrefOf(route)} api={api} session={session} route={route} />;
    case 'campaigns':
      return <CampaignsPage key={hrefOf(route)} api={api} session={session} route={route} />;
    case 'campaign':
      return <CampaignPage api={api} session={session} campaignId={route.campaignId} />;
    case 'projections':
      return <ProjectionsPage api={api} session={session} />;
    case 'disputes':
      return <DisputeInboxPage api={api} />;
    case 'balances':
      return <BalancesPage key={hrefOf(route)} api={api} session={session} route={route} />;
    case 'periods':
      return <PeriodsPage api={api} />;
    case 'registrations':
      return <RegistrationsPage key={hrefOf(route)} api={api} session={session} route={route} />;
    case 'rule-sets':
      return <RuleSetsPage api={api} />;
    case 'events':
      return <EventsPage key={hrefOf(route)} api={api} route={route} />;
    case 'simulate':
      return <SimulatePage api={api} />;
    default:
      return (
        <>
          <h1>Not found</h1>
          <p role="alert">There is no page at {route.path}.</p>
        </>
      );
  }
}

export function App() {
  const { session, signIn, signOut } = useSession();
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const onPopState = () => setRoute(parseRoute(location.pathname, location.search));
    addEventListener('popstate', onPopState);
    return () => removeEventListener('popstate', onPopState);
  }, []);
  const api = useMemo(() => (session ? createApi(session.token) : undefined), [session]);
  if (!session || !api) return <SignedOut signIn={signIn} />;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <nav aria-label="Main">
          <strong>Partner Ledger</strong>
          {menuOf(session).map((item) => (
            <Link key={item.label} href={hrefOf(item.route)}>
              {item.label}
            </Link>
          ))}
        </nav>
        <p class="who">
          Signed in as {session.sub} ({session.role}
          {session.partnerId ? `, partner ${session.partnerId}` : ''}){' '}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </p>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} api={api} session={session} />
      </main>
    </>
  );
}
