import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, runCli } from '../support/cli.js';

const secret = 'seed-e2e-secret-that-is-at-least-32-characters';

interface Row {
  position: bigint;
  event_id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
}

/** An event as stored: its payload is whichever event type it is, read field by field below. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the payloads of every event type, read as JSON
type Payload = Record<string, any>;
type LoggedEvent = Omit<Row, 'data' | 'metadata'> & { data: Payload; metadata: Payload };

/** The log as stored, read straight from the SQLite file the CLI wrote. */
function readLog(dataDir: string): LoggedEvent[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  db.defaultSafeIntegers(true);
  try {
    return db
      .prepare<[], Row>('SELECT * FROM events ORDER BY position')
      .all()
      .map((row) => ({ ...row, data: JSON.parse(row.data), metadata: JSON.parse(row.metadata) }));
  } finally {
    db.close();
  }
}

/** The log as stored events with their streams and revisions, sorted: equal logs compare equal in any global order. */
function byStream(events: LoggedEvent[]): string[] {
  return events
    .map(({ event_id, stream, revision, type, data, metadata }) =>
      JSON.stringify([stream, Number(revision), event_id, type, data, metadata]),
    )
    .sort();
}

/** Each stream's events in revision order (the log is read in position order), as comparable JSON. */
function streamsOf(events: LoggedEvent[]): Map<string, string[]> {
  const streams = new Map<string, string[]>();
  for (const { event_id, stream, revision, type, data, metadata } of events) {
    const stored = JSON.stringify([Number(revision), event_id, type, data, metadata]);
    streams.set(stream, [...(streams.get(stream) ?? []), stored]);
  }
  return streams;
}

/** How many events the log holds now (0 before the file exists), read beside a writer as WAL allows. */
function eventsIn(dataDir: string): number {
  const path = join(dataDir, 'events.sqlite');
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true });
  try {
    return Number(db.prepare<[], { count: bigint }>('SELECT count(*) AS count FROM events').get()?.count ?? 0);
  } catch {
    return 0; // the schema is not created yet
  } finally {
    db.close();
  }
}

