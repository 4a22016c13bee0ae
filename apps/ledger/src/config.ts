import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { parseAuditPrivateKey, parseAuditPublicKey } from './common/audit-key.js';

export const ledgerRoles = ['api', 'projector', 'relay'] as const;
export type LedgerRole = (typeof ledgerRoles)[number];

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === '') return fallback;
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        context.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return Number(value);
    });

/** An optional Ed25519 key, parsed once; the message says what is wrong without echoing the key. */
const auditKey = (parse: (text: string) => KeyObject) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === '') return undefined;
      try {
        return parse(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message.split('\n')[0]! });
        return z.NEVER;
      }
    });

/** The rule for the JWT secret, from the variable or the generated file alike. */
export const jwtSecretRule = 'must be at least 32 characters, not counting surrounding whitespace';
// The secret signs every token: a short or blank one is guessable, so the service refuses to boot with it.
export function isStrongSecret(secret: string): boolean {
  return secret.trim().length >= 32;
}

/** A claim name: the exact top-level name, so namespaced claims (`https://example.com/role`) work as they are. */
const claimName = (fallback: string) => z.string().trim().min(1).default(fallback);

/** Loopback issuers (a provider on the same machine, tests) may use http; any other issuer must use https. */
function isAcceptableIssuer(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.search || url.hash || url.username || url.password) return false;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
}

