import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError, roles as allRoles, type Actor, type Role } from '#domain';
import type { FastifyRequest } from 'fastify';
import type { LedgerConfig } from '../config.js';
import { LEDGER_CONFIG } from './tokens.js';
import { mapOidcClaims, OidcVerifier } from './oidc.js';

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

const publicKey = 'ledger:public';
const rolesKey = 'ledger:roles';
const partnerScopeKey = 'ledger:partner-scope';

/** Open to anyone, without a token (health only). */
export const Public = () => SetMetadata(publicKey, true);
/** The roles allowed on a route; admin is always allowed. */
export const Roles = (...roles: Role[]) => SetMetadata(rolesKey, roles);
/** Every role may read; partner users only their own partner (see PartnerScope). */
export const AnyRole = () => SetMetadata(rolesKey, allRoles);
/**
 * Names the route parameter that holds a partner id: a partner user may only reach its own, and
 * another partner's resource answers 404, exactly as if it did not exist.
 */
export const PartnerScope = (parameter: string) => SetMetadata(partnerScopeKey, parameter);

export interface TokenClaims {
  readonly sub: string;
  readonly role: Role;
  readonly partnerId?: string;
}

/** The subject becomes the actor of every event and appears in logs and exports: printable text only. */
export function isPrintableSubject(subject: string): boolean {
  return subject.length > 0 && !/\p{Cc}/u.test(subject);
}

function toActor(payload: unknown): Actor {
  const claims = payload as Partial<TokenClaims>;
  if (typeof claims.sub !== 'string' || !isPrintableSubject(claims.sub) || !allRoles.includes(claims.role as Role)) {
    const message = 'The token must carry a subject without control characters and a known role';
    throw new DomainError('UNAUTHENTICATED', message);
  }
  if ((claims.role === 'partner') !== (typeof claims.partnerId === 'string' && claims.partnerId.length > 0)) {
    throw new DomainError('UNAUTHENTICATED', 'A partner token must carry a partnerId, and only a partner token may');
  }
  return { id: claims.sub, role: claims.role as Role, ...(claims.partnerId ? { partnerId: claims.partnerId } : {}) };
}

/** Where this server's signing secret comes from, for the 401 of a token signed with another (never the secret). */
export function secretSourceHint(config: Pick<LedgerConfig, 'jwtSecret'>): string {
  return config.jwtSecret
    ? 'comes from the LEDGER_JWT_SECRET variable'
    : 'is generated into the file jwt-secret in its data folder (LEDGER_DATA_DIR); ' +
        'mint tokens with `npm run ledger -- token` using the same LEDGER_DATA_DIR';
}

/** Why a token failed verification, in words a client can act on (jsonwebtoken's error names). */
function verificationFailure(error: unknown, config: Pick<LedgerConfig, 'jwtSecret'>): DomainError {
  const { name, message } = error instanceof Error ? error : { name: '', message: '' };
  if (name === 'JsonWebTokenError' && message === 'invalid signature') {
    const hint = `The token's signature does not match this server's secret, which ${secretSourceHint(config)}`;
    return new DomainError('UNAUTHENTICATED', hint);
  }
  if (name === 'TokenExpiredError') return new DomainError('UNAUTHENTICATED', 'The token has expired (exp or iat)');
  return new DomainError('UNAUTHENTICATED', 'The token is invalid or expired');
}

/**
 * A bearer token longer than this is refused before it is parsed: real tokens are a few hundred bytes to a few
 * KB, and a huge one only costs base64 and JSON work (Node refuses headers over 16 KB before the app sees them).
 */
export const tokenLengthMax = 8192;

