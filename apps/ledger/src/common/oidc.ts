import { DomainError } from '#domain';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import type { OidcConfig } from '../config.js';

/** The asymmetric algorithms accepted from a provider: never HS256 (its public key is public), never `none`. */
export const oidcAlgorithms = ['RS256', 'ES256'];

const discoveryTimeoutMs = 5000;

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** The claims the guard turns into an actor, read from the configured claim names. */
export interface MappedClaims {
  readonly sub: unknown;
  readonly role: unknown;
  readonly partnerId: unknown;
  readonly exp: unknown;
  readonly iat: unknown;
}

/**
 * A role claim may be one string or, as Keycloak and Entra ID send it, a list of which exactly one is a ledger
 * role (others, like `offline_access`, are ignored). Two ledger roles are ambiguous and refused.
 */
export function roleOf(claim: unknown, ledgerRoles: readonly string[]): unknown {
  if (!Array.isArray(claim)) return claim;
  const known = claim.filter((value) => typeof value === 'string' && ledgerRoles.includes(value));
  return known.length === 1 ? known[0] : undefined;
}

/** Maps a verified provider payload to the ledger's claims by the configured names. */
export function mapOidcClaims(payload: JWTPayload, oidc: OidcConfig, ledgerRoles: readonly string[]): MappedClaims {
  return {
    sub: payload.sub,
    role: roleOf(payload[oidc.roleClaim], ledgerRoles),
    partnerId: payload[oidc.partnerClaim],
    exp: payload.exp,
    iat: payload.iat,
  };
}

/** The provider's discovery document could not be read or is not one for this issuer (no secret in the message). */
class DiscoveryFailure extends Error {}

/** Why a provider token failed, in words a client can act on (jose's error codes; never the token). */
function oidcFailure(error: unknown, oidc: OidcConfig): DomainError {
  const refuse = (message: string) => new DomainError('UNAUTHENTICATED', message);
  if (error instanceof DomainError) return error;
  if (error instanceof errors.JWTExpired) return refuse('The token has expired (exp or iat)');
  if (error instanceof errors.JWTClaimValidationFailed)
    return refuse(`The token's ${error.claim} claim is refused: ${error.reason} (issuer ${oidc.issuer})`);
  if (error instanceof errors.JOSEAlgNotAllowed)
    return refuse(`A token of ${oidc.issuer} must be signed with ${oidcAlgorithms.join(' or ')}`);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return refuse(`No key of ${oidc.issuer} matches the token's kid and algorithm`);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return refuse(`The token's signature does not match the key of ${oidc.issuer}`);
  if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout))
    return refuse('The token is not a valid signed JWT');
  if (error instanceof DiscoveryFailure) return refuse(`The token cannot be verified now: ${error.message}`);
  // Unreachable provider: the token cannot be verified now, which is not a reason to accept it.
  return refuse(`The token cannot be verified now: the keys of ${oidc.issuer} could not be fetched`);
}

/**
 * Verifies tokens of an OpenID Connect provider through its JWKS, discovered from its openid-configuration on
 * the first such token (not at boot: the ledger starts while the provider is down). jose's remote key set caches
 * the keys and fetches them again when a token names a kid it does not know (key rotation), at most every 30 s.
 */
export class OidcVerifier {
  private keys: Promise<KeySet> | undefined;

  constructor(
    private readonly oidc: OidcConfig,
    private readonly clockSkewSeconds: number,
    private readonly lifetimeMaxSeconds: number,
  ) {}

  /** Whether the token says it comes from this provider (unverified: it only chooses the verification). */
  claimsIssuer(token: string): boolean {
    try {
      return decodeJwt(token).iss === this.oidc.issuer;
    } catch {
      return false;
    }
  }

  async verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, await this.keySet(), {
        issuer: this.oidc.issuer,
        audience: this.oidc.audience,
        algorithms: oidcAlgorithms,
        clockTolerance: this.clockSkewSeconds,
        maxTokenAge: this.lifetimeMaxSeconds,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      return payload;
    } catch (error) {
      throw oidcFailure(error, this.oidc);
    }
  }

  private keySet(): Promise<KeySet> {
    this.keys ??= this.discover().catch((error: unknown) => {
      // A failed discovery is tried again on the next token rather than remembered.
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<KeySet> {
    const url = `${this.oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let metadata: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(discoveryTimeoutMs), redirect: 'error' });
      if (!response.ok) throw new DiscoveryFailure(`${url} answered ${response.status}`);
      metadata = (await response.json()) as typeof metadata;
    } catch (error) {
      throw error instanceof DiscoveryFailure ? error : new DiscoveryFailure(`${url} could not be read`);
    }
    // OpenID Connect Discovery §4.3: the document must name exactly the issuer it was fetched for.
    if (metadata.issuer !== this.oidc.issuer)
      throw new DiscoveryFailure(`${url} names another issuer (${String(metadata.issuer)})`);
    if (typeof metadata.jwks_uri !== 'string' || !URL.canParse(metadata.jwks_uri))
      throw new DiscoveryFailure(`${url} names no jwks_uri`);
    return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: discoveryTimeoutMs });
  }
}
