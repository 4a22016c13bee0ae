import { Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type { EventStore } from '#event-store';
import { CommissionQueries, PartnerQueries, StatementFigures, StatementQueries } from '#read-models';
import { EVENT_STORE, READ_DATABASE } from '../common/tokens.js';
import { StatementCommandHandler } from './statement-command.handler.js';
import { StatementsController } from './statements.controller.js';

@Module({
  controllers: [StatementsController],
  providers: [
    StatementCommandHandler,
    {
      provide: StatementQueries,
      inject: [READ_DATABASE, EVENT_STORE],
      useFactory: (db: Database.Database, store: EventStore) => new StatementQueries(db, store),
    },
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
})
export class StatementsModule {}
