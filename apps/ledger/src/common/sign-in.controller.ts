import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { LedgerConfig } from '../config.js';
import { Public } from './auth.js';
import { LEDGER_CONFIG } from './tokens.js';

export class OidcSignInView {
  @ApiProperty({ description: "The provider (its tokens' iss)", example: 'https://login.example.com/realms/acme' })
  issuer!: string;
  @ApiProperty({ description: "The console's public client id (authorization code with PKCE)", example: 'ledger' })
  clientId!: string;
  @ApiProperty({ description: 'The scope the console asks for', example: 'openid' })
  scope!: string;
  @ApiProperty({ description: 'The claim holding the ledger role', example: 'role' })
  roleClaim!: string;
  @ApiProperty({ description: "The claim holding a partner user's partner id", example: 'partner_id' })
  partnerClaim!: string;
}

export class SignInView {
  @ApiPropertyOptional({
    type: OidcSignInView,
    nullable: true,
    description: 'Set when the console signs in with an OpenID Connect provider; null: local tokens only',
  })
  oidc!: OidcSignInView | null;
}

/**
 * How the console signs in, read by it before anyone is signed in: public, and holding nothing secret (a
 * public client's id and the provider's address are in every sign-in redirect anyway).
 */
@ApiTags('operations')
@Controller('auth')
@Public()
export class SignInController {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'oidc'>) {}

  @Get('config')
  @ApiOperation({ summary: 'How the console signs in: the OpenID Connect provider and client, if any' })
  @ApiOkResponse({ type: SignInView })
  signIn(): SignInView {
    const oidc = this.config.oidc;
    if (!oidc?.consoleClientId) return { oidc: null };
    const { issuer, consoleClientId: clientId, consoleScope: scope, roleClaim, partnerClaim } = oidc;
    return { oidc: { issuer, clientId, scope, roleClaim, partnerClaim } };
  }
}
