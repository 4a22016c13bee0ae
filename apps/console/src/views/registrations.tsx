import { FilterOptions } from './filter-options';
import { answer, type Api } from '../api/client';
import type { CommandAnswer, RegistrationView } from '../api/views';
import { afterOfLocation, navigate } from '../navigation';
import { hrefOf, type Route } from '../router';
import type { Session } from '../session';
import { ErrorNote, fieldOf, Loading, useAction, useLoad } from '../ui';
import { PageNav, useCursorPages } from './page-nav';
import { ColumnHeads } from './column-heads';

type RegistrationsRoute = Extract<Route, { page: 'registrations' }>;
const statuses = ['submitted', 'approved', 'rejected', 'expired'] as const;

/** After a command the queue reads again at the position it answered, with the same filter. */
const reloadQueue = (route: RegistrationsRoute, written: CommandAnswer) => navigate(hrefOf(route, written.position));

function Decide(props: { readonly api: Api; readonly route: RegistrationsRoute; readonly id: string }) {
  const [error, act] = useAction();
  const path = { id: props.id };
  const approve = () =>
    act(async () =>
      reloadQueue(props.route, await answer(props.api.POST('/registrations/{id}/approve', { params: { path } }))),
    );
  const reject = (event: SubmitEvent) => {
    event.preventDefault();
    const body = { reason: fieldOf(event, 'reason') };
    void act(async () =>
      reloadQueue(props.route, await answer(props.api.POST('/registrations/{id}/reject', { params: { path }, body }))),
    );
  };
  return (
    <div>
      <form class="inline" aria-label={`Decide registration ${props.id}`} onSubmit={reject}>
        <button type="button" onClick={() => void approve()}>
          Approve
        </button>
        <label>
          Reason <input name="reason" required />
        </label>
        <button type="submit">Reject</button>
      </form>
      <ErrorNote message={error} />
    </div>
  );
}

function SubmitForm({
  api,
  session,
  route,
}: {
  readonly api: Api;
  readonly session: Session;
  readonly route: RegistrationsRoute;
}) {
  const [error, act] = useAction();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const field = (name: string) => fieldOf(event, name);
    const body = {
      registrationId: field('registrationId'),
      partnerId: session.partnerId ?? field('partnerId'),
      customer: { name: field('customerName'), domain: field('customerDomain') },
      productFamily: field('productFamily'),
      estimatedValue: field('estimatedValue'),
      expectedCloseDate: field('expectedCloseDate'),
    };
    void act(async () => reloadQueue(route, await answer(api.POST('/registrations', { body }))));
  };
  const inputs: Array<[string, string, string?]> = [
    ['registrationId', 'Registration id'],
    ...(session.partnerId ? [] : [['partnerId', 'Partner id'] as [string, string]]),
    ['customerName', 'Customer name'],
    ['customerDomain', 'Customer domain', 'globex.com'],
    ['productFamily', 'Product family', 'platform'],
    ['estimatedValue', 'Estimated value', '50000.00'],
    ['expectedCloseDate', 'Expected close date', 'YYYY-MM-DD'],
  ];
  return (
    <form aria-labelledby="submit-heading" onSubmit={submit}>
      <h2 id="submit-heading">Submit a registration</h2>
      <div class="inline">
        {inputs.map(([name, label, placeholder]) => (
          <label key={name}>
            {label} <input name={name} required placeholder={placeholder} />
          </label>
        ))}
        <button type="submit">Submit</button>
      </div>
      <ErrorNote message={error} />
    </form>
  );
}

function RegistrationsTable(props: {
  readonly api: Api;
  readonly route: RegistrationsRoute;
  readonly registrations: readonly RegistrationView[];
  readonly decides: boolean;
}) {
  return (
    <table>
      <caption>Registrations, oldest first</caption>
      <ColumnHeads
        labels={['Registration', 'Partner', 'Customer', 'Estimated value', 'Expected close', 'Status', 'Decision']}
        amounts={['Estimated value']}
      />
      <tbody>
        {props.registrations.map((registration) => (
          <tr key={registration.registrationId}>
            <td>{registration.registrationId}</td>
            <td>{registration.partnerId}</td>
            <td>{`${registration.customer.name} (${registration.customer.domain})`}</td>
            <td class="amount">{`${registration.estimatedValue} ${registration.currency}`}</td>
            <td>{registration.expectedCloseDate}</td>
            <td>
              {registration.status}
              {registration.protectedUntil ? `, protected until ${registration.protectedUntil}` : ''}
              {registration.rejectionReason ? `: ${registration.rejectionReason}` : ''}
            </td>
            <td>
              {props.decides && registration.status === 'submitted' ? (
                <Decide api={props.api} route={props.route} id={registration.registrationId} />
              ) : (
                (registration.decidedAt ?? '—')
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Deal registrations: a partner manager's queue (approve, reject); a partner's own, and submitting one. */
export function RegistrationsPage(props: {
  readonly api: Api;
  readonly session: Session;
  readonly route: RegistrationsRoute;
}) {
  const pages = useCursorPages();
  const after = afterOfLocation();
  const { route } = props;
  const query = {
    limit: 50,
    ...(route.status ? { status: route.status as RegistrationView['status'] } : {}),
    ...(route.partnerId ? { partnerId: route.partnerId } : {}),
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
    ...(after ? { after } : {}),
  };
  const loaded = useLoad(
    () =>
      answer<{ registrations: RegistrationView[]; next: string | null }>(
        props.api.GET('/registrations', { params: { query } }),
      ),
    JSON.stringify(query),
  );
  const filter = (event: SubmitEvent) => {
    event.preventDefault();
    navigate(
      hrefOf({ page: 'registrations', status: fieldOf(event, 'status'), partnerId: fieldOf(event, 'partnerId') }),
    );
  };
  return (
    <>
      <h1>{props.session.role === 'partner' ? 'My registrations' : 'Registrations'}</h1>
      <form class="inline" aria-label="Filter registrations" onSubmit={filter}>
        <label>
          Status{' '}
          <select name="status">
            <FilterOptions values={statuses} chosen={route.status} />
          </select>
        </label>
        {props.session.role !== 'partner' && (
          <label>
            Partner id <input name="partnerId" defaultValue={route.partnerId} />
          </label>
        )}
        <button type="submit">Show</button>
      </form>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {loaded.data && (
        <RegistrationsTable
          api={props.api}
          route={route}
          registrations={loaded.data.registrations}
          decides={props.session.role === 'partner_manager'}
        />
      )}
      <PageNav pages={pages} next={loaded.data?.next} />
      <SubmitForm api={props.api} session={props.session} route={route} />
    </>
  );
}
