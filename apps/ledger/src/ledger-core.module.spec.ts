import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '#event-store';
import { anEvent } from '../../../libs/event-store/src/testing/event-store.contract.js';
import type { LedgerConfig } from './config.js';
import { createEventStore, openReadDatabase } from './ledger-core.module.js';

describe('openReadDatabase', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-database-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('commits the read models without waiting for an fsync (WAL, NORMAL); the event log keeps FULL', () => {
    const readModels = openReadDatabase({ dataDir } as LedgerConfig);
    expect(readModels.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(readModels.pragma('synchronous', { simple: true })).toBe(1n);
    readModels.close();
    const events = openDatabase(join(dataDir, 'events.sqlite'));
    expect(events.pragma('synchronous', { simple: true })).toBe(2n);
    events.close();
  });
});

describe('createEventStore', () => {
  let dataDir: string;
  // Linux (this project's platform) lists a process's threads here; a worker thread is one more.
  const threads = () => readdirSync('/proc/self/task').length;
  const config = () => ({ dataDir, eventStore: { kind: 'sqlite' } }) as LedgerConfig;
  const probeEvents = (partnerId: string) => [anEvent({ type: 'Probe', data: { partnerId } })];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'event-store-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("appends in the store's writer thread by default (the service's API thread writes nothing)", async () => {
    const store = createEventStore(config());
    const before = threads();
    await store.appendToStream('probe-1', probeEvents('p1'), { expectedVersion: 0 });
    expect(threads()).toBeGreaterThan(before);
    await store.close();
  });

  it('appends on the calling thread when asked (a CLI), with the same answer', async () => {
    const store = createEventStore(config(), { appendsInThread: true });
    const before = threads();
    const appended = await store.appendToStream('probe-1', probeEvents('p1'), { expectedVersion: 0 });
    expect(threads()).toBe(before);
    expect(appended).toEqual({ nextExpectedVersion: 1, position: 1n });
    expect((await store.readStream('probe-1')).events.map((event) => event.data)).toEqual([{ partnerId: 'p1' }]);
    await store.close();
  });
});
