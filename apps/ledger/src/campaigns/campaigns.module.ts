import { Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { CampaignQueries, MdfQueries, PartnerQueries } from '#read-models';
import { READ_DATABASE } from '../common/tokens.js';
import { MdfController } from '../mdf/mdf.controller.js';
import { CampaignCommandHandler } from './campaign-command.handler.js';
import { CampaignsController } from './campaigns.controller.js';
import { ProtocolReconciler } from './protocol-reconciler.js';

/**
 * Campaigns, the MDF claims against them, and the partner's fund (GET /partners/:id/mdf); at start, the
 * funding and payment protocols a crash left half-done are finished (ProtocolReconciler).
 */
@Module({
  controllers: [CampaignsController, MdfController],
  providers: [
    CampaignCommandHandler,
    ProtocolReconciler,
    {
      provide: CampaignQueries,
      inject: [READ_DATABASE],
      useFactory: (db: Database.Database) => new CampaignQueries(db),
    },
    { provide: MdfQueries, inject: [READ_DATABASE], useFactory: (db: Database.Database) => new MdfQueries(db) },
    { provide: PartnerQueries, inject: [READ_DATABASE], useFactory: (db: Database.Database) => new PartnerQueries(db) },
  ],
})
export class CampaignsModule {}
