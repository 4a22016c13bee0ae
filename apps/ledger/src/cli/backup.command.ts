import { Inject } from '@nestjs/common';
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, CommandRunner, Help } from 'nest-commander';
import { verifyStoredChain, type EventStore } from '#event-store';
import type { LedgerConfig } from '../config.js';
import { EVENT_STORE, LEDGER_CONFIG } from '../common/tokens.js';
import { examplesHelp } from './examples.js';
import { startProgress } from './progress.js';

/**
 * `npm run ledger -- backup <file>`: a consistent copy of the event log, taken while the service runs, and checked
 * before it is named a backup. SQLite's `VACUUM INTO` copies the log as of one read transaction (appends go on
 * meanwhile; a copy of the file and its WAL by hand can tear between the two). The copy is written beside the target
 * under another name, every event's chain hash is recomputed on it, and it is synced and renamed only then: a file at
 * the target is always a whole, verified log. The read models are not copied: they are derived from the log.
 */
@Command({
  name: 'backup',
  arguments: '<file>',
  description: 'Copy the event log, consistent and verified, to a new file while the service runs',
})
export class BackupCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'dataDir' | 'eventStore'>,
  ) {
    super();
  }

  async run([target]: string[]): Promise<void> {
    if (this.config.eventStore.kind !== 'sqlite') {
      throw new Error('backup copies the SQLite event log; back EventStoreDB up with its own tools (its docs)');
    }
    const file = resolve(target!);
    if (existsSync(file)) throw new Error(`backup refused: ${file} exists; name a new file`);
    if (!existsSync(dirname(file))) throw new Error(`backup refused: the folder ${dirname(file)} does not exist`);
    const partial = `${file}.partial-${process.pid}`;
    const startedMs = performance.now();
    try {
      try {
        this.copyLog(partial);
      } catch (error) {
        // A full disk, a folder this user may not write: SQLite's or Node's words, and where.
        throw new Error(`backup failed writing ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const summary = await this.checked(partial);
      syncFile(partial);
      renameSync(partial, file);
      syncFile(dirname(file));
      const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
      process.stdout.write(`backed up ${summary} to ${file} in ${seconds} s\n`);
    } finally {
      // The copy, and the journal SQLite keeps beside it while writing it.
      for (const leftover of [partial, `${partial}-journal`]) rmSync(leftover, { force: true });
    }
  }

  /** The log as of one read transaction, compacted, into `path` (which must not exist), the owner's only. */
  private copyLog(path: string): void {
    closeSync(openSync(path, 'wx', 0o600));
    const db = new Database(join(this.config.dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
    try {
      db.prepare('VACUUM INTO ?').run(path);
    } finally {
      db.close();
    }
  }

  /** Recomputes every chain hash of the copy: a log broken before the copy is not kept as a backup. */
  private async checked(path: string): Promise<string> {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.defaultSafeIntegers(true);
    const progress = startProgress('backup check', Number(await this.store.headPosition()));
    try {
      const verdict = verifyStoredChain(db, { onProgress: (done) => progress.update(done) });
      if (!verdict.ok) {
        throw new Error(
          `backup refused: the log's chain is broken at position ${verdict.position} (${verdict.reason}); ` +
            'run `ledger verify`',
        );
      }
      return `${verdict.eventsChecked} events up to position ${verdict.headPosition} (chain hash ${verdict.headHash})`;
    } finally {
      progress.stop();
      db.close();
    }
  }

  @Help('after')
  examples(): string {
    return examplesHelp(
      'npm run ledger -- backup /backups/ledger-2026-12-07.sqlite',
      'npm run ledger -- backup "/backups/ledger-$(date +%F-%H%M).sqlite"   # from cron; restoring: README',
    );
  }
}

/** Flushes a file's (or a folder's) contents to the disk, so a rename after it never names a torn file. */
function syncFile(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
