import { Inject } from '@nestjs/common';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommandRunner, Help, Option } from 'nest-commander';
import { examplesHelp } from './examples.js';
import {
  checkAnchor,
  verifyLogChain,
  verifyStoredChain,
  type AnchorVerdict,
  type EventStore,
  type LogChainVerdict,
} from '#event-store';
import { Projector, projections, verifyLedger, type ProjectionVerdict, type Verification } from '#read-models';
import type { LedgerConfig } from '../config.js';
import { writeLastVerify, type LastVerifyView } from '../common/last-verify.js';
import { CLOCK, EVENT_STORE, LEDGER_CONFIG, READ_DATABASE, type Clock } from '../common/tokens.js';
import { startProgress, type Progress } from './progress.js';
import { damageNamed } from './database-damage.js';

interface VerifyOptions {
  readonly anchor?: string;
}

/** One check's outcome as verify prints it, and the position it names when it fails. */
interface CheckLine {
  readonly line: string;
  readonly ok: boolean;
  /** What `verify failed` is followed by on stderr: " at position <n>", or ": <why>". */
  readonly failure?: string;
}

/**
 * `npm run ledger -- verify [--anchor <file>]`: checks the hash chain stored beside the log (SQLite), an
 * auditor's signed anchor if given, the read models' chain, and re-derives every projection, comparing it
 * with the live read models. Exits 1 naming the first position where anything breaks.
 */
