import { openDatabase, SqliteEventStore } from '#event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anEvent } from '../../event-store/src/testing/event-store.contract.js';
import { verifyLogChain } from './log-chain.js';
import { Projector } from './projector.js';
import { projections } from './projections.js';

describe('the hash chain over the log', () => {
  let folder: string;
  let store: SqliteEventStore;
  let db: ReturnType<typeof openDatabase>;
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-chain-'));
    store = new SqliteEventStore({ path: join(folder, 'events.sqlite') });
    db = openDatabase(join(folder, 'read-models.sqlite'));
    for (let index = 1; index <= 12; index += 1) {
      await store.appendToStream(`test-${index % 3}`, [anEvent({ data: { amount: `${index}.00` } })], {
        expectedVersion: Math.floor((index - 1) / 3),
      });
    }
    const projector = new Projector({ store, db, projections, batchSize: 5 });
    await projector.runUntilCaughtUp();
  });
  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const tamper = (sql: string) => {
    const raw = openDatabase(join(folder, 'events.sqlite'));
    raw.exec(sql);
    raw.close();
  };

  it('verifies an untouched log, and survives a rebuild of the read models', async () => {
    await expect(verifyLogChain(store, db, { batchSize: 4 })).resolves.toEqual({
      ok: true,
      eventsChecked: 12,
      headPosition: 12n,
    });
    await new Projector({ store, db, projections }).rebuild();
    await expect(verifyLogChain(store, db)).resolves.toMatchObject({ ok: true, eventsChecked: 12 });
  });

  it('names the position of an event edited in the store file', async () => {
    tamper(`UPDATE events SET data = '{"amount":"7000.00"}' WHERE position = 7`);
    await expect(verifyLogChain(store, db, { batchSize: 4 })).resolves.toMatchObject({
      ok: false,
      position: 7n,
      reason: 'the event differs from the one that was chained',
    });
  });

  it('names the position of an event deleted from the store file', async () => {
    tamper('DELETE FROM events WHERE position = 5');
    await expect(verifyLogChain(store, db)).resolves.toMatchObject({ ok: false, position: 5n });
  });

  it('names the position of an edited metadata field, and of a removed tail', async () => {
    tamper(`UPDATE events SET metadata = json_set(metadata, '$.actor', 'mallory') WHERE position = 3`);
    await expect(verifyLogChain(store, db)).resolves.toMatchObject({ ok: false, position: 3n });
    tamper(`UPDATE events SET metadata = json_set(metadata, '$.actor', 'contract') WHERE position = 3`);
    await expect(verifyLogChain(store, db)).resolves.toMatchObject({ ok: true });
    tamper('DELETE FROM events WHERE position > 10');
    await expect(verifyLogChain(store, db)).resolves.toMatchObject({
      ok: false,
      position: 11n,
      reason: 'a chained event is missing from the log',
    });
  });
});
