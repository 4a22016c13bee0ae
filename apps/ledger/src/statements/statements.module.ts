import { Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { CommissionQueries, PartnerQueries, StatementFigures } from '#read-models';
import { READ_DATABASE } from '../common/tokens.js';
import { StatementCommandHandler } from './statement-command.handler.js';
import { StatementsController } from './statements.controller.js';

@Module({
  controllers: [StatementsController],
  providers: [
    StatementCommandHandler,
    {
      provide: StatementFigures,
      inject: [READ_DATABASE],
      useFactory: (db: Database.Database) => new StatementFigures(db),
    },
    {
      provide: CommissionQueries,
      inject: [READ_DATABASE],
      useFactory: (db: Database.Database) => new CommissionQueries(db),
    },
    { provide: PartnerQueries, inject: [READ_DATABASE], useFactory: (db: Database.Database) => new PartnerQueries(db) },
  ],
  // The seed weighs a dispute's adjustment against what a clawback left of the line, as the decider will.
  exports: [CommissionQueries],
})
export class StatementsModule {}
