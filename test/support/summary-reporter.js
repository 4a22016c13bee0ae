import { existsSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Prints one plain closing line, "N passed, N failed, N skipped", that any CI can read. It is written
// when the process exits, so it comes after jest's own summary (whose "Tests:" line has no failed
// count when nothing failed), and synchronously, so a forced exit cannot drop it. Before it, the
// contract figures: what the test files appended to the tally file named here (test/support/contract.ts).
export default class SummaryReporter {
  tallyFile = join(tmpdir(), `ledger-contract-tally-${process.pid}-${Date.now()}.ndjson`);

  onRunStart() {
    // Set before the workers start, so they inherit it.
    process.env.LEDGER_CONTRACT_TALLY = this.tallyFile;
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const lines = [`Summary: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`];
    const contracts = this.contractLine();
    if (contracts) lines.unshift(contracts);
    process.once('exit', () => writeSync(2, `\n${lines.join('\n')}\n`));
  }

  contractLine() {
    if (!existsSync(this.tallyFile)) return undefined;
    const total = { requests: 0, responses: 0, messages: 0, violations: 0 };
    for (const line of readFileSync(this.tallyFile, 'utf8').split('\n').filter(Boolean)) {
      const figures = JSON.parse(line);
      for (const key of Object.keys(total)) total[key] += figures[key] ?? 0;
    }
    rmSync(this.tallyFile, { force: true });
    return (
      `Contracts: ${total.requests} HTTP requests and ${total.responses} responses checked against the OpenAPI ` +
      `document, ${total.messages} Kafka messages against docs/asyncapi.yaml, ${total.violations} violations`
    );
  }
}