const schema = z
  .object({
    PORT: integer(3000, 0, 65535),
    HOST: z.string().min(1).default('0.0.0.0'),
    LEDGER_DATA_DIR: z.string().min(1).default('./data'),
    EVENT_STORE: z.enum(['sqlite', 'esdb']).default('sqlite'),
    ESDB_CONNECTION_STRING: z
      .string()
      .regex(/^(esdb|kurrentdb)(\+discover)?:\/\//, 'must start with esdb:// or kurrentdb://')
      .optional(),
    LEDGER_JWT_SECRET: z.string().refine(isStrongSecret, jwtSecretRule).optional(),
    LEDGER_JWT_LIFETIME_MAX_HOURS: integer(720, 1, 8760),
    LEDGER_JWT_CLOCK_SKEW_SECONDS: integer(30, 0, 300),
    LEDGER_OIDC_ISSUER: z
      .string()
      .refine(isAcceptableIssuer, 'must be an https URL (http only on a loopback host) without query or fragment')
      .optional(),
    LEDGER_OIDC_AUDIENCE: z.string().trim().min(1).optional(),
    LEDGER_OIDC_ROLE_CLAIM: claimName('role'),
    LEDGER_OIDC_PARTNER_CLAIM: claimName('partner_id'),
    LEDGER_OIDC_CONSOLE_CLIENT_ID: z.string().trim().min(1).optional(),
    LEDGER_OIDC_CONSOLE_SCOPE: z.string().trim().min(1).default('openid'),
    LEDGER_ROLES: z
      .string()
      .default('api,projector,relay')
      .transform((value) =>
        value
          .split(',')
          .map((role) => role.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(ledgerRoles)).min(1, 'must name at least one role')),
    KAFKA_BROKERS: z
      .string()
      .optional()
      .transform((value) =>
        value
          ? value
              .split(',')
              .map((broker) => broker.trim())
              .filter(Boolean)
          : [],
      )
      .pipe(z.array(z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port, comma-separated'))),
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[\w.-]+$/, 'must be letters, digits, dots, dashes or underscores')
      .default('partner-ledger'),
    KAFKA_CLIENT_ID: z.string().min(1).default('partner-ledger'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT_BYTES: integer(1_048_576, 1024, 104_857_600),
    READ_WAIT_TIMEOUT_MS: integer(5000, 0, 60_000),
    RATE_LIMIT_PER_MINUTE: integer(1200, 1, 100_000_000),
    HTTP_REQUEST_TIMEOUT_MS: integer(30_000, 500, 600_000),
    HTTP_IDLE_TIMEOUT_MS: integer(5000, 500, 600_000),
    HTTP_CONNECTIONS_MAX: integer(1024, 1, 1_000_000),
    LEDGER_SNAPSHOT_EVERY_EVENTS: integer(20_000, 0, 1_000_000_000),
    LEDGER_IMPORTS_RUNNING_MAX: integer(2, 1, 64),
    LEDGER_DRY_RUN_BYTES_MAX: integer(536_870_912, 0, 68_719_476_736),
    LEDGER_SIMULATIONS_RUNNING_MAX: integer(2, 1, 64),
    LEDGER_POLL_INTERVAL_MS: integer(250, 5, 60_000),
    LEDGER_PROJECTOR_THREAD: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
    LEDGER_AUDIT_KEY: auditKey(parseAuditPrivateKey),
    LEDGER_AUDIT_PUBLIC_KEY: auditKey(parseAuditPublicKey),
  })
  .superRefine((env, context) => {
    if (env.EVENT_STORE === 'esdb' && !env.ESDB_CONNECTION_STRING) {
      context.addIssue({
        code: 'custom',
        path: ['ESDB_CONNECTION_STRING'],
        message: 'is required when EVENT_STORE=esdb',
      });
    }
    if (env.LEDGER_OIDC_ISSUER && !env.LEDGER_OIDC_AUDIENCE) {
      // Without an audience check, a token the provider issued for any other application would be accepted.
      context.addIssue({
        code: 'custom',
        path: ['LEDGER_OIDC_AUDIENCE'],
        message: 'is required with LEDGER_OIDC_ISSUER',
      });
    }
  });

/** Tokens of an OpenID Connect provider, accepted besides the locally signed ones. */
export interface OidcConfig {
  /** Exactly the `iss` of its tokens; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** The `aud` a token must name to be accepted here. */
  readonly audience: string;
  /** The claims holding the ledger role and, for partner users, the partner id. */
  readonly roleClaim: string;
  readonly partnerClaim: string;
  /** The console's public client (authorization code with PKCE); without it the console offers local sign-in only. */
  readonly consoleClientId: string | undefined;
  readonly consoleScope: string;
}

export interface LedgerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStore: { readonly kind: 'sqlite' } | { readonly kind: 'esdb'; readonly connectionString: string };
  readonly jwtSecret: string | undefined;
  /** Tokens must carry exp and iat, and live at most this long (exp - iat). */
  readonly jwtLifetimeMaxSeconds: number;
  /** How far the issuer's clock may be off: exp, nbf and iat are checked with this tolerance. */
  readonly jwtClockSkewSeconds: number;
  /** Set with LEDGER_OIDC_ISSUER: such tokens are verified by the issuer's keys, with the same clock skew. */
  readonly oidc: OidcConfig | undefined;
  readonly roles: ReadonlySet<LedgerRole>;
  readonly kafka:
    { readonly brokers: readonly string[]; readonly topicPrefix: string; readonly clientId: string } | undefined;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  readonly readWaitTimeoutMs: number;
  readonly rateLimitPerMinute: number;
  readonly http: {
    /** A request's headers and body must all arrive within this, or it is answered 408 and closed. */
    readonly requestTimeoutMs: number;
    /** How long a kept-alive connection may sit idle between requests. */
    readonly idleTimeoutMs: number;
    /** Open connections beyond this are refused at accept. */
    readonly connectionsMax: number;
  };
  /** The commission engine's state is saved to disk every this many events and at period closes; 0: never. */
  readonly snapshotEveryEvents: number;
  /** How many imports may be received or run at once; another is refused with 429 IMPORTS_BUSY. */
  readonly importsRunningMax: number;
  /**
   * How much of its lines' appends a dry run keeps to decide the lines after them (about 1.1 KB an event); past it,
   * the rest of its lines are checked by their validation alone. Bounds a dry run's memory, which grows with its file.
   */
  readonly dryRunBytesMax: number;
  /** How many simulations (POST /rule-sets/simulate) may run at once; another is refused with 429 SIMULATIONS_BUSY. */
  readonly simulationsRunningMax: number;
  /**
   * How often the projector and the MDF reactor look for events another process committed, in ms; this process's
   * own appends wake them (the projector spaced under load). With the projector in a process of its own it bounds
   * the projection lag.
   */
  readonly pollIntervalMs: number;
  /**
   * Whether a process with the projector role projects in a worker thread of its own (the default), or on its
   * main thread beside the API (LEDGER_PROJECTOR_THREAD=false).
   */
  readonly projectorThread: boolean;
  /**
   * The auditor's keys for signed anchors, from the environment only (never the data folder). The public
   * key is LEDGER_AUDIT_PUBLIC_KEY, else the one of LEDGER_AUDIT_KEY.
   */
  readonly audit: { readonly privateKey: KeyObject | undefined; readonly publicKey: KeyObject | undefined };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once, at boot, into a typed object. Pure: the caller passes the
 * environment. A bad value stops the boot with a message naming the variable and the rule.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): LedgerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    host: value.HOST,
    dataDir: value.LEDGER_DATA_DIR,
    eventStore:
      value.EVENT_STORE === 'esdb'
        ? { kind: 'esdb', connectionString: value.ESDB_CONNECTION_STRING! }
        : { kind: 'sqlite' },
    jwtSecret: value.LEDGER_JWT_SECRET,
    jwtLifetimeMaxSeconds: value.LEDGER_JWT_LIFETIME_MAX_HOURS * 3600,
    jwtClockSkewSeconds: value.LEDGER_JWT_CLOCK_SKEW_SECONDS,
    oidc: value.LEDGER_OIDC_ISSUER
      ? {
          issuer: value.LEDGER_OIDC_ISSUER,
          audience: value.LEDGER_OIDC_AUDIENCE!,
          roleClaim: value.LEDGER_OIDC_ROLE_CLAIM,
          partnerClaim: value.LEDGER_OIDC_PARTNER_CLAIM,
          consoleClientId: value.LEDGER_OIDC_CONSOLE_CLIENT_ID,
          consoleScope: value.LEDGER_OIDC_CONSOLE_SCOPE,
        }
      : undefined,
    roles: new Set(value.LEDGER_ROLES),
    kafka:
      value.KAFKA_BROKERS.length > 0
        ? { brokers: value.KAFKA_BROKERS, topicPrefix: value.KAFKA_TOPIC_PREFIX, clientId: value.KAFKA_CLIENT_ID }
        : undefined,
    logLevel: value.LOG_LEVEL,
    bodyLimitBytes: value.BODY_LIMIT_BYTES,
    readWaitTimeoutMs: value.READ_WAIT_TIMEOUT_MS,
    rateLimitPerMinute: value.RATE_LIMIT_PER_MINUTE,
    http: {
      requestTimeoutMs: value.HTTP_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: value.HTTP_IDLE_TIMEOUT_MS,
      connectionsMax: value.HTTP_CONNECTIONS_MAX,
    },
    snapshotEveryEvents: value.LEDGER_SNAPSHOT_EVERY_EVENTS,
    importsRunningMax: value.LEDGER_IMPORTS_RUNNING_MAX,
    dryRunBytesMax: value.LEDGER_DRY_RUN_BYTES_MAX,
    simulationsRunningMax: value.LEDGER_SIMULATIONS_RUNNING_MAX,
    pollIntervalMs: value.LEDGER_POLL_INTERVAL_MS,
    projectorThread: value.LEDGER_PROJECTOR_THREAD === 'true',
    audit: {
      privateKey: value.LEDGER_AUDIT_KEY,
      publicKey: value.LEDGER_AUDIT_PUBLIC_KEY ?? (value.LEDGER_AUDIT_KEY && createPublicKey(value.LEDGER_AUDIT_KEY)),
    },
  };
}
