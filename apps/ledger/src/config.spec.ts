import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs with no external service by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', eventStore: { kind: 'sqlite' }, kafka: undefined, jwtSecret: undefined });
    expect([...config.roles]).toEqual(['api', 'projector', 'relay']);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', LEDGER_DATA_DIR: '/var/ledger', EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      LEDGER_ROLES: 'relay', KAFKA_BROKERS: 'a:9092, b:9093', KAFKA_TOPIC_PREFIX: 'acme', LEDGER_JWT_SECRET: 'x'.repeat(32),
    });
    expect(config).toMatchObject({ port: 8080, dataDir: '/var/ledger', eventStore: { kind: 'esdb', connectionString: 'esdb://localhost:2113?tls=false' }, kafka: { brokers: ['a:9092', 'b:9093'], topicPrefix: 'acme' } });
    expect([...config.roles]).toEqual(['relay']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be an integer from 0 to 65535'],
    [{ EVENT_STORE: 'postgres' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'esdb' }, 'ESDB_CONNECTION_STRING is required when EVENT_STORE=esdb'],
    [{ LEDGER_ROLES: 'api,web' }, 'LEDGER_ROLES'],
    [{ KAFKA_BROKERS: 'localhost' }, 'KAFKA_BROKERS must be host:port'],
    [{ LEDGER_JWT_SECRET: 'short' }, 'LEDGER_JWT_SECRET must be at least 32 characters'],
  ])('stops on %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
