import { DomainError, partnerDecider, partnerStream } from '#domain';
import { metadata } from '#domain/testing';
import { handleCommand, SqliteEventStore } from '#event-store';
import { until } from '../../event-store/src/testing/until.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { PartnerQueries } from './partners/partners.projection.js';
import { ProjectorThread, type ProjectorThreadSettings } from './projector-thread.js';
import { projections } from './projections.js';
import { openReadModels } from './read-models-database.js';

async function enroll(store: SqliteEventStore, partnerId: string): Promise<bigint> {
  const command = {
    type: 'EnrollPartner' as const,
    data: { partnerId, name: `Partner ${partnerId}`, kind: 'reseller' as const, region: 'EMEA' },
    metadata: metadata(),
  };
  const { position } = await handleCommand(store, partnerDecider, partnerStream(partnerId), command, {
    idempotencyKey: partnerId,
    correlationId: 'c',
    causationId: 'c',
  });
  return position;
}

describe('ProjectorThread (the service projecting in a worker thread of its own)', () => {
  let folder: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  let projector: ProjectorThread;
  let logged: string[] = [];

  beforeEach(() => {
    logged = [];
    folder = mkdtempSync(join(tmpdir(), 'ledger-projector-thread-'));
    const storePath = join(folder, 'events.sqlite');
    store = new SqliteEventStore({ path: storePath });
    db = openReadModels(join(folder, 'read-models.sqlite'));
    const settings: ProjectorThreadSettings = {
      store: { kind: 'sqlite', path: storePath },
      readModelsPath: db.name,
      label: 'the projector thread spec',
      // Far longer than any wait below: the thread is woken by the store's commits, not by its poll.
      pollIntervalMs: 60_000,
    };
    const options = { store, db, projections, readerPollMs: 60_000 };
    projector = new ProjectorThread(options, settings, (level, context, message) =>
      logged.push(`${level} ${context} ${message}`),
    );
  });

  afterEach(async () => {
    await projector.stop();
    await store.close();
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('applies what this thread appends, and wakes a reader waiting for it, with neither side polling', async () => {
    projector.start();
    const position = await enroll(store, 'p-1');
    await projector.waitFor(position, 10_000);
    expect(new PartnerQueries(db).get('p-1')).toMatchObject({ partnerId: 'p-1', name: 'Partner p-1' });
    const status = await projector.status();
    expect(status).toMatchObject({ position, headPosition: position, lag: 0n, healthy: true, writer: true });
  });

  it('answers a rebuild of an unknown projection with the refusal, and runs a real one to its end', async () => {
    projector.start();
    const position = await enroll(store, 'p-1');
    await expect(projector.startRebuild({ only: ['nope'] })).rejects.toMatchObject({ code: 'PROJECTION_UNKNOWN' });
    await expect(projector.startRebuild({ only: ['nope'] })).rejects.toBeInstanceOf(DomainError);
    await projector.rebuild({ only: ['partners'] });
    expect(projector.rebuildStatus()).toMatchObject({ projections: ['partners'], state: 'done', total: position });
    const reports = await projector.projectionReports();
    expect(reports.find((report) => report.name === 'partners')).toMatchObject({ position, state: 'caught_up' });
    expect(new PartnerQueries(db).get('p-1')).toMatchObject({ partnerId: 'p-1' });
  });

  it('catches up on request, and reports a stopped thread as unhealthy rather than failing', async () => {
    projector.start();
    await enroll(store, 'p-1');
    await projector.runUntilCaughtUp();
    expect(new PartnerQueries(db).get('p-1')).toBeDefined();
    await projector.stop();
    const status = await projector.status();
    expect(status).toMatchObject({ healthy: false, error: 'The projector thread is not running' });
    await expect(projector.runUntilCaughtUp()).rejects.toThrow('The projector thread is not running');
    expect(logged).toEqual([]);
  });

  it('reports a thread that died, and starts it again while the service runs', async () => {
    const broken = new ProjectorThread(
      { store, db, projections },
      // A log that cannot be opened: the thread throws at its start and exits.
      {
        store: { kind: 'sqlite', path: join(folder, 'missing', 'events.sqlite') },
        readModelsPath: db.name,
        label: 'a broken projector thread',
        pollIntervalMs: 60_000,
      },
      (level, context, message) => logged.push(`${level} ${context} ${message}`),
    );
    broken.start();
    const restarted = (line: string) => line.includes('The projector thread exited (code 1); starting it again');
    await until(() => logged.filter(restarted).length >= 2, 'two exits, the second after a restart', 10_000);
    expect(logged).toContainEqual(expect.stringMatching(/^error Projector The projector thread failed: .*open/));
    await broken.stop();
    expect(await broken.status()).toMatchObject({ healthy: false, error: 'The projector thread is not running' });
  });
});
