import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { LoggerModule } from 'nestjs-pino';
import type { LedgerConfig } from './config.js';
import { AdminModule } from './admin/admin.module.js';
import { SimulationModule } from './simulation/simulation.module.js';
import { AuthGuard } from './common/auth.js';
import { ErrorsFilter, ledgerValidationPipe } from './common/errors.filter.js';
import { resolveJwtSecret } from './common/jwt-secret.js';
import { MetricsController } from './common/metrics.js';
import { SignInController } from './common/sign-in.controller.js';
import { ReadAfterGuard } from './common/read-after.guard.js';
import { HealthController, terminusModule } from './health/health.controller.js';
import { LedgerCoreModule, type CoreOptions } from './ledger-core.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { CommissionsModule } from './commissions/commissions.module.js';
import { DealsModule } from './deals/deals.module.js';
import { PartnersModule } from './partners/partners.module.js';
import { ProgramModule } from './program/program.module.js';
import { RegistrationsModule } from './registrations/registrations.module.js';
import { StatementsModule } from './statements/statements.module.js';
import { ImportsModule } from './imports/imports.module.js';

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, options: CoreOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          // No per-request middleware: the "request completed" line is written by the hook that already sees every
          // answer (createApp). pino-http's two middlewares through middie cost a tenth of a deal win's API thread.
          forRoutes: [],
          pinoHttp: {
            level: config.logLevel,
            // Never log secrets or bodies: only method, url, status and timing reach the log.
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
              censor: '[redacted]',
            },
            serializers: {
              req: (request: { id: unknown; method: string; url: string }) => ({
                id: request.id,
                method: request.method,
                url: request.url.split('?')[0],
              }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
          },
        }),
        JwtModule.register({
          secret: resolveJwtSecret(config),
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        CqrsModule.forRoot(),
        terminusModule,
        LedgerCoreModule.forRoot(config, options),
        PartnersModule,
        AdminModule,
        SimulationModule,
        RegistrationsModule,
        DealsModule,
        ProgramModule,
        CommissionsModule,
        CampaignsModule,
        StatementsModule,
        ImportsModule,
      ],
      controllers: [HealthController, MetricsController, SignInController],
      providers: [
        // In this order: a request is authenticated before it waits for the read models.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ReadAfterGuard },
        { provide: APP_FILTER, useClass: ErrorsFilter },
        { provide: APP_PIPE, useFactory: ledgerValidationPipe },
      ],
    };
  }
}
