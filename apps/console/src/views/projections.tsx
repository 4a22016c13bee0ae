import { useEffect } from 'preact/hooks';
import { answer, type Api } from '../api/client';
import type { ProjectionsStatus } from '../api/views';
import { isBusy, percentDone, progressText } from '../projections';
import type { Session } from '../session';
import { ErrorNote, Loading, useAction, useLoad } from '../ui';
import { LastVerify } from './last-verify';

const pollMs = 1000;

function ProjectionsTable({ status }: { readonly status: ProjectionsStatus }) {
  return (
    <table>
      <caption>{`Head of the log: position ${status.headPosition}`}</caption>
      <thead>
        <tr>
          <th scope="col">Projection</th>
          <th scope="col">Version</th>
          <th scope="col" class="amount">
            Position
          </th>
          <th scope="col" class="amount">
            Lag
          </th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {status.projections.map((projection) => (
          <tr key={projection.name}>
            <td>{projection.name}</td>
            <td>{projection.version}</td>
            <td class="amount">{projection.position}</td>
            <td class="amount">{projection.lag}</td>
            <td>
              {projection.state}
              {projection.failure ? `: ${projection.failure.error} (at ${projection.failure.position})` : ''}
              {projection.recompute ? ` (${projection.recompute.reason})` : ''}
              {projection.progress && (
                <>
                  {' '}
                  <progress
                    max={100}
                    value={percentDone(projection.progress)}
                    aria-label={`${projection.name}: ${progressText(projection.progress)}`}
                  />
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each projection's position, lag and state against the head of the log, read again every second while busy. */
export function ProjectionsPage({ api, session }: { readonly api: Api; readonly session: Session }) {
  const loaded = useLoad(() => answer<ProjectionsStatus>(api.GET('/admin/projections')), 'projections');
  const [error, act] = useAction();
  const status = loaded.data;
  const busy = status ? isBusy(status) : false;
  useEffect(() => {
    if (!busy || loaded.loading) return;
    const timer = setTimeout(loaded.reload, pollMs);
    return () => clearTimeout(timer);
  }, [busy, loaded.loading, status]);
  const rebuild = () =>
    act(async () => {
      await answer(api.POST('/admin/projections/rebuild', { body: {} }));
      loaded.reload();
    });
  return (
    <>
      <h1>Projections</h1>
      <div class="inline">
        <button type="button" onClick={loaded.reload}>
          Refresh
        </button>
        {session.role === 'ops' && (
          <button type="button" disabled={status?.rebuild?.state === 'building'} onClick={() => void rebuild()}>
            Rebuild all projections
          </button>
        )}
      </div>
      <ErrorNote message={error} />
      <Loading loading={loaded.loading && !status} />
      <ErrorNote message={loaded.error} />
      {status?.rebuild && (
        <p role="status">
          {progressText(status.rebuild)}{' '}
          <progress max={100} value={percentDone(status.rebuild)} aria-label="Rebuild progress" />
        </p>
      )}
      {status && <ProjectionsTable status={status} />}
      <LastVerify api={api} />
    </>
  );
}
