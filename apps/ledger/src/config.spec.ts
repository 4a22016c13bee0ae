import { generateKeyPairSync } from 'node:crypto';
import { generateAuditKeyLines } from './common/audit-key.js';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs with no external service by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      dataDir: './data',
      eventStore: { kind: 'sqlite' },
      kafka: undefined,
      jwtSecret: undefined,
    });
    expect([...config.roles]).toEqual(['api', 'projector', 'relay']);
  });

  it('ships a real rate limit, request and idle timeouts, a connection limit and a token lifetime cap', () => {
    expect(loadConfig({})).toMatchObject({
      rateLimitPerMinute: 1200,
      http: { requestTimeoutMs: 30_000, idleTimeoutMs: 5000, connectionsMax: 1024 },
      jwtLifetimeMaxSeconds: 720 * 3600,
      jwtClockSkewSeconds: 30,
      snapshotEveryEvents: 20_000,
    });
  });

  it('reads the snapshot interval, 0 turning snapshots off, and refuses one out of range', () => {
    expect(loadConfig({ LEDGER_SNAPSHOT_EVERY_EVENTS: '0' }).snapshotEveryEvents).toBe(0);
    expect(loadConfig({ LEDGER_SNAPSHOT_EVERY_EVENTS: '5000' }).snapshotEveryEvents).toBe(5000);
    expect(() => loadConfig({ LEDGER_SNAPSHOT_EVERY_EVENTS: '-1' })).toThrow(/LEDGER_SNAPSHOT_EVERY_EVENTS must be/);
  });

  it('reads how many imports may be received or run at once, 2 unless told, and refuses a value out of range', () => {
    expect(loadConfig({}).importsRunningMax).toBe(2);
    expect(loadConfig({ LEDGER_IMPORTS_RUNNING_MAX: '5' }).importsRunningMax).toBe(5);
    expect(() => loadConfig({ LEDGER_IMPORTS_RUNNING_MAX: '0' })).toThrow(/LEDGER_IMPORTS_RUNNING_MAX must be/);
  });

  it("reads how often the log's followers poll for other processes' events, and refuses a value out of range", () => {
    expect(loadConfig({}).pollIntervalMs).toBe(250);
    expect(loadConfig({ LEDGER_POLL_INTERVAL_MS: '50' }).pollIntervalMs).toBe(50);
    expect(() => loadConfig({ LEDGER_POLL_INTERVAL_MS: '0' })).toThrow(/LEDGER_POLL_INTERVAL_MS must be/);
    expect(() => loadConfig({ LEDGER_POLL_INTERVAL_MS: 'soon' })).toThrow(/LEDGER_POLL_INTERVAL_MS/);
  });

  it('reads the HTTP limits and the token rules', () => {
    const config = loadConfig({
      RATE_LIMIT_PER_MINUTE: '100000000',
      HTTP_REQUEST_TIMEOUT_MS: '1000',
      HTTP_IDLE_TIMEOUT_MS: '2000',
      HTTP_CONNECTIONS_MAX: '10',
      LEDGER_JWT_LIFETIME_MAX_HOURS: '12',
      LEDGER_JWT_CLOCK_SKEW_SECONDS: '0',
    });
    expect(config).toMatchObject({
      rateLimitPerMinute: 100_000_000,
      http: { requestTimeoutMs: 1000, idleTimeoutMs: 2000, connectionsMax: 10 },
      jwtLifetimeMaxSeconds: 12 * 3600,
      jwtClockSkewSeconds: 0,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      LEDGER_DATA_DIR: '/var/ledger',
      EVENT_STORE: 'esdb',
      ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      LEDGER_ROLES: 'relay',
      KAFKA_BROKERS: 'a:9092, b:9093',
      KAFKA_TOPIC_PREFIX: 'acme',
      LEDGER_JWT_SECRET: 'x'.repeat(32),
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/ledger',
      eventStore: { kind: 'esdb', connectionString: 'esdb://localhost:2113?tls=false' },
      kafka: { brokers: ['a:9092', 'b:9093'], topicPrefix: 'acme' },
    });
    expect([...config.roles]).toEqual(['relay']);
  });

  it('accepts OpenID Connect tokens only when an issuer is set, with role and partner claims by default', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    const config = loadConfig({
      LEDGER_OIDC_ISSUER: 'https://login.example.com/realms/acme',
      LEDGER_OIDC_AUDIENCE: 'ledger',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://login.example.com/realms/acme',
      audience: 'ledger',
      roleClaim: 'role',
      partnerClaim: 'partner_id',
      consoleClientId: undefined,
      consoleScope: 'openid',
    });
  });

  it('reads the OpenID Connect claims and console client, and allows http for a provider on this machine', () => {
    const config = loadConfig({
      LEDGER_OIDC_ISSUER: 'http://127.0.0.1:8080',
      LEDGER_OIDC_AUDIENCE: 'https://ledger.example.com',
      LEDGER_OIDC_ROLE_CLAIM: 'https://ledger.example.com/role',
      LEDGER_OIDC_PARTNER_CLAIM: 'partner',
      LEDGER_OIDC_CONSOLE_CLIENT_ID: 'ledger-console',
      LEDGER_OIDC_CONSOLE_SCOPE: 'openid ledger',
    });
    expect(config.oidc).toMatchObject({
      issuer: 'http://127.0.0.1:8080',
      roleClaim: 'https://ledger.example.com/role',
      partnerClaim: 'partner',
      consoleClientId: 'ledger-console',
      consoleScope: 'openid ledger',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be an integer from 0 to 65535'],
    [{ EVENT_STORE: 'postgres' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'esdb' }, 'ESDB_CONNECTION_STRING is required when EVENT_STORE=esdb'],
    [{ LEDGER_ROLES: 'api,web' }, 'LEDGER_ROLES'],
    [{ KAFKA_BROKERS: 'localhost' }, 'KAFKA_BROKERS must be host:port'],
    [{ LEDGER_JWT_SECRET: 'short' }, 'LEDGER_JWT_SECRET must be at least 32 characters'],
    [{ LEDGER_JWT_SECRET: 'x' }, 'LEDGER_JWT_SECRET must be at least 32 characters'],
    [{ LEDGER_JWT_SECRET: ' '.repeat(40) }, 'LEDGER_JWT_SECRET must be at least 32 characters, not counting'],
    [{ LEDGER_JWT_SECRET: ` ${'x'.repeat(20)}\t\n${' '.repeat(20)}` }, 'LEDGER_JWT_SECRET must be at least 32'],
    [{ LEDGER_JWT_LIFETIME_MAX_HOURS: '0' }, 'LEDGER_JWT_LIFETIME_MAX_HOURS must be an integer from 1 to 8760'],
    [{ LEDGER_JWT_CLOCK_SKEW_SECONDS: '3600' }, 'LEDGER_JWT_CLOCK_SKEW_SECONDS must be an integer from 0 to 300'],
    [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, 'HTTP_REQUEST_TIMEOUT_MS must be an integer from 500 to 600000'],
    [{ HTTP_IDLE_TIMEOUT_MS: 'forever' }, 'HTTP_IDLE_TIMEOUT_MS must be an integer'],
    [{ HTTP_CONNECTIONS_MAX: '0' }, 'HTTP_CONNECTIONS_MAX must be an integer from 1'],
    [{ LEDGER_OIDC_ISSUER: 'https://login.example.com' }, 'LEDGER_OIDC_AUDIENCE is required with LEDGER_OIDC_ISSUER'],
    [
      { LEDGER_OIDC_ISSUER: 'http://login.example.com', LEDGER_OIDC_AUDIENCE: 'a' },
      'LEDGER_OIDC_ISSUER must be an https',
    ],
    [{ LEDGER_OIDC_ISSUER: 'login.example.com', LEDGER_OIDC_AUDIENCE: 'a' }, 'LEDGER_OIDC_ISSUER must be an https'],
    [{ LEDGER_OIDC_ISSUER: 'https://x.example?tenant=1', LEDGER_OIDC_AUDIENCE: 'a' }, 'LEDGER_OIDC_ISSUER must be'],
  ])('stops on %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the audit keys once, PEM or base64 DER, the public one derived from the private one when unset', () => {
    const lines = Object.fromEntries(
      generateAuditKeyLines()
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const fromPrivate = loadConfig({ LEDGER_AUDIT_KEY: lines['LEDGER_AUDIT_KEY'] }).audit;
    expect(fromPrivate.privateKey?.asymmetricKeyType).toBe('ed25519');
    const explicit = loadConfig({ LEDGER_AUDIT_PUBLIC_KEY: lines['LEDGER_AUDIT_PUBLIC_KEY'] }).audit;
    expect(explicit.privateKey).toBeUndefined();
    expect(explicit.publicKey!.equals(fromPrivate.publicKey!)).toBe(true);
    const pem = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(loadConfig({ LEDGER_AUDIT_PUBLIC_KEY: pem }).audit.publicKey?.asymmetricKeyType).toBe('ed25519');
    expect(loadConfig({}).audit).toEqual({ privateKey: undefined, publicKey: undefined });
  });

  it('refuses an audit key that is not Ed25519, not a key, or a private key given as the public one', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' });
    expect(() => loadConfig({ LEDGER_AUDIT_PUBLIC_KEY: rsa.toString() })).toThrow(
      'LEDGER_AUDIT_PUBLIC_KEY must be an Ed25519 key, PEM or one-line base64 DER, not rsa',
    );
    expect(() => loadConfig({ LEDGER_AUDIT_KEY: 'garbage' })).toThrow('LEDGER_AUDIT_KEY must be an Ed25519 key');
    const secret = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadConfig({ LEDGER_AUDIT_PUBLIC_KEY: secret })).toThrow(
      'LEDGER_AUDIT_PUBLIC_KEY must be the public key',
    );
  });
});
