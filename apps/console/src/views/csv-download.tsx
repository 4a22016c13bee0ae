import { answer, type Api } from '../api/client';
import { csvFileName, type StatementStatus } from '../statements';
import { ErrorNote, useAction } from '../ui';

/** Hands text to the browser as a downloaded file (the API answers it only with the bearer token, not to a link). */
function saveAs(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Downloads the filtered statements as the API's CSV: one row per statement line with its provenance. */
export function StatementsCsv({
  api,
  period,
  status,
}: {
  readonly api: Api;
  readonly period: string;
  readonly status: string;
}) {
  const [error, act] = useAction();
  const download = () =>
    act(async () => {
      const query = {
        format: 'csv' as const,
        limit: 1000,
        ...(period ? { period } : {}),
        ...(status ? { status: status as StatementStatus } : {}),
      };
      const text = await answer<string>(api.GET('/statements', { params: { query }, parseAs: 'text' }));
      saveAs(text, csvFileName({ period, status }));
    });
  return (
    <div class="inline">
      <button type="button" onClick={() => void download()}>
        Download CSV (one row per line)
      </button>
      <ErrorNote message={error} />
    </div>
  );
}
