import { Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { CommissionQueries, PartnerQueries } from '#read-models';
import { READ_DATABASE } from '../common/tokens.js';
import { PartnerCommandHandler } from './partner-command.handler.js';
import { PartnersController } from './partners.controller.js';

@Module({
  controllers: [PartnersController],
  providers: [
    PartnerCommandHandler,
    { provide: PartnerQueries, inject: [READ_DATABASE], useFactory: (db: Database.Database) => new PartnerQueries(db) },
    // The tier filter of GET /partners asks the commissions read model for each partner's tier.
    {
      provide: CommissionQueries,
      inject: [READ_DATABASE],
      useFactory: (db: Database.Database) => new CommissionQueries(db),
    },
  ],
})
export class PartnersModule {}
