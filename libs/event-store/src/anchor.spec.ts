import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAnchor, takeAnchor, type Anchor } from './anchor.js';
import { openDatabase, SqliteEventStore } from './sqlite-event-store.js';
import { anEvent } from './testing/event-store.contract.js';
import { rewriteChain } from './testing/rewrite-chain.js';

const auditor = generateKeyPairSync('ed25519');
const takenAt = '2026-01-31T00:00:00.000Z';

describe('signed anchors of the log', () => {
  let folder: string;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-anchor-'));
    path = join(folder, 'events.sqlite');
    store = new SqliteEventStore({ path });
    for (let index = 1; index <= 6; index += 1) {
      await store.appendToStream(`s-${index}`, [anEvent()], { expectedVersion: 0 });
    }
  });
  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Changes the file as an attacker with write access would: the edit, then every chain hash recomputed. */
  function tamper(sql: string): void {
    const db = openDatabase(path);
    db.prepare(sql).run();
    rewriteChain(db);
    db.close();
  }

  it('holds while the log only grows past the anchored head', async () => {
    const anchor = await takeAnchor(store, auditor.privateKey, takenAt);
    expect(anchor).toMatchObject({ position: '6', events: 6, takenAt });
    await store.appendToStream('s-7', [anEvent()], { expectedVersion: 0 });
    expect(await checkAnchor(store, anchor, auditor.publicKey)).toEqual({ ok: true, position: 6n, events: 6 });
  });

  it('names the position of an event edited after the anchor, though every stored hash was recomputed', async () => {
    const anchor = await takeAnchor(store, auditor.privateKey, takenAt);
    tamper(`UPDATE events SET data = '{"edited":true}' WHERE position = 4`);
    expect(await checkAnchor(store, anchor, auditor.publicKey)).toMatchObject({ ok: false, position: 4n });
  });

  it('names the event that took the place of one removed from inside the anchored log', async () => {
    const anchor = await takeAnchor(store, auditor.privateKey, takenAt);
    tamper('DELETE FROM events WHERE position = 3');
    expect(await checkAnchor(store, anchor, auditor.publicKey)).toMatchObject({ ok: false, position: 4n });
  });

  it('reports a log shorter than the anchor, naming the anchored head', async () => {
    const anchor = await takeAnchor(store, auditor.privateKey, takenAt);
    tamper('DELETE FROM events WHERE position = 6');
    expect(await checkAnchor(store, anchor, auditor.publicKey)).toEqual({
      ok: false,
      position: 6n,
      reason: 'the log ends at position 5, before the anchored head',
    });
  });

  it('refuses an altered anchor, and one signed by another key even when it names that key', async () => {
    const anchor = await takeAnchor(store, auditor.privateKey, takenAt);
    const altered: Anchor = { ...anchor, position: '5' };
    expect(await checkAnchor(store, altered, auditor.publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('bad signature') as string,
    });
    const attacker = generateKeyPairSync('ed25519');
    const forged = await takeAnchor(store, attacker.privateKey, takenAt);
    expect(await checkAnchor(store, forged, auditor.publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not the trusted key') as string,
    });
    expect(await checkAnchor(store, { format: 'something else' }, auditor.publicKey)).toMatchObject({ ok: false });
  });
});
