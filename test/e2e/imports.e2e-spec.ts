import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { importLines, line } from '../../bench/support/import-file.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';

interface ImportAnswer {
  importId: string;
  status: string;
  progress: { done: number; total: number; errors: number };
  errors: Array<{ line: number; status: number; error: string; message: string; details: unknown }>;
  result: {
    applied: number;
    replayed: number;
    refused: number;
    notRun: number;
    lines: Array<{ line: number; position?: string; error?: string }>;
  } | null;
}

describe('imports over HTTP', () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  beforeEach(async () => {
    ledger = await startLedger();
    store = ledger.app.get(EVENT_STORE);
  });
  afterEach(() => ledger.close());

  /** Posts an NDJSON body and waits until the import is no longer running. */
  async function importText(text: string, query = ''): Promise<ImportAnswer> {
    const started = await ledger.http
      .post(`/imports${query}`)
      .set(ledger.auth('partner_manager', 'maria'))
      .set('Content-Type', 'application/x-ndjson')
      .send(text)
      .expect(202);
    const { importId } = started.body as ImportAnswer;
    expect(started.headers['location']).toBe(`/imports/${importId}`);
    for (;;) {
      const polled = await ledger.http.get(`/imports/${importId}`).set(ledger.auth('partner_manager', 'maria'));
      expect(polled.status).toBe(200);
      const answer = polled.body as ImportAnswer;
      if (answer.status !== 'running') return answer;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('imports a few thousand commands in file order, and a second run appends nothing', async () => {
    const text = `${importLines(2000).join('\n')}\n`;
    const first = await importText(text);
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ status: 'completed', progress: { done: 2000, total: 2000, errors: 0 } });
    expect(first.result).toMatchObject({ applied: 2000, replayed: 0, refused: 0, notRun: 0 });
    const positions = first.result!.lines.map((outcome) => BigInt(outcome.position!));
    expect(positions.every((position, index) => index === 0 || position > positions[index - 1]!)).toBe(true);
    const head = await store.headPosition();

    const second = await importText(text);
    expect(second.result).toMatchObject({ applied: 0, replayed: 2000, refused: 0 });
    expect(await store.headPosition()).toBe(head);
  }, 120_000);

  it('lists exactly the three bad lines of a dry run by line number, and appends nothing', async () => {
    const lines = importLines(400);
    lines[6] = '{"key": "broken", "method": "POST", ';
    lines[99] = line('bad-amount', '/deals/imp-d40/refund', { amount: 'a lot', refundedAt: '2026-02-09' });
    lines[249] = line('no-route', '/deals/imp-d3/teleport', {});
    const head = await store.headPosition();
    const dryRun = await importText(lines.join('\n'), '?dryRun=true');
    expect(dryRun.status).toBe('completed');
    expect(dryRun.errors.map((error) => [error.line, error.error])).toEqual([
      [7, 'VALIDATION_FAILED'],
      [100, 'VALIDATION_FAILED'],
      [250, 'ROUTE_NOT_FOUND'],
    ]);
    expect(dryRun.errors[1]!.details).toMatchObject({ fields: [expect.objectContaining({ field: 'amount' })] });
    expect(await store.headPosition()).toBe(head);
  });

  it('reports a refused line with the route answer and runs the rest, unless stopOnError', async () => {
    const lines = importLines(30);
    const win = JSON.parse(lines.find((text) => text.includes('/win'))!) as { body: unknown };
    lines.splice(2, 0, line('win-unknown', '/deals/nowhere/win', win.body));
    const answer = await importText(lines.join('\n'));
    expect(answer.result).toMatchObject({ applied: 30, refused: 1 });
    expect(answer.errors).toEqual([expect.objectContaining({ line: 3, status: 404, error: 'DEAL_NOT_FOUND' })]);

    const stopping = [line('bad', '/partners', { partnerId: 'x' }), ...importLines(10, 'other')];
    const stopped = await importText(stopping.join('\n'), '?stopOnError=true');
    expect(stopped).toMatchObject({ status: 'stopped', result: { applied: 0, refused: 1, notRun: 10 } });
  });

  it('refuses a body that is not NDJSON, and a role that may not import', async () => {
    await ledger.http.post('/imports').set(ledger.auth('partner_manager')).send({ key: 'k' }).expect(415);
    await ledger.http
      .post('/imports')
      .set(ledger.auth('finance'))
      .set('Content-Type', 'application/x-ndjson')
      .send(importLines(3).join('\n'))
      .expect(403);
    await ledger.http.get('/imports/imp-unknown').set(ledger.auth('partner_manager')).expect(404);
  });
});
