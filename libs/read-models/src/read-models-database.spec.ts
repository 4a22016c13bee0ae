import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModels } from './read-models-database.js';

describe('openReadModels', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'ledger-read-models-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("names a file it cannot read as a database, and that the log rebuilds it, instead of SQLite's bare words", () => {
    const path = join(folder, 'read-models.sqlite');
    writeFileSync(path, 'not a database, but long enough to be read as a header by SQLite'.repeat(100));
    expect(() => openReadModels(path)).toThrow(
      `${path} cannot be read as a SQLite database (SQLITE_NOTADB: file is not a database). It holds only what the ` +
        'event log derives: stop every ledger process, move it aside with its -wal and -shm files, and start the ' +
        'service again; every projection is rebuilt from the log.',
    );
  });

  it('opens a new file, and a file it wrote, as before', () => {
    const path = join(folder, 'read-models.sqlite');
    const db = openReadModels(path);
    db.exec('CREATE TABLE kept (id INTEGER)');
    db.close();
    const again = openReadModels(path);
    expect(again.prepare("SELECT name FROM sqlite_master WHERE name = 'kept'").pluck().get()).toBe('kept');
    again.close();
  });
});
