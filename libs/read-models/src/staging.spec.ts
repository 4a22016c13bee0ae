import { openDatabase } from '#event-store';
import { mkdtempSync, rmSync, statfsSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertRoomToSwap, giveWalBack } from './staging.js';

describe("a swap's room on the disk", () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'ledger-staging-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('gives the disk back the WAL a failed copy grew, as soon as no reader holds it', () => {
    const path = join(folder, 'read-models.sqlite');
    const db = openDatabase(path);
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE rows (body TEXT)');
    const insert = db.prepare('INSERT INTO rows VALUES (?)');
    db.transaction(() => {
      for (let index = 0; index < 2000; index += 1) insert.run('x'.repeat(4000));
    })();
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(8_000_000);
    giveWalBack(db);
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000n);
    db.close();
  });

  it('refuses a copy larger than the free space, naming the folder and both sizes', () => {
    const live = join(folder, 'read-models.sqlite');
    expect(() => assertRoomToSwap(live, [])).not.toThrow(); // the reserve alone: this disk has 128 MB free
    // A scratch file that claims a gigabyte more than the disk has free (sparse: it takes no space).
    const scratch = join(folder, 'scratch.sqlite');
    const db = openDatabase(scratch);
    db.close();
    const { bavail, bsize } = statfsSync(folder);
    truncateSync(scratch, bavail * bsize + 2 ** 30);
    expect(() => assertRoomToSwap(live, [scratch])).toThrow(
      new RegExp(`^The rebuild needs about \\d+ MB free on the disk of ${folder} to copy its rows .* nothing was`),
    );
  });
});
