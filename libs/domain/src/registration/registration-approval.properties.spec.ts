import fc from 'fast-check';
import { customerLockDecider, isClaimLive } from '../customer/customer-lock.decider.js';
import type { CustomerLockState } from '../customer/customer-lock.state.js';
import { addDays } from '../dates.js';
import { fold, type CommandMetadata } from '../decider.js';
import type { DomainError } from '../errors.js';
import { metadata } from '../testing/decider-specification.js';
import { attempt, ProtocolModel } from '../testing/protocol-model.js';
import { registrationDecider } from './registration.decider.js';
import type { RegistrationState, RegistrationStatus } from './registration.state.js';
import type { CustomerLockEvent, RegistrationEvent } from './registration.events.js';

/**
 * The approval protocol of registration.decider.ts, run by a model of the application layer against
 * in-memory streams. Each step is one read or one read-decide-append on one stream, as handleCommand
 * does it; the scheduler interleaves the steps of concurrent requests at random, lets time pass
 * between them, and abandons requests half-way (a crash). Whatever it does, a customer never has two
 * approved registrations with overlapping protection windows, and retrying heals what a crash left.
 */

const registrations = [
  { registrationId: 'r1', partnerId: 'p1', domain: 'globex.com' },
  { registrationId: 'r2', partnerId: 'p2', domain: 'WWW.GLOBEX.COM.' },
  { registrationId: 'r3', partnerId: 'p3', domain: ' www.www.Globex.com ' },
  // A subdomain is the same customer as its registrable domain: it competes for the same lock.
  { registrationId: 'r4', partnerId: 'p1', domain: 'shop.Globex.com' },
] as const;

type Process =
  | { kind: 'submit'; registrationId: string; stage: 'read' | 'decide'; customerLock?: CustomerLockState }
  | {
      kind: 'approve';
      registrationId: string;
      protectionDays: number;
      stage: 'check' | 'claim' | 'read' | 'approve' | 'compensateRead' | 'compensate';
      customerLock?: CustomerLockState;
      registrationStatus?: RegistrationStatus | 'none';
    }
  | {
      kind: 'reject';
      registrationId: string;
      stage: 'reject' | 'read' | 'release';
      registrationStatus?: RegistrationStatus | 'none';
    };

class World extends ProtocolModel<Process> {
  day = 0;
  readonly streams = new Map<string, RegistrationEvent[]>(
    registrations.map(({ registrationId }) => [registrationId, []]),
  );
  readonly lock: CustomerLockEvent[] = [];

  get now(): string {
    return `${addDays('2026-01-01', this.day)}T12:00:00.000Z`;
  }

  registration(registrationId: string): RegistrationState {
    return fold(registrationDecider, this.streams.get(registrationId)!);
  }

  lockState(): CustomerLockState {
    return fold(customerLockDecider, this.lock);
  }

  /** One read-decide-append on a registration stream; a refusal is returned, not thrown. */
  onRegistration(
    registrationId: string,
    command: Parameters<typeof registrationDecider.decide>[0],
  ): DomainError | undefined {
    return attempt(() =>
      this.streams.get(registrationId)!.push(...registrationDecider.decide(command, this.registration(registrationId))),
    );
  }

  onLock(command: Parameters<typeof customerLockDecider.decide>[0]): DomainError | undefined {
    return attempt(() => this.lock.push(...customerLockDecider.decide(command, this.lockState())));
  }

