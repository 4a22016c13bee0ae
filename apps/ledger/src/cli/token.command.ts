import { Inject } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Command, CommandRunner, Option, Help } from 'nest-commander';
import { examplesHelp } from './examples.js';
import { roles, type Role } from '#domain';
import type { LedgerConfig } from '../config.js';
import { isPrintableSubject } from '../common/auth.js';
import { LEDGER_CONFIG } from '../common/tokens.js';
import { consoleLink } from './console-link.js';

interface TokenOptions {
  readonly role: Role;
  readonly sub: string;
  readonly partner?: string;
  readonly expiresIn: string;
  readonly console?: boolean;
}

/** Prints a signed bearer token for local use: `npm run ledger -- token --role finance --sub alice`. */
@Command({ name: 'token', description: 'Print a JWT bearer token signed with the ledger secret' })
export class TokenCommand extends CommandRunner {
  constructor(
    private readonly jwt: JwtService,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'jwtLifetimeMaxSeconds' | 'host' | 'port'>,
  ) {
    super();
  }

  async run(_parameters: string[], options: TokenOptions): Promise<void> {
    if (!options.role || !options.sub) throw new Error('token needs --role and --sub');
    if ((options.role === 'partner') !== Boolean(options.partner))
      throw new Error('--partner is required with --role partner, and only then');
    const claims = { sub: options.sub, role: options.role, ...(options.partner ? { partnerId: options.partner } : {}) };
    const token = await this.jwt.signAsync(claims, { expiresIn: options.expiresIn as '12h' });
    // The service refuses a token that lives longer than its limit: do not print one.
    const { exp, iat } = this.jwt.decode<{ exp: number; iat: number }>(token);
    if (exp - iat > this.config.jwtLifetimeMaxSeconds) {
      const hours = this.config.jwtLifetimeMaxSeconds / 3600;
      throw new Error(`--expires-in must be at most ${hours}h (LEDGER_JWT_LIFETIME_MAX_HOURS)`);
    }
    process.stdout.write(`${options.console ? consoleLink(this.config, token) : token}\n`);
  }

  @Option({ flags: '--role <role>', description: `one of ${roles.join(', ')}`, required: true })
  parseRole(value: string): Role {
    if (!roles.includes(value as Role)) throw new Error(`--role must be one of ${roles.join(', ')}`);
    return value as Role;
  }

  @Option({
    flags: '--sub <subject>',
    description: 'who the token identifies (recorded as the actor of every event)',
    required: true,
  })
  parseSub(value: string): string {
    if (!isPrintableSubject(value)) throw new Error('--sub must be non-empty and free of control characters');
    return value;
  }

  @Option({ flags: '--partner <partnerId>', description: 'the partner a partner token is scoped to' })
  parsePartner(value: string): string {
    return value;
  }

  @Option({ flags: '--expires-in <duration>', description: 'lifetime such as 12h or 30d', defaultValue: '12h' })
  parseExpiresIn(value: string): string {
    return value;
  }

  @Help('after')
  examples(): string {
    return examplesHelp(
      'npm run ledger -- token --role partner_manager --sub maria',
      'npm run ledger -- token --role partner --sub acme-bot --partner acme --expires-in 30d',
    );
  }

  @Option({ flags: '--console', description: 'print a link that signs the browser in to the console instead' })
  parseConsole(): boolean {
    return true;
  }
}
