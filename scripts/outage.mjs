// `npm run test:outage -- --minutes 3`: the Kafka outage test of npm test (10 s down) with the broker down for
// N minutes under the same steady command load. It runs the jest suite with KAFKA_OUTAGE_MS, under CI=true so a
// machine that cannot build the mock cluster fails instead of skipping, and prints the figures it measured.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { minutes: { type: 'string', default: '3' } } });
const minutes = Number(values.minutes);
if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, got ${values.minutes}`);
const report = join(mkdtempSync(join(tmpdir(), 'ledger-outage-')), 'outage.json');
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    join(root, 'node_modules/jest/bin/jest.js'),
    'test/reliability/kafka-outage.reliability-spec.ts',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      CI: 'true',
      KAFKA_OUTAGE_MS: String(Math.round(minutes * 60_000)),
      KAFKA_OUTAGE_REPORT: report,
    },
  },
);
try {
  process.stdout.write(`${readFileSync(report, 'utf8')}\n`);
} catch {
  process.stdout.write('no figures: the test did not reach its end\n');
}
process.exitCode = jest.status ?? 1;