  /** Advances a process by one step; returns false when it has finished. */
  override step(process: Process): boolean {
    const meta = metadata({ now: this.now });
    const { registrationId } = process;
    const spec = registrations.find((registration) => registration.registrationId === registrationId)!;
    switch (process.kind) {
      case 'submit':
        if (process.stage === 'read') {
          process.customerLock = this.lockState();
          process.stage = 'decide';
          return true;
        }
        this.onRegistration(registrationId, {
          type: 'SubmitRegistration',
          data: {
            registrationId,
            partnerId: spec.partnerId,
            customer: { name: 'Globex', domain: spec.domain },
            productFamily: 'platform',
            estimatedValue: '1000.00',
            expectedCloseDate: '2026-12-31',
            // What the application layer looks up: the registrable domain, and no division declared.
          },
          facts: {
            partnerStatus: 'active',
            registrableDomain: 'globex.com',
            divisions: [],
            customerLock: process.customerLock!,
            programCurrency: 'USD',
          },
          metadata: meta,
        });
        return false;

      case 'approve': {
        const registration = this.registration(registrationId);
        switch (process.stage) {
          case 'check':
            process.stage = 'claim';
            return registration.status === 'submitted';
          case 'claim': {
            if (registration.status === 'none') return false;
            const refusal = this.onLock({
              type: 'ClaimCustomer',
              data: { customerKey: registration.customerKey, registrationId, partnerId: registration.partnerId },
              facts: { protectionDays: process.protectionDays },
              metadata: meta,
            });
            process.stage = 'read';
            return refusal === undefined;
          }
          case 'read':
            process.customerLock = this.lockState();
            process.stage = 'approve';
            return true;
          case 'approve': {
            const refusal = this.onRegistration(registrationId, {
              type: 'ApproveRegistration',
              data: { registrationId },
              facts: { customerLock: process.customerLock! },
              metadata: meta,
            });
            process.stage = 'compensateRead';
            return refusal?.code === 'REGISTRATION_NOT_PENDING' && registration.status === 'rejected';
          }
          case 'compensateRead':
            process.registrationStatus = registration.status;
            process.stage = 'compensate';
            return true;
          case 'compensate':
            this.release(registration, process.registrationStatus!, meta);
            return false;
        }
        return false;
      }

      case 'reject': {
        const registration = this.registration(registrationId);
        switch (process.stage) {
          case 'reject': {
            const refusal = this.onRegistration(registrationId, {
              type: 'RejectRegistration',
              data: { registrationId, reason: 'channel conflict' },
              metadata: meta,
            });
            process.stage = 'read';
            // A retried rejection whose first step already happened still releases the lock.
            return (
              refusal === undefined ||
              (refusal.code === 'REGISTRATION_NOT_PENDING' && registration.status === 'rejected')
            );
          }
          case 'read':
            process.registrationStatus = registration.status;
            process.stage = 'release';
            return true;
          case 'release':
            this.release(registration, process.registrationStatus!, meta);
            return false;
        }
      }
    }
  }

  /** Releases the customer from a registration, given its status as read before. */
  private release(
    registration: RegistrationState,
    registrationStatus: RegistrationStatus | 'none',
    meta: CommandMetadata,
  ): void {
    if (registration.status === 'none') return;
    this.onLock({
      type: 'ReleaseCustomer',
      data: { customerKey: registration.customerKey, registrationId: registration.registrationId },
      facts: { registrationStatus },
      metadata: meta,
    });
  }
}

function start(kind: Process['kind'], registrationId: string, protectionDays: number): Process {
  switch (kind) {
    case 'submit':
      return { kind, registrationId, stage: 'read' };
    case 'approve':
      return { kind, registrationId, protectionDays, stage: 'check' };
    case 'reject':
      return { kind, registrationId, stage: 'reject' };
  }
}

function checkInvariants(world: World): void {
  const approved = registrations.flatMap(({ registrationId }) => {
    const events = world.streams.get(registrationId)!;
    const approval = events.find((event) => event.type === 'DealRegistrationApproved');
    return approval?.type === 'DealRegistrationApproved' ? [approval.data] : [];
  });
  // No two approved registrations protect the customer on the same day.
  for (const [index, first] of approved.entries()) {
    expect(first.approvedAt <= first.protectedUntil).toBe(true);
    for (const second of approved.slice(index + 1)) {
      const overlap = first.approvedAt <= second.protectedUntil && second.approvedAt <= first.protectedUntil;
      expect(overlap).toBe(false);
    }
  }
  // Every approval rests on a claim of its own with the same window.
  for (const approval of approved) {
    const claim = world.lock.find(
      (event) =>
        event.type === 'CustomerClaimed' &&
        event.data.registrationId === approval.registrationId &&
        event.data.protectedUntil === approval.protectedUntil,
    );
    expect(claim).toBeDefined();
    expect(claim!.type === 'CustomerClaimed' && claim!.data.claimedAt <= approval.approvedAt).toBe(true);
  }
  // The lock stream never holds two live claims, and only rejected registrations are released.
  let holder: { registrationId: string; protectedUntil: string } | null = null;
  for (const event of world.lock) {
    if (event.type === 'CustomerClaimed') {
      if (holder !== null) expect(event.data.claimedAt > holder.protectedUntil).toBe(true);
      holder = event.data;
    } else if (event.type === 'CustomerReleased') {
      expect(world.registration(event.data.registrationId).status).toBe('rejected');
      if (holder?.registrationId === event.data.registrationId) holder = null;
    }
  }
}

