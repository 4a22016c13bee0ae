import { Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { CommissionQueries, DealQueries, PartnerQueries } from '#read-models';
import { READ_DATABASE } from '../common/tokens.js';
import { PeriodClosePreviewer } from './period-close-preview.js';
import { PeriodsController } from './periods.controller.js';
import { DealConversionFacts } from './deal-conversion-facts.js';
import { ProgramCommandHandler } from './program-command.handler.js';
import { RuleSetsController } from './rule-sets.controller.js';

/** Rule-set publication and period close (the `program` stream); ProgramFacts comes from the core module. */
@Module({
  controllers: [RuleSetsController, PeriodsController],
  providers: [
    ProgramCommandHandler,
    DealConversionFacts,
    PeriodClosePreviewer,
    {
      provide: CommissionQueries,
      inject: [READ_DATABASE],
      useFactory: (db: Database.Database) => new CommissionQueries(db),
    },
    { provide: DealQueries, inject: [READ_DATABASE], useFactory: (db: Database.Database) => new DealQueries(db) },
    { provide: PartnerQueries, inject: [READ_DATABASE], useFactory: (db: Database.Database) => new PartnerQueries(db) },
  ],
})
export class ProgramModule {}
