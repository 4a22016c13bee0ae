/*
 * The Node.js check of the compiled service and CLI, imported first by main.ts and cli.ts so that it runs
 * before any native module loads: better-sqlite3 on an older Node crashes with a segfault instead of an
 * error. scripts/check-node.cjs says the same before npm builds anything (the build itself needs no check).
 */

/** The Node.js major version this project runs on (the same as .nvmrc). */
export const nodeMajorRequired = 24;

/** One line naming the version found, the one needed and how to get it; undefined when the version fits. */
export function nodeVersionProblem(version: string, requiredMajor = nodeMajorRequired): string | undefined {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  if (major >= requiredMajor) return undefined;
  return (
    `Partner Ledger needs Node.js ${requiredMajor} or newer, but this is Node.js ${version}. ` +
    'Install it with `nvm install` (reads .nvmrc) then `nvm use`, or from https://nodejs.org, ' +
    'and run the command again.'
  );
}

const problem = nodeVersionProblem(process.version);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
