import { Module, type DynamicModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import type { LedgerConfig } from '../config.js';
import { resolveJwtSecret } from '../common/jwt-secret.js';
import { LedgerCoreModule } from '../ledger-core.module.js';
import { SeedModule } from './seed/seed.module.js';
import { VirtualClock } from './seed/virtual-clock.js';
import { AnchorCommand } from './anchor.command.js';
import { BackupCommand } from './backup.command.js';
import { ExportCommand, ExportStatementsCommand } from './export.command.js';
import { ImportCommand } from './import.command.js';
import { RebuildCommand } from './rebuild.command.js';
import { RuleSetsCommand } from './rule-sets.command.js';
import { SeedCommand } from './seed.command.js';
import { SimulateCommand } from './simulate.command.js';
import { TokenCommand } from './token.command.js';
import { VerifyCommand } from './verify.command.js';

/**
 * The CLI serves no requests, so its projector's batches (one transaction each) may be as large as a scratch build's:
 * a seed's catch-ups then rewrite each index page once per 5,000 events instead of once per 500. The seed took 0.91x
 * the time at 206k events and 0.96x at a million, and wrote 0.80x and 0.85x the bytes (docs/benchmarks.md); the log
 * is the same.
 */
const cliProjectorBatchSize = 5000;

@Module({})
export class CliModule {
  /**
   * The CLI shares the service's infrastructure but runs none of its background roles. Its clock is
   * the system clock except while `seed` plays its timeline (VirtualClock).
   */
  static forRoot(config: LedgerConfig): DynamicModule {
    const clock = new VirtualClock();
    return {
      module: CliModule,
      imports: [
        JwtModule.register({ secret: resolveJwtSecret(config), signOptions: { algorithm: 'HS256' } }),
        // No API event loop to keep free, so no writer thread for the store: appending in-thread, a seed no longer
        // waits on a round trip per append (0.90x the time at 206k events, 0.99x at a million; docs/benchmarks.md).
        LedgerCoreModule.forRoot(
          { ...config, roles: new Set() },
          { clock, projectorBatchSize: cliProjectorBatchSize, appendsInThread: true },
        ),
        SeedModule.forRoot(clock),
      ],
      providers: [
        TokenCommand,
        RebuildCommand,
        VerifyCommand,
        AnchorCommand,
        BackupCommand,
        RuleSetsCommand,
        SimulateCommand,
        SeedCommand,
        ExportCommand,
        ExportStatementsCommand,
        ImportCommand,
      ],
    };
  }
}
