import { writeSync } from 'node:fs';

// Prints one plain closing line, "N passed, N failed, N skipped", that any CI can read. It is written
// when the process exits, so it comes after jest's own summary (whose "Tests:" line has no failed
// count when nothing failed), and synchronously, so a forced exit cannot drop it.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `Summary: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
    process.once('exit', () => writeSync(2, `\n${line}\n`));
  }
}
