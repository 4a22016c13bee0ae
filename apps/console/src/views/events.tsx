import { answer, type Api } from '../api/client';
import type { EventLogPage } from '../api/views';
import { navigate } from '../navigation';
import { hrefOf, type Route } from '../router';
import { ErrorNote, fieldOf, Loading, useLoad } from '../ui';
import { PageNav, useCursorPages } from './page-nav';
import { ColumnHeads } from './column-heads';

type EventsRoute = Extract<Route, { page: 'events' }>;

/** The raw log for auditors, 50 events a page: all of it or one stream, from a position on. */
export function EventsPage({ api, route }: { readonly api: Api; readonly route: EventsRoute }) {
  const pages = useCursorPages();
  const query = {
    limit: 50,
    ...(route.stream ? { stream: route.stream } : {}),
    // The API's `after` on this list is a filter (events after a position), not a wait.
    ...(route.from ? { after: route.from } : {}),
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  };
  const loaded = useLoad(() => answer<EventLogPage>(api.GET('/events', { params: { query } })), JSON.stringify(query));
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    navigate(hrefOf({ page: 'events', stream: fieldOf(event, 'stream'), from: fieldOf(event, 'from') }));
  };
  return (
    <>
      <h1>Event log</h1>
      <form class="inline" aria-label="Filter events" onSubmit={apply}>
        <label>
          Stream <input name="stream" defaultValue={route.stream} placeholder="partner-acme" />
        </label>
        <label>
          After position <input name="from" defaultValue={route.from} inputMode="numeric" />
        </label>
        <button type="submit">Show</button>
      </form>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      <table>
        <caption>Events in log order</caption>
        <ColumnHeads labels={['Position', 'Stream', 'Revision', 'Type', 'Recorded', 'Actor', 'Data']} />
        <tbody>
          {(loaded.data?.events ?? []).map((event) => (
            <tr key={event.position}>
              <td class="amount">{event.position}</td>
              <td>{event.stream}</td>
              <td class="amount">{event.revision}</td>
              <td>{event.type}</td>
              <td>{event.metadata.recordedAt}</td>
              <td>{`${event.metadata.actor} (${event.metadata.actorRole})`}</td>
              <td>
                <code class="event-data">{JSON.stringify(event.data)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <PageNav pages={pages} next={loaded.data?.next} />
    </>
  );
}
