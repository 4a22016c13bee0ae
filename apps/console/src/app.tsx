import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi, type Api } from './api/client';
import { hrefOf, parseRoute, type Route } from './router';
import { type Session } from './session';
import { SignedOut, useSession } from './sign-in';
import { Link } from './ui';
import { StatementsPage } from './views/statements';
import { StatementPage } from './views/statement';
import { LinePage } from './views/line';
import { ProjectionsPage } from './views/projections';
import { SimulatePage } from './views/simulate';
import { PartnerPage, PartnersPage } from './views/partners';

/** What each role finds in the navigation (the API still decides what each may read and do). */
function menuOf(role: string): Array<{ label: string; route: Route }> {
  const statements = { page: 'statements', period: '', status: '' } as const;
  const menus: Record<string, Array<{ label: string; route: Route }>> = {
    finance: [{ label: 'Statements', route: statements }],
    auditor: [
      { label: 'Statements', route: statements },
      { label: 'Projections', route: { page: 'projections' } },
    ],
    partner: [{ label: 'My statements', route: statements }],
    partner_manager: [{ label: 'Partners', route: { page: 'partners', status: '', kind: '', region: '' } }],
    ops: [
      { label: 'Projections', route: { page: 'projections' } },
      { label: 'Simulate a rule set', route: { page: 'simulate' } },
    ],
  };
  return menus[role] ?? [];
}

function Page({ route, api, session }: { readonly route: Route; readonly api: Api; readonly session: Session }) {
  switch (route.page) {
    case 'home':
    case 'statements':
      if (route.page === 'home' && session.role === 'ops') return <ProjectionsPage api={api} />;
      if (route.page === 'home' && session.role === 'partner_manager')
        return <PartnersPage api={api} route={{ page: 'partners', status: '', kind: '', region: '' }} />;
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
    case 'projections':
      return <ProjectionsPage api={api} />;
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
          {menuOf(session.role).map((item) => (
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