@Command({
  name: 'verify',
  description: 'Verify the hash chains over the log, a signed anchor, and every read model against a re-derivation',
})
export class VerifyCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly db: Database.Database,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'audit' | 'dataDir' | 'eventStore'>,
    private readonly projector: Projector,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async run(_parameters: string[], options: VerifyOptions = {}): Promise<void> {
    try {
      await this.verify(options);
    } catch (error) {
      const damage = damageNamed(this.config.dataDir, error);
      if (!damage) throw error;
      const failure = `: ${damage}`;
      this.keep({ finishedAt: this.clock.now(), ok: false, checks: [], failure });
      throw new Error(`verify stopped: ${damage}`);
    }
  }

  private async verify(options: VerifyOptions): Promise<void> {
    // Read first, so a missing key or a bad file stops verify before its long work.
    const anchor = options.anchor === undefined ? undefined : this.readAnchor(options.anchor);
    const checks = [await this.checkStoredChain()];
    if (anchor) checks.push(anchorLine(await checkAnchor(this.store, anchor.value, anchor.trustedKey)));
    checks.push(...readModelLines(await this.verifyReadModels()));
    process.stdout.write(`${checks.map((check) => check.line).join('\n')}\n`);
    const failed = checks.find((check) => !check.ok);
    if (failed) {
      process.stderr.write(`verify failed${failed.failure ?? ''}\n`);
      process.exitCode = 1;
    }
    this.keep({
      finishedAt: this.clock.now(),
      ok: !failed,
      checks: checks.map((check) => check.line),
      failure: failed ? (failed.failure ?? '') : null,
    });
  }

  /**
   * Kept for GET /admin/verification and the console's ops page. A file the disk cannot take (full) is said, and
   * changes neither what verify found nor its exit code.
   */
  private keep(view: LastVerifyView): void {
    try {
      writeLastVerify(this.config.dataDir, view);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(`verify's result was not kept for GET /admin/verification: ${reason}\n`);
    }
  }

  @Option({
    flags: '--anchor <file>',
    description: 'also prove the log still holds the prefix this signed anchor names',
  })
  parseAnchor(value: string): string {
    return value;
  }

  @Help('after')
  examples(): string {
    return examplesHelp('npm run ledger -- verify', 'npm run ledger -- verify --anchor anchor-2026-01-31.json');
  }

  private readAnchor(file: string) {
    // The trusted key comes from the environment: one read from the anchor or the data folder could be forged.
    const trustedKey = this.config.audit.publicKey;
    if (!trustedKey) {
      throw new Error('verify --anchor needs LEDGER_AUDIT_PUBLIC_KEY (or LEDGER_AUDIT_KEY) to trust a signature');
    }
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`--anchor ${file}: ${(error as Error).message}`);
    }
    return { value, trustedKey };
  }

  /** The chain in the SQLite log's rows, or EventStoreDB's chain stream kept by the relay role (docs/decisions.md). */
  private async checkStoredChain(): Promise<CheckLine> {
    if (this.config.eventStore.kind !== 'sqlite') {
      return logChainLine(await verifyLogChain({ log: this.store, chain: this.store }));
    }
    const db = new Database(join(this.config.dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
    db.defaultSafeIntegers(true);
    try {
      const verdict = verifyStoredChain(db);
      if (verdict.ok) return { ok: true, line: `log chain: ok, ${verdict.eventsChecked} events` };
      const failure = ` at position ${verdict.position}`;
      return { ok: false, failure, line: `log chain: BROKEN${failure}: ${verdict.reason}` };
    } finally {
      db.close();
    }
  }

  private async verifyReadModels(): Promise<Verification> {
    let progress: Progress | undefined;
    let stage = '';
    const verification = await verifyLedger({
      store: this.store,
      live: this.projector,
      liveDb: this.db,
      projections,
      onProgress: (next, done, total) => {
        if (next !== stage) {
          progress?.stop();
          stage = next;
          progress = startProgress(next === 'chain' ? 'verify chain' : 'verify read models', total);
        }
        progress!.update(done, total);
      },
    });
    progress?.stop();
    return verification;
  }
}

/** The chain stream's verdict: events after its head are not yet chained, which is no failure. */
export function logChainLine(verdict: LogChainVerdict): CheckLine {
  if (!verdict.ok) {
    const failure = ` at position ${verdict.position}`;
    return { ok: false, failure, line: `log chain: BROKEN${failure}: ${verdict.reason}` };
  }
  const pending = verdict.unchained > 0 ? `, ${verdict.unchained} after its head not chained yet` : '';
  return { ok: true, line: `log chain: ok, ${verdict.eventsChecked} events in the chain stream${pending}` };
}

function anchorLine(verdict: AnchorVerdict): CheckLine {
  if (verdict.ok) {
    return {
      ok: true,
      line: `anchor: ok, the log holds the ${verdict.events} anchored events to position ${verdict.position}`,
    };
  }
  if (verdict.position === undefined)
    return { ok: false, failure: `: anchor refused, ${verdict.reason}`, line: `anchor: REFUSED, ${verdict.reason}` };
  const failure = ` at position ${verdict.position}`;
  return { ok: false, failure, line: `anchor: BROKEN${failure}: ${verdict.reason}` };
}

function readModelLines(verification: Verification): CheckLine[] {
  const { chain } = verification;
  const lines: CheckLine[] = [
    chain.ok
      ? { ok: true, line: `chain: ok, ${chain.eventsChecked} events` }
      : {
          ok: false,
          failure: ` at position ${chain.position}`,
          line: `chain: BROKEN at position ${chain.position}: ${chain.reason}`,
        },
  ];
  for (const projection of verification.projections) {
    const position = projection.difference?.position;
    const failure = position ? ` at position ${position}` : undefined;
    const held = projection.comparedAt ? `, at position ${projection.comparedAt}: its recomputation is under way` : '';
    if (projection.ok)
      lines.push({ ok: true, line: `${projection.name}: ok (${projection.digestLive.slice(0, 16)})${held}` });
    else if (projection.notCompared) {
      lines.push({
        ok: false,
        ...(failure ? { failure } : {}),
        line: `${projection.name}: NOT VERIFIED, ${projection.notCompared}`,
      });
    } else
      lines.push({
        ok: false,
        ...(failure ? { failure } : {}),
        line: `${projection.name}: DIFFERS${whereItDiffers(projection)}`,
      });
  }
  return lines;
}

/** Where a projection differs, as the verify output names it: " in <table> at position <n>", or less when unknown. */
function whereItDiffers({ difference }: ProjectionVerdict): string {
  if (!difference) return '';
  return ` in ${difference.table}${difference.position ? ` at position ${difference.position}` : ''}`;
}
