import { loadConfig } from '../../config.js';
import { cliConfig, seedSnapshotEveryEvents } from './seed-config.js';

describe('cliConfig', () => {
  const env = { LEDGER_JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters' };
  const config = loadConfig(env);

  it('spaces the snapshots of a seed out of reach of any log, so only quarter starts and closes are saved', () => {
    expect(config.snapshotEveryEvents).toBe(20_000);
    expect(cliConfig(config, ['seed', '--events', '1000000'], env).snapshotEveryEvents).toBe(seedSnapshotEveryEvents);
    expect(cliConfig(config, ['--no-color', 'seed'], env).snapshotEveryEvents).toBe(seedSnapshotEveryEvents);
  });

  it('keeps the spacing the environment sets, and every other command as configured', () => {
    const set = { ...env, LEDGER_SNAPSHOT_EVERY_EVENTS: '5000' };
    expect(cliConfig(loadConfig(set), ['seed'], set).snapshotEveryEvents).toBe(5000);
    const off = { ...env, LEDGER_SNAPSHOT_EVERY_EVENTS: '0' };
    expect(cliConfig(loadConfig(off), ['seed'], off).snapshotEveryEvents).toBe(0);
    expect(cliConfig(config, ['rebuild'], env)).toBe(config);
    expect(cliConfig(config, ['verify', 'seed'], env)).toBe(config);
    expect(cliConfig(config, [], env)).toBe(config);
  });
});
