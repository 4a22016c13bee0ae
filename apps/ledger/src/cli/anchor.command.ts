import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Help, Option } from 'nest-commander';
import { takeAnchor, verifyLogChain, type EventStore } from '#event-store';
import type { LedgerConfig } from '../config.js';
import { generateAuditKeyLines } from '../common/audit-key.js';
import { CLOCK, EVENT_STORE, LEDGER_CONFIG, type Clock } from '../common/tokens.js';
import { examplesHelp } from './examples.js';

interface AnchorOptions {
  readonly generateKey?: boolean;
}

/**
 * `npm run ledger -- anchor > anchor.json`: prints the log's chain head signed with the auditor's key
 * (LEDGER_AUDIT_KEY), to keep outside the data folder; `verify --anchor anchor.json` checks it later.
 */
@Command({
  name: 'anchor',
  description: "Print the log's hash-chain head signed with LEDGER_AUDIT_KEY, as JSON to keep outside the data folder",
})
export class AnchorCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'audit' | 'eventStore'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async run(_parameters: string[], options: AnchorOptions): Promise<void> {
    if (options.generateKey) {
      process.stdout.write(generateAuditKeyLines());
      return;
    }
    const { privateKey } = this.config.audit;
    if (!privateKey) {
      throw new Error(
        'anchor needs LEDGER_AUDIT_KEY (an Ed25519 private key); `ledger anchor --generate-key` makes one',
      );
    }
    await this.refuseBrokenChain();
    const anchor = await takeAnchor(this.store, privateKey, this.clock.now());
    process.stdout.write(`${JSON.stringify(anchor, null, 2)}\n`);
    process.stderr.write(`anchored position ${anchor.position} (${anchor.events} events), hash ${anchor.hash}\n`);
  }

  /** An EventStoreDB log that already differs from its chain stream must not be anchored (and so certified). */
  private async refuseBrokenChain(): Promise<void> {
    if (this.config.eventStore.kind !== 'esdb') return;
    const verdict = await verifyLogChain({ log: this.store, chain: this.store });
    if (!verdict.ok) {
      throw new Error(
        `anchor refused: the log differs from its chain stream at position ${verdict.position}: ${verdict.reason}`,
      );
    }
  }

  @Option({
    flags: '--generate-key',
    description: 'print a new Ed25519 key pair as LEDGER_AUDIT_KEY and LEDGER_AUDIT_PUBLIC_KEY lines instead',
  })
  parseGenerateKey(): boolean {
    return true;
  }

  @Help('after')
  examples(): string {
    return examplesHelp(
      'npm run ledger -- anchor --generate-key > audit.env',
      'npm run ledger -- anchor > anchor-2026-01-31.json   # then: verify --anchor anchor-2026-01-31.json',
    );
  }
}
