import { Command, CommandRunner, Help } from 'nest-commander';
import { examplesHelp } from './examples.js';
import { Projector } from '#read-models';
import { startProgress } from './progress.js';

/** `npm run ledger -- rebuild [projection...]`: a zero-downtime rebuild with a progress display. */
@Command({
  name: 'rebuild',
  arguments: '[projections...]',
  description: 'Rebuild read models from the log (all, or the named projections)',
})
export class RebuildCommand extends CommandRunner {
  constructor(private readonly projector: Projector) {
    super();
  }

  async run(projections: string[]): Promise<void> {
    // Only the process holding the read models' lock may rebuild them: with a service running, this
    // refuses (PROJECTOR_LOCKED, exit 1) and names it; rebuild through its POST /admin/projections/rebuild.
    this.projector.claimWriter();
    // Bring the live tables up to date first: the rebuild then swaps at the same head.
    await this.projector.runUntilCaughtUp();
    const progress = startProgress('rebuild', 0);
    const startedAt = Date.now();
    await this.projector.rebuild({
      ...(projections.length > 0 ? { only: projections } : {}),
      onProgress: (state) => progress.update(Number(state.done), Number(state.total)),
    });
    progress.stop();
    const status = this.projector.rebuildStatus()!;
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    process.stdout.write(`Rebuilt ${status.projections.join(', ')} to position ${status.done} in ${seconds} s\n`);
  }

  @Help('after')
  examples(): string {
    return examplesHelp('npm run ledger -- rebuild', 'npm run ledger -- rebuild commissions statements');
  }
}