/**
 * Authenticates every request (JWT bearer: HS256 tokens signed by this server, and with LEDGER_OIDC_ISSUER
 * RS256/ES256 tokens of that provider; `alg: none` and other algorithms are refused) and authorizes it by role
 * and partner scope. Runs globally, before validation.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Verified tokens by their exact text, until they expire: a client sends the same token on every
   * request, and verifying it (key import, HMAC, JSON) was a tenth of a command's CPU. Only a token
   * string that verified is ever a key, so a changed byte is verified afresh. Bounded, oldest first.
   */
  private readonly verified = new Map<string, { actor: Actor; expiresAtMs: number }>();
  private static readonly verifiedMax = 10_000;
  private readonly oidc: OidcVerifier | undefined;

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Inject(LEDGER_CONFIG)
    private readonly config: Pick<LedgerConfig, 'jwtLifetimeMaxSeconds' | 'jwtClockSkewSeconds' | 'jwtSecret' | 'oidc'>,
  ) {
    const { oidc, jwtClockSkewSeconds, jwtLifetimeMaxSeconds } = config;
    this.oidc = oidc && new OidcVerifier(oidc, jwtClockSkewSeconds, jwtLifetimeMaxSeconds);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(publicKey, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'A bearer token is required (Authorization: Bearer <token>)');
    if (token.length > tokenLengthMax) {
      const message = `The token is longer than ${tokenLengthMax} characters`;
      throw new DomainError('UNAUTHENTICATED', message, { lengthMax: tokenLengthMax });
    }
    const actor = await this.authenticate(token);
    request.actor = actor;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(rolesKey, targets) ?? [];
    if (actor.role !== 'admin' && !allowed.includes(actor.role)) {
      throw new DomainError('FORBIDDEN', `The ${actor.role} role may not do this`, { role: actor.role });
    }
    const parameter = this.reflector.getAllAndOverride<string | undefined>(partnerScopeKey, targets);
    if (parameter && actor.role === 'partner') {
      const partnerId = (request.params as Record<string, string | undefined>)[parameter];
      if (partnerId !== actor.partnerId) throw new DomainError('NOT_FOUND', 'Not found');
    }
    return true;
  }

  private async authenticate(token: string): Promise<Actor> {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAtMs > Date.now()) return cached.actor;
    if (cached) this.verified.delete(token);
    const { jwtLifetimeMaxSeconds: lifetimeMax, jwtClockSkewSeconds: skew, oidc } = this.config;
    const payload = this.oidc?.claimsIssuer(token)
      ? mapOidcClaims(await this.oidc.verify(token), oidc!, allRoles)
      : await this.verifyLocal(token);
    const { exp, iat } = payload;
    if (typeof exp !== 'number' || typeof iat !== 'number') {
      throw new DomainError('UNAUTHENTICATED', 'The token must carry an expiry (exp) and an issue time (iat)');
    }
    if (iat > Date.now() / 1000 + skew) {
      throw new DomainError('UNAUTHENTICATED', 'The token is issued in the future (iat)');
    }
    if (exp - iat > lifetimeMax) {
      const message = `The token lives longer than ${lifetimeMax} s (exp - iat)`;
      throw new DomainError('UNAUTHENTICATED', message, { lifetimeMaxSeconds: lifetimeMax });
    }
    const actor = toActor(payload);
    if (this.verified.size >= AuthGuard.verifiedMax) this.verified.delete(this.verified.keys().next().value!);
    // Accepted from the cache exactly as long as verifying it again would accept it: up to exp plus the skew allowed.
    this.verified.set(token, { actor, expiresAtMs: (exp + skew) * 1000 });
    return actor;
  }

  /** A token this server signed (HS256 with its secret). */
  private async verifyLocal(token: string): Promise<{ exp?: unknown; iat?: unknown }> {
    const { jwtLifetimeMaxSeconds: lifetimeMax, jwtClockSkewSeconds: skew } = this.config;
    try {
      // maxAge requires iat and refuses a token issued longer ago than the longest lifetime allowed.
      return await this.jwt.verifyAsync(token, { algorithms: ['HS256'], maxAge: lifetimeMax, clockTolerance: skew });
    } catch (error) {
      throw verificationFailure(error, this.config);
    }
  }
}

/** Refuses a partner user acting for another partner (used where the partner id is in the body). */
export function assertOwnPartner(actor: Actor, partnerId: string): void {
  if (actor.role === 'partner' && actor.partnerId !== partnerId) {
    throw new DomainError('FORBIDDEN', 'A partner may only act for itself', { field: 'partnerId' });
  }
}

/** The token of an `Authorization: Bearer <token>` header, '' without one; any case of the scheme (RFC 9110 §11.1). */
function bearerTokenOf(header: string | undefined): string {
  if (typeof header !== 'string' || !/^bearer /i.test(header)) return '';
  return header.slice('bearer '.length).trim();
}
