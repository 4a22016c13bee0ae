import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const runner = join(import.meta.dirname, '../../dist/bench/soak/soak.js');
const minutes = Number(process.env['SOAK_MINUTES'] ?? 2);

interface SoakResult {
  readonly ok: boolean;
  readonly kills: number;
  readonly acknowledged: number;
  readonly serverErrors: string[];
  readonly unexpectedRefusals: Record<string, number>;
  readonly logProblems: string[];
  readonly mdfAccrualsCompared: number;
  readonly mdfProblems: string[];
  readonly verifyExit: number | null;
  readonly rebuildStatus: number;
  readonly maxRssMiB: number;
  readonly maxLag: number;
  readonly lagAtEnd: number;
}

describe(`a ${minutes}-minute soak (npm run test:soak runs it for 30)`, () => {
  let out: string;
  beforeAll(() => (out = mkdtempSync(join(tmpdir(), 'ledger-soak-out-'))));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('survives kill -9 every 25 s, a retroactive rule set and a rebuild: nothing lost, verify passes', async () => {
    const flags = ['--minutes', String(minutes), '--rate', '8', '--kill-every', '25', '--out', out];
    // The runner exits 1 when a check fails; its result file says which, so read it either way.
    await promisify(execFile)(process.execPath, [runner, ...flags]).catch(() => undefined);
    const result = JSON.parse(readFileSync(join(out, 'soak-result.json'), 'utf8')) as SoakResult;

    expect(result.serverErrors).toEqual([]);
    // Only the plan's conflicting approvals are refused: a not-found here means a story the soak cannot play.
    expect(result.unexpectedRefusals).toEqual({});
    expect(result.logProblems).toEqual([]);
    // Every won deal accrues MDF here: the funds hold exactly what the rebuilt commission read model says.
    expect(result.mdfProblems).toEqual([]);
    expect(result.mdfAccrualsCompared).toBeGreaterThan(minutes * 10);
    expect(result.verifyExit).toBe(0);
    expect(result.rebuildStatus).toBe(202);
    expect(result.kills).toBeGreaterThanOrEqual(Math.floor((minutes * 60) / 25) - 1);
    expect(result.acknowledged).toBeGreaterThan(minutes * 100);
    expect(result.lagAtEnd).toBe(0);
    // Bounded, not fast: a leak or a projector stuck behind the load would break these generous ceilings.
    expect(result.maxRssMiB).toBeLessThan(1024);
    expect(result.maxLag).toBeLessThan(5000);
    expect(result.ok).toBe(true);
    const csv = readFileSync(join(out, 'soak-samples.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('seconds,rss_mib,projection_lag,acknowledged,kills');
    expect(csv.length).toBeGreaterThan(10);
  }, 600_000);
});
