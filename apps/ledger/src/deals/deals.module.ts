import { Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { DealQueries, PartnerQueries } from '#read-models';
import { READ_DATABASE } from '../common/tokens.js';
import { DealCommandHandler } from './deal-command.handler.js';
import { DealsController } from './deals.controller.js';
import { PartnerDealsController } from './partner-deals.controller.js';

@Module({
  controllers: [DealsController, PartnerDealsController],
  providers: [
    DealCommandHandler,
    { provide: DealQueries, inject: [READ_DATABASE], useFactory: (db: Database.Database) => new DealQueries(db) },
    { provide: PartnerQueries, inject: [READ_DATABASE], useFactory: (db: Database.Database) => new PartnerQueries(db) },
  ],
})
export class DealsModule {}