/** Starts the seed and kills it (SIGKILL) once the log holds `eventsAtLeast` events; answers how many it held. */
async function killSeedMidway(dataDir: string, secret: string, args: string[], eventsAtLeast: number): Promise<number> {
  const child = spawn(process.execPath, [cliPath, 'seed', ...args], {
    env: { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let finished = false;
  void exited.then(() => (finished = true));
  while (!finished && eventsIn(dataDir) < eventsAtLeast) await new Promise((resolve) => setTimeout(resolve, 50));
  child.kill('SIGKILL');
  await exited;
  return eventsIn(dataDir);
}

describe('npm run ledger -- seed (compiled, on a fresh data folder)', () => {
  const dataDirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-seed-'));
    dataDirs.push(dir);
    return dir;
  };
  const cli = (dataDir: string, ...args: string[]) => runCli(dataDir, secret, ...args);

  let dataDir: string;
  let log: LoggedEvent[];
  let first: ReturnType<typeof cli>;
  beforeAll(() => {
    dataDir = freshDir();
    first = cli(dataDir, 'seed', '--events', '3000', '--seed', '11');
    log = readLog(dataDir);
  });
  afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const ofType = (type: string) => log.filter((event) => event.type === type);

  it('exits 0, reports its rate, and appends about the events asked for, then projects them', () => {
    expect(first.stderr).not.toMatch(/off plan/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Seeded \d+ events in [\d.]+ s \(\d+ events\/s/);
    expect(first.stdout).toMatch(/Projected \d+ events/);
    expect(Math.abs(log.length - 3000)).toBeLessThan(150);
  });

  it('enrolls at least 50 partners of every kind across regions, and administers some of them', () => {
    const enrolled = ofType('PartnerEnrolled');
    expect(enrolled.length).toBeGreaterThanOrEqual(50);
    expect(new Set(enrolled.map((event) => event.data.kind))).toEqual(new Set(['reseller', 'referral', 'technology']));
    expect(new Set(enrolled.map((event) => event.data.region)).size).toBeGreaterThanOrEqual(3);
    for (const type of ['TierOverridden', 'PartnerSuspended', 'PartnerReinstated', 'PartnerOffboarded'])
      expect(ofType(type).length).toBeGreaterThan(0);
  });

  it('registers deals over quarters: approved, rejected, conflicting, expired then taken by another partner', () => {
    expect(ofType('DealRegistrationApproved').length).toBeGreaterThan(50);
    const rejections = ofType('DealRegistrationRejected');
    expect(rejections.some((event) => /Channel conflict/.test(event.data.reason))).toBe(true);
    expect(rejections.some((event) => !/Channel conflict/.test(event.data.reason))).toBe(true);
    // A conflicting registration was submitted for a customer while another partner's was pending.
    const submittedBy = new Map<string, Set<string>>();
    for (const event of ofType('DealRegistrationSubmitted'))
      submittedBy.set(
        event.data.customerKey,
        (submittedBy.get(event.data.customerKey) ?? new Set()).add(event.data.partnerId),
      );
    expect([...submittedBy.values()].some((partners) => partners.size > 1)).toBe(true);
    // An expired protection: the same customer claimed again, later, by another registration.
    const claims = new Map<string, Payload[]>();
    for (const event of ofType('CustomerClaimed'))
      claims.set(event.stream, [...(claims.get(event.stream) ?? []), event.data]);
    expect([...claims.values()].some((list) => list.length > 1 && list[1]!.claimedAt > list[0]!.protectedUntil)).toBe(
      true,
    );
    const quarters = new Set(ofType('DealRegistrationSubmitted').map((event) => event.data.submittedAt.slice(0, 7)));
    expect(quarters.size).toBeGreaterThanOrEqual(15);
  });

  it('books deals of every kind: co-sold, in foreign currency, won, lost, renewed, expanded, refunded, churned', () => {
    expect(
      ofType('DealOpened').some(
        (event) =>
          event.data.partners.length > 1 &&
          event.data.partners.some((partner: Payload) => partner.role === 'influencing'),
      ),
    ).toBe(true);
    expect(ofType('DealOpened').some((event) => event.data.registrationId === undefined)).toBe(true);
    const won = ofType('DealWon');
    expect(won.some((event) => event.data.fxRate !== undefined && event.data.programCurrency === 'USD')).toBe(true);
    expect(won.some((event) => event.data.billing === 'recurring' && event.data.termMonths > 0)).toBe(true);
    expect(won.some((event) => event.data.billing === 'one_time')).toBe(true);
    for (const type of ['DealLost', 'DealStageAdvanced', 'DealRenewed', 'DealExpanded', 'DealRefunded', 'DealChurned'])
      expect(ofType(type).length).toBeGreaterThan(0);
  });

  it('publishes rules, corrects them retroactively, and closes quarters in order on the virtual clock', () => {
    const publications = ofType('RuleSetPublished');
    expect(publications.map((event) => event.data.version)).toEqual(['2025.1', '2025.2', '2025.3']);
    const correction = publications[2]!;
    expect(correction.data.effectiveFrom < correction.data.publishedAt).toBe(true);
    expect(correction.data.rationale).toMatch(/^Correction of 2025\.2/);
    const closes = ofType('PeriodClosed');
    expect(closes.map((event) => event.data.period)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
    // Facts are recorded on their business days, which walk the past quarters.
    expect(closes[0]!.metadata.recordedAt.slice(0, 10)).toBe(closes[0]!.data.closedAt);
    expect(
      log.every((event) => event.metadata.recordedAt >= '2025-01-01' && event.metadata.recordedAt < '2026-07-01'),
    ).toBe(true);
    // Seed users send every command; the MDF reactor appends the accruals.
    expect(
      new Set(log.map((event) => (event.metadata.actor.startsWith('seed-') ? 'seed' : event.metadata.actor))),
    ).toEqual(new Set(['seed', 'system:mdf-accrual-reactor']));
  });

  it('runs campaigns on MDF the reactor accrued: commitments, milestones and releases, claims, leads, closes', () => {
    expect(ofType('MdfAccrued').length).toBeGreaterThan(0);
    for (const type of [
      'CampaignProposed',
      'MdfCommitted',
      'CampaignApproved',
      'CampaignMilestoneCompleted',
      'MdfReleased',
      'MdfClaimSubmitted',
      'MdfClaimApproved',
      'CampaignLeadAttributed',
      'CampaignClosed',
    ]) {
      expect([type, ofType(type).length > 0]).toEqual([type, true]);
    }
    // Nothing was committed beyond what the fund had accrued when the campaign was approved.
    for (const committed of ofType('MdfCommitted')) {
      const fund = log.filter((event) => event.stream === committed.stream && event.position <= committed.position);
      const sum = (type: string) =>
        fund.filter((event) => event.type === type).reduce((total, event) => total + Number(event.data.amount), 0);
      expect(sum('MdfAccrued') - sum('MdfCommitted') + sum('MdfDecommitted')).toBeGreaterThanOrEqual(0);
    }
  });

  it('issues statements for closed periods, approved by a second finance user and paid, disputes resolved', () => {
    const issued = ofType('PayoutStatementIssued');
    expect(issued.length).toBeGreaterThan(20);
    expect(issued.every((event) => event.data.period <= '2026-Q1')).toBe(true);
    const approved = ofType('PayoutStatementApproved');
    expect(approved.length).toBe(issued.length);
    const issuer = new Map(issued.map((event) => [event.data.statementId, event.data.issuedBy]));
    expect(approved.every((event) => event.data.approvedBy !== issuer.get(event.data.statementId))).toBe(true);
    expect(ofType('PayoutStatementPaid').length).toBe(issued.length);
    expect(ofType('PayoutLineDisputed').length).toBeGreaterThan(0);
    expect(ofType('PayoutDisputeResolved').length).toBe(ofType('PayoutLineDisputed').length);
  });

  it('leaves a ledger that verifies, and a second identical run replays without appending', () => {
    const verified = cli(dataDir, 'verify');
    expect({ status: verified.status, stdout: verified.stdout }).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('chain: ok'),
    });

    const again = cli(dataDir, 'seed', '--events', '3000', '--seed', '11');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Seeded 0 events/);
    expect(readLog(dataDir).length).toBe(log.length);
  });

  it('seeds the same log for the same seed on another folder (streams and events identical)', () => {
    const other = freshDir();
    expect(cli(other, 'seed', '--events', '3000', '--seed', '11', '--no-project').status).toBe(0);
    expect(byStream(readLog(other))).toEqual(byStream(log));
  });

  it('leaves a log that verifies when killed (kill -9) midway, each stream a prefix of the full seed', async () => {
    const killed = freshDir();
    const held = await killSeedMidway(killed, secret, ['--events', '3000', '--seed', '11'], 1200);
    // Killed in the middle: part of the log is there, not all of it.
    expect(held).toBeGreaterThanOrEqual(1200);
    expect(held).toBeLessThan(log.length);
    expect(cli(killed, 'verify').status).toBe(0);
    // Nothing half-written or foreign: what the kill left of each stream is the start of that stream in a full run.
    const full = streamsOf(log);
    for (const [stream, events] of streamsOf(readLog(killed)))
      expect([stream, events]).toEqual([stream, full.get(stream)?.slice(0, events.length)]);
  }, 120_000);

  it('adds another seed to a seeded folder after its closed quarters, with its own ids; the ledger verifies', () => {
    const before = readLog(dataDir).length;
    const second = cli(dataDir, 'seed', '--events', '600', '--seed', '12', '--quarters', '2');
    expect(second.stderr).not.toMatch(/off plan/);
    expect(second.status).toBe(0);
    const added = readLog(dataDir).slice(before);
    expect(added.length).toBeGreaterThan(400);
    expect(
      added
        .filter((event) => event.type === 'PartnerEnrolled')
        .every((event) => event.data.partnerId.startsWith('s12-')),
    ).toBe(true);
    // It starts in the first open quarter (2026-Q2) and closes it. The first seed's rules govern its
    // start, so it publishes no launch rules of its own, only its change and the correction.
    expect(added.every((event) => event.metadata.recordedAt >= '2026-04-01')).toBe(true);
    expect(added.filter((event) => event.type === 'PeriodClosed').map((event) => event.data.period)).toEqual([
      '2026-Q2',
    ]);
    expect(
      added
        .filter((event) => event.type === 'RuleSetPublished')
        .map((event) => [event.data.version, event.data.effectiveFrom]),
    ).toEqual([
      ['2026.2', '2026-07-01'],
      ['2026.3', '2026-07-01'],
    ]);
    expect(cli(dataDir, 'verify').status).toBe(0);
  });

  it('refuses a new seed that would reach into closed quarters, or a timeline that does not end before today', () => {
    const refused = cli(dataDir, 'seed', '--seed', '13', '--from', '2025-06-01');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Periods are closed through 2026-Q2/);
    const future = cli(freshDir(), 'seed', '--from', '2099-01-01');
    expect(future.status).toBe(1);
    expect(future.stderr).toMatch(/does not end before today/);
  });
});
