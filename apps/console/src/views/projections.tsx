import { answer, type Api } from '../api/client';
import type { ProjectionsStatus } from '../api/views';
import { ErrorNote, Loading, useLoad } from '../ui';

/** Each projection's position, lag and state against the head of the log. */
export function ProjectionsPage({ api }: { readonly api: Api }) {
  const loaded = useLoad(() => answer<ProjectionsStatus>(api.GET('/admin/projections')), 'projections');
  const status = loaded.data;
  return (
    <>
      <h1>Projections</h1>
      <button type="button" onClick={loaded.reload}>
        Refresh
      </button>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {status && (
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
                  {projection.failure ? `: ${projection.failure.message}` : ''}
                  {projection.progress ? ` (${projection.progress.done} of ${projection.progress.total})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
