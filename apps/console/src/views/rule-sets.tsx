import { answer, type Api } from '../api/client';
import type { RuleSetList } from '../api/views';
import { afterOfLocation } from '../navigation';
import { ErrorNote, Loading, useLoad } from '../ui';

/** Every published rule set in publication order, with the days each governs and why it was published. */
export function RuleSetsPage({ api }: { readonly api: Api }) {
  const after = afterOfLocation();
  const loaded = useLoad(
    () => answer<RuleSetList>(api.GET('/rule-sets', { params: { query: after ? { after } : {} } })),
    after ?? '',
  );
  const list = loaded.data;
  return (
    <>
      <h1>Rule sets</h1>
      <Loading loading={loaded.loading} />
      <ErrorNote message={loaded.error} />
      {list && (
        <table>
          <caption>{`Published rule sets (in force on ${list.on}: ${list.versionInForce ?? 'none'})`}</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Effective from</th>
              <th scope="col">Governs</th>
              <th scope="col">Published</th>
              <th scope="col">Rationale</th>
            </tr>
          </thead>
          <tbody>
            {list.ruleSets.map((ruleSet) => (
              <tr key={ruleSet.position}>
                <td>
                  {ruleSet.version}
                  {ruleSet.version === list.versionInForce ? ' (in force)' : ''}
                </td>
                <td>{ruleSet.effectiveFrom}</td>
                <td>
                  {ruleSet.governs
                    ? `${ruleSet.governs.from} to ${ruleSet.governs.through ?? 'now'}`
                    : 'replaced before it took effect'}
                </td>
                <td>
                  {`${ruleSet.publishedAt} by ${ruleSet.publishedBy}`}
                  {ruleSet.retroactive ? ' (retroactive)' : ''}
                </td>
                <td>{ruleSet.rationale}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
