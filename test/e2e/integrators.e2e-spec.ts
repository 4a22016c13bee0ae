import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleSet } from '../../libs/domain/src/commission/testing/commission-builders.js';
import { runCli } from '../support/cli.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

/**
 * The API as an integrator automates against it (issue 15): one rule-set document that round-trips
 * between reading, publishing and simulating (HTTP and the CLI), and errors that say what happened.
 * The harness clock starts on 2026-02-10.
 */
const secret = 'e2e-secret-that-is-at-least-32-characters';

/** A rule-set view without the keys that describe its publication (read-only, ignored on input). */
function withoutPublication(view: Record<string, unknown>): Record<string, unknown> {
  const readOnly = new Set(['publishedAt', 'publishedBy', 'retroactive', 'governs', 'position']);
  return Object.fromEntries(Object.entries(view).filter(([key]) => !readOnly.has(key)));
}

describe('one rule-set document: read, edit the version, publish or simulate', () => {
  let ledger: LedgerHarness;
  let dataDir: string;
  const ops = () => ledger.auth('ops', 'olga');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-integrators-'));
    ledger = await startLedger({}, dataDir);
    await ledger.publish(ruleSet({ version: '2026.1', effectiveFrom: '2026-01-01' }));
  });
  afterAll(async () => {
    await ledger.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function read(version: string): Promise<Record<string, unknown>> {
    return (await ledger.http.get(`/rule-sets/${version}`).set(ops()).expect(200)).body as Record<string, unknown>;
  }

  it('accepts what GET /rule-sets/:version answers, only its version changed, in POST /rule-sets', async () => {
    const document = { ...(await read('2026.1')), version: '2026.2' };
    const published = await ledger.http.post('/rule-sets').set(ops()).send(document).expect(201);
    expect(published.body).toMatchObject({ version: '2026.2', effectiveFrom: '2026-01-01' });
    const again = await ledger.http.get(`/rule-sets/2026.2?after=${published.body.position}`).set(ops()).expect(200);
    // What was published is the document read, with its version; the read-only keys describe the new publication.
    expect(withoutPublication(again.body)).toEqual(withoutPublication(document));
    expect(again.body).toMatchObject({ publishedBy: 'olga', retroactive: true, position: published.body.position });
  });

  it('simulates the same document over HTTP, its rationale accepted, its version optional', async () => {
    const read2026 = await read('2026.1');
    const edited = await ledger.http
      .post('/rule-sets/simulate')
      .set(ops())
      .send({ ...read2026, version: '2026.3' })
      .expect(200);
    expect(edited.body.candidate).toEqual({ version: '2026.3', effectiveFrom: '2026-01-01' });
    const { version: _version, ...unnamed } = read2026;
    const candidate = await ledger.http.post('/rule-sets/simulate').set(ops()).send(unnamed).expect(200);
    expect(candidate.body.candidate).toEqual({ version: 'candidate', effectiveFrom: '2026-01-01' });
    const badRationale = await ledger.http
      .post('/rule-sets/simulate')
      .set(ops())
      .send({ ...unnamed, rationale: '' })
      .expect(400);
    expect(badRationale.body.details.fields).toEqual([
      { field: 'rationale', rule: 'nonEmpty', message: 'rationale must be a non-empty string' },
    ]);
  });

  it('prints the same documents with `rule-sets` and simulates one with `ledger simulate`', async () => {
    const fromHttp = await read('2026.1');
    await ledger.app.close();
    const listed = runCli(dataDir, secret, 'rule-sets');
    expect(listed.status).toBe(0);
    const printed = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(printed[0]).toEqual(fromHttp);
    const file = join(dataDir, 'candidate.json');
    writeFileSync(file, JSON.stringify({ ...printed[0], version: '2026.9' }));
    const simulated = runCli(dataDir, secret, 'simulate', file, '--json');
    expect(simulated.stderr).not.toContain('Error');
    expect(simulated.status).toBe(0);
    expect(JSON.parse(simulated.stdout).candidate).toEqual({ version: '2026.9', effectiveFrom: '2026-01-01' });
    ledger = await startLedger({}, dataDir);
  });
});

describe('errors that say what happened', () => {
  let ledger: LedgerHarness;
  const manager = () => ledger.auth('partner_manager', 'maria');
  const acme = { partnerId: 'acme', name: 'Acme', kind: 'reseller', region: 'EMEA' };

  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());

  it("answers the domain's own refusal when an entity id is re-used without an Idempotency-Key", async () => {
    await ledger.http.post('/partners').set(manager()).send(acme).expect(201);
    const replay = await ledger.http.post('/partners').set(manager()).send(acme).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const renamed = await ledger.http
      .post('/partners')
      .set(manager())
      .send({ ...acme, name: 'Acme Holdings' })
      .expect(409);
    expect(renamed.body).toMatchObject({ error: 'PARTNER_ALREADY_ENROLLED', details: { partnerId: 'acme' } });
    const keyed = { ...manager(), 'Idempotency-Key': 'enroll-beta' };
    await ledger.http.post('/partners').set(keyed).send({ ...acme, partnerId: 'beta' }).expect(201);
    const reused = await ledger.http
      .post('/partners')
      .set(keyed)
      .send({ ...acme, partnerId: 'beta', name: 'Beta' })
      .expect(409);
    expect(reused.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
