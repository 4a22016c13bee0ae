import { Inject } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { Command, CommandRunner, Help } from 'nest-commander';
import { examplesHelp } from './examples.js';
import type { EventStore } from '#event-store';
import { Projector, projections, verifyLedger, type ProjectionVerdict } from '#read-models';
import { EVENT_STORE, READ_DATABASE } from '../common/tokens.js';
import { startProgress, type Progress } from './progress.js';

/**
 * `npm run ledger -- verify`: checks the hash chain over the log and re-derives every projection,
 * comparing it with the live read models. Exits 1 naming the first position where anything breaks.
 */
@Command({
  name: 'verify',
  description: 'Verify the hash chain over the log and every read model against a re-derivation',
})
export class VerifyCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly db: Database.Database,
    private readonly projector: Projector,
  ) {
    super();
  }

  async run(): Promise<void> {
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
    const lines: string[] = [];
    if (verification.chain.ok) lines.push(`chain: ok, ${verification.chain.eventsChecked} events`);
    else lines.push(`chain: BROKEN at position ${verification.chain.position}: ${verification.chain.reason}`);
    for (const projection of verification.projections) {
      if (projection.ok) lines.push(`${projection.name}: ok (${projection.digestLive.slice(0, 16)})`);
      else if (projection.notCompared) lines.push(`${projection.name}: NOT VERIFIED, ${projection.notCompared}`);
      else lines.push(`${projection.name}: DIFFERS${whereItDiffers(projection)}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    if (!verification.ok) {
      const position = !verification.chain.ok
        ? verification.chain.position.toString()
        : verification.projections.find((projection) => !projection.ok)?.difference?.position;
      process.stderr.write(`verify failed${position ? ` at position ${position}` : ''}\n`);
      process.exitCode = 1;
    }
  }

  @Help('after')
  examples(): string {
    return examplesHelp('npm run ledger -- verify');
  }
}

/** Where a projection differs, as the verify output names it: " in <table> at position <n>", or less when unknown. */
function whereItDiffers({ difference }: ProjectionVerdict): string {
  if (!difference) return '';
  return ` in ${difference.table}${difference.position ? ` at position ${difference.position}` : ''}`;
}
