import { randomUUID } from 'node:crypto';
import { customerLockDecider, customerStream, registrationDecider, registrationStream } from '#domain';
import type { EventStore } from '#event-store';
import type { Response } from 'supertest';
import { CommandPipeline } from '../../apps/ledger/src/common/command-pipeline.js';
import { clientIdempotencyKey } from '../../apps/ledger/src/common/request-context.js';
import { EVENT_STORE } from '../../apps/ledger/src/common/tokens.js';
import { actors, startLedger, type LedgerHarness } from '../support/ledger-app.js';

const registration = (registrationId: string, partnerId: string, domain = 'globex.com') => ({
  registrationId,
  partnerId,
  customer: { name: 'Globex Corporation', domain },
  productFamily: 'platform',
  estimatedValue: '50000.00',
  expectedCloseDate: '2026-06-30',
});

describe('deal registrations over HTTP', () => {
  let ledger: LedgerHarness;
  let store: EventStore;
  const { manager, partner } = actors(() => ledger);

  async function streamTypes(stream: string): Promise<string[]> {
    return (await store.readStream(stream, { afterRevision: 0 })).events.map((event) => event.type);
  }

  /** The claim step of maria approving r1 (acme's, for globex.com), alone: what an approval that crashed left. */
  async function claimGlobexForR1(idempotencyKey: string): Promise<void> {
    await ledger.app.get(CommandPipeline).run(
      customerLockDecider,
      customerStream('globex.com'),
      {
        type: 'ClaimCustomer',
        data: { customerKey: 'globex.com', registrationId: 'r1', partnerId: 'acme' },
        facts: { protectionDays: 90 },
      },
      { actor: { id: 'maria', role: 'partner_manager' }, idempotencyKey, correlationId: 'c', requestId: 'q' },
    );
  }

  /** A submission as an earlier version recorded it, with the customer key it derived then. */
  async function appendLegacySubmission(registrationId: string, domain: string, customerKey: string): Promise<void> {
    const data = {
      ...registration(registrationId, 'acme', domain),
      customerKey,
      currency: 'USD',
      submittedAt: '2026-01-15',
    };
    const metadata = {
      actor: 'acme-user',
      actorRole: 'partner',
      correlationId: 'c',
      causationId: 'q',
      recordedAt: '2026-01-15T09:00:00.000Z',
      idempotencyKey: `submit:${registrationId}`,
      commandHash: 'legacy',
    };
    await store.appendToStream(
      registrationStream(registrationId),
      [{ eventId: randomUUID(), type: 'DealRegistrationSubmitted', data, metadata }],
      { expectedVersion: 0 },
    );
  }

  beforeEach(async () => {
    ledger = await startLedger();
    store = ledger.app.get(EVENT_STORE);
    await ledger.enroll('acme', 'initech');
  });
  afterEach(() => ledger.close());

  describe('submit', () => {
    it('lets a partner submit for itself and read it back, with the customer key normalized', async () => {
      const submitted = await ledger.http
        .post('/registrations')
        .set(partner('acme'))
        .send(registration('r1', 'acme', ' WWW.Globex.com. '))
        .expect(201);
      expect(submitted.body).toEqual({ registrationId: 'r1', position: expect.stringMatching(/^\d+$/) });
      const read = await ledger.http
        .get(`/registrations/r1?after=${submitted.body.position}`)
        .set(partner('acme'))
        .expect(200);
      expect(read.body).toMatchObject({
        registrationId: 'r1',
        partnerId: 'acme',
        customer: { name: 'Globex Corporation', domain: 'WWW.Globex.com.' },
        customerKey: 'globex.com',
        estimatedValue: '50000.00',
        currency: 'USD',
        status: 'submitted',
        protectedUntil: null,
        submittedAt: '2026-02-10',
      });
    });

    it('refuses a partner submitting for another partner (403); a partner manager may submit for any', async () => {
      const refused = await ledger.http
        .post('/registrations')
        .set(partner('acme'))
        .send(registration('r1', 'initech'))
        .expect(403);
      expect(refused.body).toMatchObject({ error: 'FORBIDDEN', details: { field: 'partnerId' } });
      expect(await store.headPosition()).toBe(2n);
      await ledger.http
        .post('/registrations')
        .set(ledger.auth('auditor'))
        .send(registration('r1', 'initech'))
        .expect(403);
      await ledger.http.post('/registrations').set(manager()).send(registration('r1', 'initech')).expect(201);
    });

    it('refuses malformed submissions with 400 naming each field, changing nothing', async () => {
      const head = await store.headPosition();
      const cases: Array<[unknown, string[]]> = [
        [{ ...registration('r1', 'acme'), tier: 'gold' }, ['tier']],
        [{ ...registration('r1', 'acme'), estimatedValue: 50000 }, ['estimatedValue']],
        [{ ...registration('r1', 'acme'), estimatedValue: '-1.00' }, ['estimatedValue']],
        [{ ...registration('r1', 'acme'), customer: undefined }, ['customer']],
        [
          { ...registration('r1', 'acme'), customer: { name: '', domain: 'globex.com', size: 'big' } },
          ['customer.name', 'customer.size'],
        ],
        [{ ...registration('r1', 'acme'), expectedCloseDate: '2026-02-30' }, ['expectedCloseDate']],
        [{ ...registration('r1', 'acme'), currency: 'euro' }, ['currency']],
        [{ ...registration('r/1', 'acme') }, ['registrationId']],
      ];
      for (const [body, fields] of cases) {
        const response = await ledger.http
          .post('/registrations')
          .set(manager())
          .send(body as object)
          .expect(400);
        expect(response.body.error).toBe('VALIDATION_FAILED');
        expect((response.body.details.fields as Array<{ field: string }>).map((field) => field.field)).toEqual(
          expect.arrayContaining(fields),
        );
      }
      const domain = await ledger.http
        .post('/registrations')
        .set(manager())
        .send(registration('r1', 'acme', 'https://globex.com/about'))
        .expect(400);
      expect(domain.body).toMatchObject({
        error: 'CUSTOMER_DOMAIN_INVALID',
        details: { field: 'customer.domain', rule: 'characters' },
      });
      const amount = await ledger.http
        .post('/registrations')
        .set(manager())
        .send({ ...registration('r1', 'acme'), estimatedValue: '10.001' })
        .expect(400);
      expect(amount.body).toMatchObject({
        error: 'AMOUNT_INVALID',
        details: { field: 'estimatedValue', rule: 'scale' },
      });
      expect(await store.headPosition()).toBe(head);
    });

    it('refuses a partner that is not enrolled (404) or not active (422)', async () => {
      const missing = await ledger.http
        .post('/registrations')
        .set(manager())
        .send(registration('r1', 'nobody'))
        .expect(404);
      expect(missing.body.error).toBe('PARTNER_NOT_FOUND');
      await ledger.http
        .post('/partners/initech/suspend')
        .set(manager())
        .send({ reason: 'Compliance review' })
        .expect(200);
      const suspended = await ledger.http
        .post('/registrations')
        .set(manager())
        .send(registration('r1', 'initech'))
        .expect(422);
      expect(suspended.body.error).toBe('PARTNER_NOT_ACTIVE');
    });

    it('keys a submission by its registration id: a retry replays, another body under the same id is 409', async () => {
      const first = await ledger.http
        .post('/registrations')
        .set(partner('acme'))
        .send(registration('r1', 'acme'))
        .expect(201);
      const head = await store.headPosition();
      const retry = await ledger.http
        .post('/registrations')
        .set(partner('acme'))
        .send(registration('r1', 'acme'))
        .expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const other = await ledger.http
        .post('/registrations')
        .set(partner('acme'))
        .send({ ...registration('r1', 'acme'), productFamily: 'services' })
        .expect(409);
      expect(other.body.error).toBe('REGISTRATION_ALREADY_SUBMITTED');
      const keyed = await ledger.http
        .post('/registrations')
        .set({ ...partner('acme'), 'Idempotency-Key': 'another' })
        .send(registration('r1', 'acme'))
        .expect(409);
      expect(keyed.body.error).toBe('REGISTRATION_ALREADY_SUBMITTED');
      expect(await store.headPosition()).toBe(head);
    });
  });

  describe('approve and reject', () => {
    it('approves with a 90-day protection window, taking the customer lock', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      const approved = await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
      expect(approved.body).toEqual({ registrationId: 'r1', position: expect.stringMatching(/^\d+$/) });
      const read = await ledger.http
        .get(`/registrations/r1?after=${approved.body.position}`)
        .set(partner('acme'))
        .expect(200);
      expect(read.body).toMatchObject({ status: 'approved', protectedUntil: '2026-05-10', decidedAt: '2026-02-10' });
      expect(await streamTypes(customerStream('globex.com'))).toEqual(['CustomerClaimed']);
      expect(await streamTypes('registration-r1')).toEqual(['DealRegistrationSubmitted', 'DealRegistrationApproved']);
    });

    it('replays an approval retried with the same Idempotency-Key, and refuses a new approval with 409', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      const headers = { ...manager(), 'Idempotency-Key': 'approve-r1-once' };
      const first = await ledger.http.post('/registrations/r1/approve').set(headers).send({}).expect(200);
      const head = await store.headPosition();
      const retry = await ledger.http.post('/registrations/r1/approve').set(headers).send({}).expect(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const again = await ledger.http
        .post('/registrations/r1/approve')
        .set({ ...manager(), 'Idempotency-Key': 'approve-r1-twice' })
        .expect(409);
      expect(again.body).toMatchObject({ error: 'REGISTRATION_NOT_PENDING', details: { status: 'approved' } });
      expect(await store.headPosition()).toBe(head);
    });

    it('replays an approval retried without a header (the registration id keys it)', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      const first = await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
      const head = await store.headPosition();
      const retry = await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
      expect(retry.body).toEqual(first.body);
      expect(await store.headPosition()).toBe(head);
    });

    it('heals an approval that crashed after claiming the customer when the request is retried', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      // The first attempt got as far as the claim step (keyed by the request's key and the step), then died.
      await claimGlobexForR1(`${clientIdempotencyKey('maria', 'approve-r1')}:claim`);
      await ledger.http
        .post('/registrations/r1/approve')
        .set({ ...manager(), 'Idempotency-Key': 'approve-r1' })
        .expect(200);
      expect(await streamTypes(customerStream('globex.com'))).toEqual(['CustomerClaimed']);
      expect(await streamTypes('registration-r1')).toEqual(['DealRegistrationSubmitted', 'DealRegistrationApproved']);
    });

    it('rejects with a reason the partner reads; once rejected, it cannot be approved or rejected again', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      const rejected = await ledger.http
        .post('/registrations/r1/reject')
        .set(manager())
        .send({ reason: 'Existing opportunity' })
        .expect(200);
      const read = await ledger.http
        .get(`/registrations/r1?after=${rejected.body.position}`)
        .set(partner('acme'))
        .expect(200);
      expect(read.body).toMatchObject({
        status: 'rejected',
        rejectionReason: 'Existing opportunity',
        protectedUntil: null,
      });
      const head = await store.headPosition();
      const approve = await ledger.http.post('/registrations/r1/approve').set(manager()).expect(409);
      expect(approve.body).toMatchObject({ error: 'REGISTRATION_NOT_PENDING', details: { status: 'rejected' } });
      await ledger.http
        .post('/registrations/r1/reject')
        .set({ ...manager(), 'Idempotency-Key': 'second' })
        .send({ reason: 'Again' })
        .expect(409);
      await ledger.http.post('/registrations/r1/reject').set(manager()).send({ reason: '   ' }).expect(400);
      expect(await store.headPosition()).toBe(head);
    });

    it('rejecting a registration releases the claim a crashed approval left, freeing the customer', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      await claimGlobexForR1('crashed:claim');
      await ledger.http.post('/registrations').set(partner('initech')).send(registration('r2', 'initech')).expect(409);
      await ledger.http.post('/registrations/r1/reject').set(manager()).send({ reason: 'Not qualified' }).expect(200);
      expect(await streamTypes(customerStream('globex.com'))).toEqual(['CustomerClaimed', 'CustomerReleased']);
      await ledger.http.post('/registrations').set(partner('initech')).send(registration('r2', 'initech')).expect(201);
      await ledger.http.post('/registrations/r2/approve').set(manager()).expect(200);
    });

    it('an approval racing a rejection: one wins, and a rejected registration never keeps the customer', async () => {
      for (const round of [1, 2, 3, 4]) {
        const domain = `customer-${round}.com`;
        await ledger.http
          .post('/registrations')
          .set(partner('acme'))
          .send(registration(`r${round}`, 'acme', domain))
          .expect(201);
        const approving = () => ledger.http.post(`/registrations/r${round}/approve`).set(manager());
        const rejecting = () =>
          ledger.http.post(`/registrations/r${round}/reject`).set(manager()).send({ reason: 'Not qualified' });
        // Alternate which request starts first, so both outcomes are exercised.
        const [approve, reject] =
          round % 2 === 1
            ? await Promise.all([approving(), rejecting()])
            : await Promise.all([rejecting(), approving()]).then(
                ([rejected, approved]) => [approved, rejected] as const,
              );
        expect([approve.status, reject.status].sort()).toEqual([200, 409]);
        const lock = await streamTypes(customerStream(domain));
        if (approve.status === 200) {
          expect(lock).toEqual(['CustomerClaimed']);
        } else {
          expect(approve.body).toMatchObject({ error: 'REGISTRATION_NOT_PENDING', details: { status: 'rejected' } });
          expect(lock.at(-1) ?? 'free').not.toBe('CustomerClaimed');
          await ledger.http
            .post('/registrations')
            .set(partner('initech'))
            .send(registration(`other${round}`, 'initech', domain))
            .expect(201);
          await ledger.http.post(`/registrations/other${round}/approve`).set(manager()).expect(200);
        }
      }
    });

    // Issue 11: rejecting a registration whose recorded key the release step refused answered 400 although
    // the rejection was recorded.
    it('answers 2xx to a rejection that was recorded, for a registration with an old key', async () => {
      await appendLegacySubmission('r-old', 'www.www.globex.com', 'www.globex.com');
      await ledger.http.post('/registrations/r-old/reject').set(manager()).send({ reason: 'Duplicate' }).expect(200);
      expect(await streamTypes('registration-r-old')).toEqual([
        'DealRegistrationSubmitted',
        'DealRegistrationRejected',
      ]);
    });

    it('answers 2xx to a second rejection that completes one which crashed before freeing the customer', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      const pipeline = ledger.app.get(CommandPipeline);
      const steps = { actor: { id: 'maria', role: 'partner_manager' as const }, correlationId: 'c', requestId: 'q' };
      await pipeline.run(
        customerLockDecider,
        customerStream('globex.com'),
        {
          type: 'ClaimCustomer',
          data: { customerKey: 'globex.com', registrationId: 'r1', partnerId: 'acme' },
          facts: { protectionDays: 90 },
        },
        { ...steps, idempotencyKey: 'crashed:claim' },
      );
      // The first rejection recorded its first step, then died before releasing the claim.
      await pipeline.run(
        registrationDecider,
        registrationStream('r1'),
        { type: 'RejectRegistration', data: { registrationId: 'r1', reason: 'Not qualified' } },
        { ...steps, idempotencyKey: 'first:reject' },
      );
      const completed = await ledger.http
        .post('/registrations/r1/reject')
        .set({ ...manager(), 'Idempotency-Key': 'second' })
        .send({ reason: 'Not qualified' })
        .expect(200);
      expect(completed.headers['idempotent-replayed']).toBe('true');
      expect(await streamTypes(customerStream('globex.com'))).toEqual(['CustomerClaimed', 'CustomerReleased']);
      // Nothing left to complete: a third rejection is refused, changing nothing.
      await ledger.http
        .post('/registrations/r1/reject')
        .set({ ...manager(), 'Idempotency-Key': 'third' })
        .send({ reason: 'Again' })
        .expect(409);
    });

    it('lets only partner managers decide, and answers 404 for an unknown registration', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      await ledger.http.post('/registrations/r1/approve').set(partner('acme')).expect(403);
      await ledger.http.post('/registrations/r1/reject').set(ledger.auth('finance')).send({ reason: 'x' }).expect(403);
      const missing = await ledger.http.post('/registrations/nope/approve').set(manager()).expect(404);
      expect(missing.body.error).toBe('REGISTRATION_NOT_FOUND');
      await ledger.http.post('/registrations/nope/reject').set(manager()).send({ reason: 'x' }).expect(404);
      await ledger.http.post('/registrations/r1/approve').set(manager()).send({ force: true }).expect(400);
    });
  });

  describe('channel conflict', () => {
    /** Everything the refused partner can read, as one string to search for the holder. */
    async function everythingReadableBy(
      partnerId: string,
      responses: readonly Response[],
      registrationId: string,
    ): Promise<string> {
      await ledger.caughtUp();
      const own = await ledger.http.get(`/registrations/${registrationId}`).set(partner(partnerId));
      const list = await ledger.http.get('/registrations').set(partner(partnerId)).expect(200);
      const listAll = await ledger.http.get('/registrations?status=approved').set(partner(partnerId)).expect(200);
      const pipeline = await ledger.http.get(`/partners/${partnerId}/pipeline`).set(partner(partnerId)).expect(200);
      return JSON.stringify([
        ...responses.map((response) => ({ body: response.body as unknown, headers: response.headers })),
        own.body,
        list.body,
        listAll.body,
        pipeline.body,
      ]);
    }

    it('acceptance: two partners race for a customer; one approved, one refused and not told the holder', async () => {
      // One writes globex.com, the other WWW.GLOBEX.COM.; each submits and is approved at once, concurrently.
      const race = async (registrationId: string, partnerId: string, domain: string) => {
        const submitted = await ledger.http
          .post('/registrations')
          .set(partner(partnerId))
          .send(registration(registrationId, partnerId, domain));
        if (submitted.status !== 201) return [submitted];
        return [submitted, await ledger.http.post(`/registrations/${registrationId}/approve`).set(manager())];
      };
      const [acme, initech] = await Promise.all([
        race('r-acme', 'acme', 'globex.com'),
        race('r-initech', 'initech', 'WWW.GLOBEX.COM.'),
      ]);
      const outcomes = [
        { partnerId: 'acme', registrationId: 'r-acme', responses: acme },
        { partnerId: 'initech', registrationId: 'r-initech', responses: initech },
      ];
      const winners = outcomes.filter(
        (outcome) => outcome.responses.length === 2 && outcome.responses[1]!.status === 200,
      );
      expect(winners).toHaveLength(1);
      const loser = outcomes.find((outcome) => outcome !== winners[0])!;
      const holder = winners[0]!;
      const refusal = loser.responses.at(-1)!;
      expect(refusal.status).toBe(409);
      expect(refusal.body).toMatchObject({ error: 'REGISTRATION_CONFLICT', details: { customerKey: 'globex.com' } });

      await ledger.caughtUp();
      expect(
        (await ledger.http.get(`/registrations/${holder.registrationId}`).set(manager()).expect(200)).body.status,
      ).toBe('approved');
      const approved = await ledger.http.get('/registrations?status=approved').set(manager()).expect(200);
      expect(approved.body.registrations.map((view: { registrationId: string }) => view.registrationId)).toEqual([
        holder.registrationId,
      ]);
      expect(await streamTypes(customerStream('globex.com'))).toEqual(['CustomerClaimed']);

      const readable = await everythingReadableBy(loser.partnerId, loser.responses, loser.registrationId);
      expect(readable).not.toContain(holder.partnerId);
      expect(readable).not.toContain(holder.registrationId);
    });

    it('keeps one approval per customer when three partners race for four customers at once', async () => {
      await ledger.enroll('umbrella');
      const customers = [
        ['globex.com', 'WWW.GLOBEX.COM.', ' www.Globex.com '],
        ['initrode.com', 'Initrode.COM', 'initrode.com.'],
        ['hooli.io', 'www.hooli.io', 'HOOLI.IO'],
        ['eu.globex.com', 'www.eu.globex.com', 'EU.GLOBEX.COM'],
      ] as const;
      const partners = ['acme', 'initech', 'umbrella'] as const;
      // eu.globex.com competes with globex.com unless a partner manager declares it a division.
      await ledger.http
        .post('/customers/globex.com/divisions')
        .set(manager())
        .send({ domain: 'eu.globex.com', reason: 'Separate buying centre' })
        .expect(201);
      const racers = customers.flatMap((spellings, customer) =>
        partners.map(async (partnerId, index) => {
          const registrationId = `r-${customer}-${partnerId}`;
          const submitted = await ledger.http
            .post('/registrations')
            .set(partner(partnerId))
            .send(registration(registrationId, partnerId, spellings[index]));
          const final =
            submitted.status === 201
              ? await ledger.http.post(`/registrations/${registrationId}/approve`).set(manager())
              : submitted;
          return { customer, status: final.status, error: final.body.error as string | undefined };
        }),
      );
      const results = await Promise.all(racers);
      for (const [customer, spellings] of customers.entries()) {
        const mine = results.filter((result) => result.customer === customer);
        expect(mine.filter((result) => result.status === 200)).toHaveLength(1);
        expect(mine.filter((result) => result.status !== 200).map((result) => result.error)).toEqual([
          'REGISTRATION_CONFLICT',
          'REGISTRATION_CONFLICT',
        ]);
        const lock = await streamTypes(customerStream(spellings[0]));
        expect(lock.filter((type) => type !== 'CustomerDivisionDeclared')).toEqual(['CustomerClaimed']);
      }
    });

    it('acceptance, both submitted first: approving both concurrently approves exactly one', async () => {
      await ledger.http
        .post('/registrations')
        .set(partner('acme'))
        .send(registration('r-acme', 'acme', 'globex.com'))
        .expect(201);
      await ledger.http
        .post('/registrations')
        .set(partner('initech'))
        .send(registration('r-initech', 'initech', 'WWW.GLOBEX.COM.'))
        .expect(201);
      const [first, second] = await Promise.all([
        ledger.http.post('/registrations/r-acme/approve').set(manager()),
        ledger.http.post('/registrations/r-initech/approve').set(manager()),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const refusal = first.status === 409 ? first : second;
      const [loser, holder] = first.status === 409 ? ['acme', 'initech'] : ['initech', 'acme'];
      expect(refusal.body).toEqual({
        error: 'REGISTRATION_CONFLICT',
        message: expect.any(String),
        details: { customerKey: 'globex.com' },
      });

      // The refused registration stays submitted: it can be approved once the holder's protection lapses.
      const readable = await everythingReadableBy(loser, [refusal], `r-${loser}`);
      const own = await ledger.http.get(`/registrations/r-${loser}`).set(partner(loser)).expect(200);
      expect(own.body).toMatchObject({ status: 'submitted', rejectionReason: null, protectedUntil: null });
      expect(readable).not.toContain(holder);
    });

    /**
     * acme's r1 for globex.com is approved; initech's r2 for `domain` is then refused as a conflict,
     * and nothing is written.
     */
    async function refusedWhileAcmeProtectsGlobex(domain: string): Promise<Response> {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
      const head = await store.headPosition();
      const refused = await ledger.http
        .post('/registrations')
        .set(partner('initech'))
        .send(registration('r2', 'initech', domain))
        .expect(409);
      expect(refused.body).toEqual({
        error: 'REGISTRATION_CONFLICT',
        message: expect.any(String),
        details: { field: 'customer.domain', customerKey: 'globex.com' },
      });
      expect(await store.headPosition()).toBe(head);
      return refused;
    }

    it('refuses a submission while another registration protects the customer, without naming it', async () => {
      const refused = await refusedWhileAcmeProtectsGlobex('Globex.COM');
      expect(JSON.stringify(refused.body)).not.toMatch(/acme|r1/);
      // Another customer is not blocked.
      await ledger.http
        .post('/registrations')
        .set(partner('initech'))
        .send(registration('r3', 'initech', 'initrode.com'))
        .expect(201);
    });

    // Issue 11: `www.www.globex.com` was keyed `www.globex.com` and `shop.globex.com` kept as written, so both
    // passed the conflict check while another partner protected globex.com.
    it.each(['www.www.globex.com', 'WWW.WWW.Globex.com.', 'shop.globex.com', 'a.b.shop.globex.com'])(
      'refuses %j as a conflict while another partner protects globex.com',
      async (domain) => {
        await refusedWhileAcmeProtectsGlobex(domain);
      },
    );

    it('locks the registrable domain when a subdomain is approved first', async () => {
      await ledger.http
        .post('/registrations')
        .set(partner('acme'))
        .send(registration('r1', 'acme', 'shop.globex.com'))
        .expect(201);
      await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
      expect(await streamTypes(customerStream('globex.com'))).toEqual(['CustomerClaimed']);
      await ledger.http
        .post('/registrations')
        .set(partner('initech'))
        .send(registration('r2', 'initech', 'globex.com'))
        .expect(409);
    });

    it('registers and approves a division a partner manager declared while globex.com is protected', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
      await ledger.http
        .post('/registrations')
        .set(partner('initech'))
        .send(registration('r2', 'initech', 'eu.globex.com'))
        .expect(409);

      const body = { domain: 'EU.Globex.com', reason: 'Globex Europe buys separately' };
      await ledger.http.post('/customers/globex.com/divisions').set(partner('initech')).send(body).expect(403);
      const declared = await ledger.http
        .post('/customers/WWW.Globex.com/divisions')
        .set(manager())
        .send(body)
        .expect(201);
      expect(declared.body).toEqual({
        customerKey: 'globex.com',
        division: 'eu.globex.com',
        position: expect.stringMatching(/^\d+$/),
      });
      expect(await streamTypes(customerStream('globex.com'))).toEqual(['CustomerClaimed', 'CustomerDivisionDeclared']);
      const again = await ledger.http.post('/customers/globex.com/divisions').set(manager()).send(body).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');

      await ledger.http
        .post('/registrations')
        .set(partner('initech'))
        .send(registration('r2', 'initech', 'shop.eu.globex.com'))
        .expect(201);
      const approved = await ledger.http.post('/registrations/r2/approve').set(manager()).expect(200);
      const read = await ledger.http
        .get(`/registrations/r2?after=${approved.body.position}`)
        .set(manager())
        .expect(200);
      expect(read.body).toMatchObject({ customerKey: 'eu.globex.com', status: 'approved' });
      expect(await streamTypes(customerStream('eu.globex.com'))).toEqual(['CustomerClaimed']);
      // The rest of globex.com stays protected.
      await ledger.http
        .post('/registrations')
        .set(partner('initech'))
        .send(registration('r3', 'initech', 'us.globex.com'))
        .expect(409);
    });

    it('refuses malformed division declarations with 400 naming the field, changing nothing', async () => {
      const head = await store.headPosition();
      const cases: Array<[string, object, string, string]> = [
        ['eu.globex.com', { domain: 'x.eu.globex.com', reason: 'r' }, 'customerDomain', 'registrableDomain'],
        ['co.uk', { domain: 'globex.co.uk', reason: 'r' }, 'customerDomain', 'registrableDomain'],
        ['globex.com', { domain: 'initech.com', reason: 'r' }, 'domain', 'subdomain'],
        ['globex.com', { domain: 'www.globex.com', reason: 'r' }, 'domain', 'subdomain'],
        ['globex.com', { domain: 'https://eu.globex.com', reason: 'r' }, 'domain', 'characters'],
      ];
      for (const [customerDomain, body, field, rule] of cases) {
        const refused = await ledger.http
          .post(`/customers/${customerDomain}/divisions`)
          .set(manager())
          .send(body)
          .expect(400);
        expect(refused.body).toMatchObject({ error: 'CUSTOMER_DOMAIN_INVALID', details: { field, rule } });
      }
      await ledger.http
        .post('/customers/globex.com/divisions')
        .set(manager())
        .send({ domain: 'eu.globex.com' })
        .expect(400);
      expect(await store.headPosition()).toBe(head);
    });

    it('refuses a bare public suffix at submission with 400 naming customer.domain', async () => {
      const refused = await ledger.http
        .post('/registrations')
        .set(partner('acme'))
        .send(registration('r1', 'acme', 'www.co.uk'))
        .expect(400);
      expect(refused.body).toMatchObject({
        error: 'CUSTOMER_DOMAIN_INVALID',
        details: { field: 'customer.domain', rule: 'registrableDomain' },
      });
    });

    it("keeps a registration recorded under an old key working: it is approved on that key's lock", async () => {
      // Before issue 11 was fixed, `www.www.globex.com` was recorded with the key `www.globex.com`.
      await appendLegacySubmission('r-old', 'www.www.globex.com', 'www.globex.com');
      await ledger.http.post('/registrations/r-old/approve').set(manager()).expect(200);
      expect(await streamTypes(customerStream('www.globex.com'))).toEqual(['CustomerClaimed']);
    });

    it('lets another partner register the customer once the protection window has passed', async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
      ledger.clock.set('2026-05-10T23:59:59.000Z');
      await ledger.http.post('/registrations').set(partner('initech')).send(registration('r2', 'initech')).expect(409);
      ledger.clock.set('2026-05-11T00:00:00.000Z');
      await ledger.http.post('/registrations').set(partner('initech')).send(registration('r2', 'initech')).expect(201);
      const approved = await ledger.http.post('/registrations/r2/approve').set(manager()).expect(200);
      const read = await ledger.http
        .get(`/registrations/r2?after=${approved.body.position}`)
        .set(partner('initech'))
        .expect(200);
      expect(read.body).toMatchObject({ status: 'approved', protectedUntil: '2026-08-08' });
    });

    it("approves a registration refused earlier once the holder's protection has lapsed", async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      await ledger.http.post('/registrations').set(partner('initech')).send(registration('r2', 'initech')).expect(201);
      await ledger.http.post('/registrations/r1/approve').set(manager()).expect(200);
      await ledger.http.post('/registrations/r2/approve').set(manager()).expect(409);
      ledger.clock.set('2026-05-11T09:00:00.000Z');
      await ledger.http.post('/registrations/r2/approve').set(manager()).expect(200);
    });
  });

  describe('reading', () => {
    beforeEach(async () => {
      await ledger.http.post('/registrations').set(partner('acme')).send(registration('r1', 'acme')).expect(201);
      await ledger.http
        .post('/registrations')
        .set(partner('initech'))
        .send(registration('r2', 'initech', 'initrode.com'))
        .expect(201);
      await ledger.http.post('/registrations/r2/approve').set(manager()).expect(200);
      await ledger.caughtUp();
    });

    it("scopes partner users to their own registrations; another partner's answers like a missing one", async () => {
      const list = await ledger.http.get('/registrations?partnerId=initech').set(partner('acme')).expect(200);
      expect(list.body.registrations.map((view: { registrationId: string }) => view.registrationId)).toEqual(['r1']);
      const foreign = await ledger.http.get('/registrations/r2').set(partner('acme')).expect(404);
      const missing = await ledger.http.get('/registrations/r9').set(partner('acme')).expect(404);
      expect({ ...foreign.body, message: '', details: {} }).toEqual({ ...missing.body, message: '', details: {} });
      expect(JSON.stringify(foreign.body)).not.toContain('initech');
    });

    it('lets staff read and filter every registration', async () => {
      for (const role of ['auditor', 'finance', 'ops', 'partner_manager', 'admin'] as const) {
        const list = await ledger.http.get('/registrations').set(ledger.auth(role)).expect(200);
        expect(list.body.registrations.map((view: { registrationId: string }) => view.registrationId)).toEqual([
          'r1',
          'r2',
        ]);
      }
      const approved = await ledger.http
        .get('/registrations?status=approved&partnerId=initech')
        .set(ledger.auth('auditor'))
        .expect(200);
      expect(approved.body.registrations).toEqual([
        expect.objectContaining({ registrationId: 'r2', status: 'approved' }),
      ]);
      await ledger.http.get('/registrations?status=pending').set(ledger.auth('auditor')).expect(400);
      await ledger.http.get('/registrations/r1?sort=asc').set(ledger.auth('auditor')).expect(400);
      // Lists page by cursor (docs/api.md): offset is no parameter any more.
      await ledger.http.get('/registrations?limit=1&offset=1').set(ledger.auth('auditor')).expect(400);
      const first = await ledger.http.get('/registrations?limit=1').set(ledger.auth('auditor')).expect(200);
      expect(first.body.registrations).toHaveLength(1);
      const second = await ledger.http
        .get(`/registrations?limit=1&cursor=${first.body.next}`)
        .set(ledger.auth('auditor'))
        .expect(200);
      expect(second.body.registrations[0].registrationId).not.toBe(first.body.registrations[0].registrationId);
    });

    it('shows a partner its pipeline: submitted and protected registrations', async () => {
      const pipeline = await ledger.http.get('/partners/initech/pipeline').set(partner('initech')).expect(200);
      expect(pipeline.body).toMatchObject({
        partnerId: 'initech',
        registrations: [expect.objectContaining({ registrationId: 'r2', status: 'approved' })],
        deals: [],
      });
      await ledger.http.get('/partners/acme/pipeline').set(partner('initech')).expect(404);
      ledger.clock.set('2026-05-11T00:00:00.000Z');
      const lapsed = await ledger.http.get('/partners/initech/pipeline').set(partner('initech')).expect(200);
      expect(lapsed.body.registrations).toEqual([]);
    });
  });
});