const operation = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('start' as const),
      kind: fc.constantFrom<Process['kind']>('submit', 'approve', 'approve', 'reject', 'reject'),
      registration: fc.integer({ min: 0, max: 3 }),
      protectionDays: fc.integer({ min: 1, max: 120 }),
    }),
  },
  { weight: 10, arbitrary: fc.record({ op: fc.constant('step' as const), process: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('crash' as const), process: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 60 }) }) },
);

describe('registration approval protocol under interleavings, crashes and time', () => {
  it('never lets two approved registrations protect a customer at once, and retries heal every crash', () => {
    const reached = { approved: 0, released: 0, healed: 0 };
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 100, size: 'large' }), (operations) => {
        const world = new World();
        for (const operation of operations) {
          switch (operation.op) {
            case 'start':
              world.processes.push(
                start(operation.kind, registrations[operation.registration]!.registrationId, operation.protectionDays),
              );
              break;
            case 'step': {
              const process = world.picked(operation.process);
              if (process) world.advance(process);
              break;
            }
            case 'crash':
              world.crash(operation.process);
              break;
            case 'advance':
              world.day += operation.days;
              break;
          }
          checkInvariants(world);
        }

        // Healing: whatever crashed, retrying the same request converges.
        world.processes = [];
        const today = addDays('2026-01-01', world.day);
        for (const { registrationId } of registrations) {
          const registration = world.registration(registrationId);
          const lock = world.lockState();
          if (registration.status === 'rejected' && lock.claim?.registrationId === registrationId) {
            // A rejection that crashed before its release: the retried rejection frees the customer.
            world.runToEnd(start('reject', registrationId, 90));
            expect(world.lockState().claim?.registrationId).not.toBe(registrationId);
            reached.healed += 1;
          }
          if (
            registration.status === 'submitted' &&
            isClaimLive(lock.claim, today) &&
            lock.claim.registrationId === registrationId
          ) {
            // An approval that crashed after its claim: the retried approval completes with the original window.
            const protectedUntil = lock.claim.protectedUntil;
            world.runToEnd(start('approve', registrationId, 7));
            expect(world.registration(registrationId)).toMatchObject({ status: 'approved', protectedUntil });
            reached.healed += 1;
          }
          checkInvariants(world);
        }

        reached.approved += registrations.filter(
          ({ registrationId }) => world.registration(registrationId).status === 'approved',
        ).length;
        reached.released += world.lock.filter((event) => event.type === 'CustomerReleased').length;
      }),
      { numRuns: 500 },
    );
    // The scheduler must reach approvals, releases and crashed approvals, or the property proves little.
    expect(reached.approved).toBeGreaterThan(30);
    expect(reached.released).toBeGreaterThan(4);
    expect(reached.healed).toBeGreaterThan(5);
  });

  it('heals a crash between the claim and the approval by retrying, keeping the first window', () => {
    const world = new World();
    world.runToEnd(start('submit', 'r1', 90));
    const crashed = start('approve', 'r1', 90);
    world.step(crashed); // check
    world.step(crashed); // claim, then the process dies
    world.day += 10;
    world.runToEnd(start('submit', 'r2', 90));
    expect(world.registration('r2').status).toBe('none'); // the stuck claim refuses others meanwhile
    world.runToEnd(start('approve', 'r1', 30));
    expect(world.registration('r1')).toMatchObject({ status: 'approved', protectedUntil: '2026-03-31' });
    expect(world.lock.filter((event) => event.type === 'CustomerClaimed')).toHaveLength(1);
  });

  it('frees the customer when an approval loses the race against a rejection', () => {
    const world = new World();
    world.runToEnd(start('submit', 'r1', 90));
    world.runToEnd(start('reject', 'r1', 90)); // rejected, nothing to release yet
    // An approval checked before the rejection:
    world.runToEnd({ kind: 'approve', registrationId: 'r1', protectionDays: 90, stage: 'claim' });
    expect(world.lock.map((event) => event.type)).toEqual(['CustomerClaimed', 'CustomerReleased']);
    world.runToEnd(start('submit', 'r2', 90));
    world.runToEnd(start('approve', 'r2', 90));
    expect(world.registration('r2').status).toBe('approved');
  });
});
