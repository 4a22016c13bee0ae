import { answer, type Api } from '../api/client';
import type { LastVerifyView } from '../api/views';
import { ErrorNote, useLoad } from '../ui';

/** The newest `ledger verify` on the service's data folder: when it ran, whether it passed, and each check's line. */
export function LastVerify({ api }: { readonly api: Api }) {
  const loaded = useLoad(
    () => answer<{ verification: LastVerifyView | null }>(api.GET('/admin/verification')),
    'last-verify',
  );
  const verification = loaded.data?.verification;
  return (
    <section aria-labelledby="last-verify">
      <h2 id="last-verify">Last verify</h2>
      <ErrorNote message={loaded.error} />
      {loaded.data && !verification && (
        <p>
          <code>ledger verify</code> has not run on this data folder yet.
        </p>
      )}
      {verification && (
        <>
          <p role="status">
            {verification.ok ? 'Passed' : `Failed${verification.failure ?? ''}`}, finished {verification.finishedAt}
          </p>
          <ul>
            {verification.checks.map((check) => (
              <li key={check}>{check}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
