import type { LedgerHarness } from './ledger-app.js';

/**
 * A finance user (fiona) and a partner manager (maria) working a ledger over HTTP on a hand-moved clock, tracking
 * the position of their last write for read-your-writes (`?after=`).
 */
export class LedgerSession {
  last = '0';

  constructor(readonly ledger: LedgerHarness) {}

  readonly finance = () => this.ledger.auth('finance', 'fiona');
  readonly manager = () => this.ledger.auth('partner_manager', 'maria');

  on(date: string): void {
    this.ledger.clock.set(`${date}T12:00:00.000Z`);
  }

  track<R extends { body: { position?: string } }>(response: R): R {
    if (response.body.position) this.last = response.body.position;
    return response;
  }

  /** GET as finance, once the read models hold the last write. */
  async get(path: string) {
    const after = `${path.includes('?') ? '&' : '?'}after=${this.last}`;
    return (await this.ledger.http.get(`${path}${after}`).set(this.finance()).expect(200)).body;
  }

  /** A USD deal crediting one partner (sourcing, share 1), opened and won on `wonAt` for one software line. */
  async wonDeal(partnerId: string, dealId: string, wonAt: string, amount: string): Promise<void> {
    this.on(wonAt);
    const partners = [{ partnerId, role: 'sourcing', share: '1' }];
    const customer = { name: `Customer of ${dealId}`, domain: `${dealId}.example` };
    const opened = await this.ledger.http
      .post('/deals')
      .set(this.manager())
      .send({ dealId, customer, partners, currency: 'USD' })
      .expect(201);
    this.track(opened);
    const lines = [{ sku: 'PLATFORM', family: 'software', amount }];
    const win = { lines, billing: 'one_time', wonAt };
    this.track(await this.ledger.http.post(`/deals/${dealId}/win`).set(this.manager()).send(win).expect(200));
  }
}
