import { Module, type DynamicModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import type { LedgerConfig } from '../config.js';
import { resolveJwtSecret } from '../common/jwt-secret.js';
import { TokenCommand } from './token.command.js';

@Module({})
export class CliModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [JwtModule.register({ secret: resolveJwtSecret(config), signOptions: { algorithm: 'HS256' } })],
      providers: [TokenCommand],
    };
  }
}
