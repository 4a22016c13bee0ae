import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CampaignsModule } from '../../campaigns/campaigns.module.js';
import { DealsModule } from '../../deals/deals.module.js';
import { PartnersModule } from '../../partners/partners.module.js';
import { ProgramModule } from '../../program/program.module.js';
import { RegistrationsModule } from '../../registrations/registrations.module.js';
import { StatementsModule } from '../../statements/statements.module.js';
import { SeedRunner } from './seed-runner.js';
import { VirtualClock } from './virtual-clock.js';

/**
 * The seed's command side: the CommandBus with the same feature modules (and so the same command
 * handlers) as the service. Their controllers are registered but never routed: the CLI has no HTTP
 * server. `clock` must be the clock the core module stamps commands with.
 */
@Module({})
export class SeedModule {
  static forRoot(clock: VirtualClock): DynamicModule {
    return {
      module: SeedModule,
      imports: [
        CqrsModule.forRoot(),
        PartnersModule,
        RegistrationsModule,
        DealsModule,
        ProgramModule,
        CampaignsModule,
        StatementsModule,
      ],
      providers: [{ provide: VirtualClock, useValue: clock }, SeedRunner],
      exports: [SeedRunner],
    };
  }
}
