import { Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { CommissionQueries, PartnerQueries } from '#read-models';
import { READ_DATABASE } from '../common/tokens.js';
import { CommissionsController } from './commissions.controller.js';

@Module({
  controllers: [CommissionsController],
  providers: [
    {
      provide: CommissionQueries,
      inject: [READ_DATABASE],
      useFactory: (db: Database.Database) => new CommissionQueries(db),
    },
    { provide: PartnerQueries, inject: [READ_DATABASE], useFactory: (db: Database.Database) => new PartnerQueries(db) },
  ],
})
export class CommissionsModule {}
