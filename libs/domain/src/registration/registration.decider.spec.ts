import { DomainError } from '../errors.js';
import { deciderSpecification, itRefusesInactivePartners } from '../testing/decider-specification.js';
import {
  approveRegistration,
  extendRegistration,
  lockHeldBy,
  registrationApproved,
  registrationExtended,
  registrationRejected,
  registrationSubmitted,
  rejectRegistration,
  submitRegistration,
  unlocked,
} from '../testing/registration-builders.js';
import { registrationDecider } from './registration.decider.js';

const spec = deciderSpecification(registrationDecider);
const partnerActor = { id: 'pat', role: 'partner', partnerId: 'p1' } as const;
const submittedToday = registrationSubmitted({ submittedAt: '2026-02-10' });

describe('registration decider', () => {
  describe('submit', () => {
    it('records the registration with the customer key and the program currency', () =>
      spec
        .given([])
        .when(submitRegistration({ customer: { name: ' Globex ', domain: 'WWW.GLOBEX.COM.' } }))
        .then([
          registrationSubmitted({ customer: { name: 'Globex', domain: 'WWW.GLOBEX.COM.' }, submittedAt: '2026-02-10' }),
        ]));

    it('keeps an explicit currency and writes the value at its minor unit', () =>
      spec
        .given([])
        .when(submitRegistration({ currency: 'JPY', estimatedValue: '5000000' }))
        .then([registrationSubmitted({ currency: 'JPY', estimatedValue: '5000000', submittedAt: '2026-02-10' })]));

    it('pads the estimated value to the currency scale', () =>
      spec
        .given([])
        .when(submitRegistration({ estimatedValue: '50000' }))
        .then([registrationSubmitted({ estimatedValue: '50000.00', submittedAt: '2026-02-10' })]));

    it('lets a partner user submit for its own partner', () =>
      spec
        .given([])
        .when(submitRegistration({}, { actor: partnerActor }))
        .then([submittedToday]));

    it('refuses a partner user submitting for another partner', () =>
      spec
        .given([])
        .when(submitRegistration({ partnerId: 'p2' }, { actor: partnerActor }))
        .thenThrows('FORBIDDEN', { field: 'partnerId' }));

    it('refuses a second submission of the same registration', () =>
      spec
        .given([registrationSubmitted()])
        .when(submitRegistration())
        .thenThrows('REGISTRATION_ALREADY_SUBMITTED', { registrationId: 'r1' }));

    itRefusesInactivePartners(spec, (partnerStatus) => submitRegistration({ facts: { partnerStatus } }));

    it('refuses while another registration protects the customer, revealing neither it nor its partner', () => {
      const command = submitRegistration({
        registrationId: 'r2',
        partnerId: 'p2',
        facts: { customerLock: lockHeldBy('r1') },
      });
      spec
        .given([])
        .when(command)
        .thenThrows('REGISTRATION_CONFLICT', { field: 'customer.domain', customerKey: 'globex.com' });
      const error = capture(() => registrationDecider.decide(command, registrationDecider.initialState()));
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(/r1|p1/);
    });

    it('refuses the same way when the holder is the same partner, so the answer reveals nothing', () =>
      spec
        .given([])
        .when(submitRegistration({ registrationId: 'r2', facts: { customerLock: lockHeldBy('r1') } }))
        .thenThrows('REGISTRATION_CONFLICT'));

    it('accepts a submission once the other registration is past its window', () =>
      spec
        .given([])
        .when(submitRegistration({ facts: { customerLock: lockHeldBy('r9', '2026-02-09') } }))
        .then([submittedToday]));

    it('refuses on the last protected day', () =>
      spec
        .given([])
        .when(submitRegistration({ facts: { customerLock: lockHeldBy('r9', '2026-02-10') } }))
        .thenThrows('REGISTRATION_CONFLICT'));

    // Issue 11: `www.www.globex.com` was keyed `www.globex.com` and passed another partner's protection.
    it.each(['www.www.globex.com', 'shop.globex.com', 'WWW.Shop.Globex.com.'])(
      'keys %j as its registrable domain, globex.com',
      (domain) =>
        spec
          .given([])
          .when(submitRegistration({ customer: { name: 'Globex', domain } }))
          .then([
            registrationSubmitted({ customer: { name: 'Globex', domain: domain.trim() }, submittedAt: '2026-02-10' }),
          ]),
    );

    it.each(['www.www.globex.com', 'shop.globex.com'])(
      'refuses %j while another partner protects globex.com',
      (domain) =>
        spec
          .given([])
          .when(
            submitRegistration({
              registrationId: 'r2',
              partnerId: 'p2',
              customer: { name: 'Globex', domain },
              facts: { customerLock: lockHeldBy('r1') },
            }),
          )
          .thenThrows('REGISTRATION_CONFLICT', { field: 'customer.domain', customerKey: 'globex.com' }),
    );

    it('keys a subdomain declared a division as itself', () =>
      spec
        .given([])
        .when(
          submitRegistration({
            customer: { name: 'Globex EU', domain: 'shop.eu.globex.com' },
            facts: { divisions: ['eu.globex.com'] },
          }),
        )
        .then([
          registrationSubmitted({
            customer: { name: 'Globex EU', domain: 'shop.eu.globex.com' },
            customerKey: 'eu.globex.com',
            submittedAt: '2026-02-10',
          }),
        ]));

    it('keeps the registrable domain locked for subdomains that are not divisions', () =>
      spec
        .given([])
        .when(
          submitRegistration({
            customer: { name: 'Globex', domain: 'us.globex.com' },
            facts: { divisions: ['eu.globex.com'] },
          }),
        )
        .then([
          registrationSubmitted({ customer: { name: 'Globex', domain: 'us.globex.com' }, submittedAt: '2026-02-10' }),
        ]));

    it('keeps a two-level public suffix: globex.co.uk is its own key', () =>
      spec
        .given([])
        .when(
          submitRegistration({
            customer: { name: 'Globex UK', domain: 'www.globex.co.uk' },
            facts: { registrableDomain: 'globex.co.uk' },
          }),
        )
        .then([
          registrationSubmitted({
            customer: { name: 'Globex UK', domain: 'www.globex.co.uk' },
            customerKey: 'globex.co.uk',
            submittedAt: '2026-02-10',
          }),
        ]));

    it('refuses a domain without a registrable domain (a bare public suffix), naming customer.domain', () =>
      spec
        .given([])
        .when(submitRegistration({ customer: { name: 'Nobody', domain: 'co.uk' }, facts: { registrableDomain: null } }))
        .thenThrows('CUSTOMER_DOMAIN_INVALID', { field: 'customer.domain', rule: 'registrableDomain' }));

    it('refuses a domain that is not a domain', () =>
      spec
        .given([])
        .when(submitRegistration({ customer: { name: 'Globex', domain: 'https://globex.com/' } }))
        .thenThrows('CUSTOMER_DOMAIN_INVALID', { field: 'customer.domain', rule: 'characters' }));

    it('refuses a customer without a name', () =>
      spec
        .given([])
        .when(submitRegistration({ customer: { name: ' ', domain: 'globex.com' } }))
        .thenThrows('VALIDATION_FAILED', { field: 'customer.name' }));

    it('refuses an estimated value sent as a number', () =>
      spec
        .given([])
        .when(submitRegistration({ estimatedValue: 50000 as never }))
        .thenThrows('AMOUNT_INVALID', { field: 'estimatedValue', rule: 'decimalString' }));

    it('refuses a negative estimated value', () =>
      spec
        .given([])
        .when(submitRegistration({ estimatedValue: '-1.00' }))
        .thenThrows('AMOUNT_INVALID', { field: 'estimatedValue', rule: 'min' }));

    it('refuses more decimals than the currency has', () =>
      spec
        .given([])
        .when(submitRegistration({ estimatedValue: '10.005' }))
        .thenThrows('AMOUNT_INVALID', { field: 'estimatedValue', rule: 'scale' }));

    it('refuses a currency that is not an ISO code', () =>
      spec
        .given([])
        .when(submitRegistration({ currency: 'euro' }))
        .thenThrows('VALIDATION_FAILED', { field: 'currency', rule: 'currency' }));

    it('refuses an expected close date that is not a calendar date', () =>
      spec
        .given([])
        .when(submitRegistration({ expectedCloseDate: '2026-02-30' }))
        .thenThrows('DATE_INVALID', { field: 'expectedCloseDate' }));

    it('refuses an empty product family', () =>
      spec
        .given([])
        .when(submitRegistration({ productFamily: '' }))
        .thenThrows('VALIDATION_FAILED', { field: 'productFamily' }));
  });

  describe('approve', () => {
    it('approves with the protection window of its own live claim', () =>
      spec
        .given([registrationSubmitted()])
        .when(approveRegistration(lockHeldBy('r1', '2026-05-01')))
        .then([registrationApproved({ protectedUntil: '2026-05-01', approvedAt: '2026-02-10' })]));

    it('refuses without a claim on the customer', () =>
      spec
        .given([registrationSubmitted()])
        .when(approveRegistration(unlocked))
        .thenThrows('CUSTOMER_NOT_CLAIMED', { registrationId: 'r1' }));

    it('refuses when another registration holds the claim', () =>
      spec
        .given([registrationSubmitted()])
        .when(approveRegistration(lockHeldBy('r2')))
        .thenThrows('CUSTOMER_NOT_CLAIMED'));

    it('refuses when its own claim has expired (a stale read)', () =>
      spec
        .given([registrationSubmitted()])
        .when(approveRegistration(lockHeldBy('r1', '2026-02-09')))
        .thenThrows('CUSTOMER_NOT_CLAIMED'));

    it('refuses a claim on another customer', () =>
      spec
        .given([registrationSubmitted()])
        .when(approveRegistration(lockHeldBy('r1', '2026-05-01', { customerKey: 'initech.com' })))
        .thenThrows('CUSTOMER_NOT_CLAIMED'));

    it('refuses a registration that was never submitted', () =>
      spec.given([]).when(approveRegistration()).thenThrows('REGISTRATION_NOT_FOUND', { registrationId: 'r1' }));

    it('refuses a registration that is already approved', () =>
      spec
        .given([registrationSubmitted(), registrationApproved()])
        .when(approveRegistration())
        .thenThrows('REGISTRATION_NOT_PENDING', { status: 'approved' }));

    it('refuses a rejected registration', () =>
      spec
        .given([registrationSubmitted(), registrationRejected()])
        .when(approveRegistration())
        .thenThrows('REGISTRATION_NOT_PENDING', { status: 'rejected' }));

    it('refuses a partner user', () =>
      spec
        .given([registrationSubmitted()])
        .when(approveRegistration(lockHeldBy('r1'), 'r1', { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('reject', () => {
    it('rejects a pending registration with the reason', () =>
      spec
        .given([registrationSubmitted()])
        .when(rejectRegistration(' duplicate of an existing opportunity '))
        .then([registrationRejected({ reason: 'duplicate of an existing opportunity', rejectedAt: '2026-02-10' })]));

    it('refuses without a reason', () =>
      spec
        .given([registrationSubmitted()])
        .when(rejectRegistration('  '))
        .thenThrows('VALIDATION_FAILED', { field: 'reason' }));

    it('refuses an approved registration', () =>
      spec
        .given([registrationSubmitted(), registrationApproved()])
        .when(rejectRegistration())
        .thenThrows('REGISTRATION_NOT_PENDING', { status: 'approved' }));

    it('refuses a registration that was never submitted', () =>
      spec.given([]).when(rejectRegistration()).thenThrows('REGISTRATION_NOT_FOUND'));

    it('refuses a partner user', () =>
      spec
        .given([registrationSubmitted()])
        .when(rejectRegistration('no', 'r1', { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));
  });

  describe('extend', () => {
    const approved = [registrationSubmitted(), registrationApproved()];

    it('records the extension the customer lock already holds, with the reason', () =>
      spec.given(approved).when(extendRegistration()).then([registrationExtended()]));

    it('extends a protection on its last day', () =>
      spec
        .given(approved)
        .when(extendRegistration({}, { now: '2026-05-01T18:00:00Z' }))
        .then([registrationExtended({ extendedAt: '2026-05-01' })]));

    it('refuses a second extension', () =>
      spec
        .given([...approved, registrationExtended()])
        .when(extendRegistration())
        .thenThrows('REGISTRATION_ALREADY_EXTENDED', { registrationId: 'r1', protectedUntil: '2026-07-30' }));

    it('refuses an expired registration', () =>
      spec
        .given(approved)
        .when(extendRegistration({}, { now: '2026-05-02T09:00:00Z' }))
        .thenThrows('REGISTRATION_EXPIRED', { registrationId: 'r1', protectedUntil: '2026-05-01' }));

    it.each([
      ['submitted', [registrationSubmitted()]],
      ['rejected', [registrationSubmitted(), registrationRejected()]],
    ])('refuses a %s registration', (status, events) =>
      spec.given(events).when(extendRegistration()).thenThrows('REGISTRATION_NOT_APPROVED', { status }),
    );

    it('refuses a registration never submitted', () =>
      spec.given([]).when(extendRegistration()).thenThrows('REGISTRATION_NOT_FOUND'));

    it('refuses without a reason', () =>
      spec
        .given(approved)
        .when(extendRegistration({ reason: ' ' }))
        .thenThrows('VALIDATION_FAILED', { field: 'reason', rule: 'nonEmpty' }));

    it('refuses before the customer lock was extended', () =>
      spec
        .given(approved)
        .when(extendRegistration({ facts: { customerLock: lockHeldBy('r1') } }))
        .thenThrows('CUSTOMER_NOT_CLAIMED', { registrationId: 'r1' }));

    it('refuses a partner user', () =>
      spec
        .given(approved)
        .when(extendRegistration({}, { actor: partnerActor }))
        .thenThrows('FORBIDDEN'));

    it('folds the new protection and remembers the extension', () => {
      const state = [...approved, registrationExtended()].reduce(
        registrationDecider.evolve,
        registrationDecider.initialState(),
      );
      expect(state).toMatchObject({ status: 'approved', protectedUntil: '2026-07-30', extended: true });
    });
  });

  describe('evolve', () => {
    it('folds the facts a deal needs: status, partner, customer and window', () => {
      const state = [registrationSubmitted(), registrationApproved()].reduce(
        registrationDecider.evolve,
        registrationDecider.initialState(),
      );
      expect(state).toEqual({
        status: 'approved',
        registrationId: 'r1',
        partnerId: 'p1',
        customer: { name: 'Globex', domain: 'globex.com' },
        customerKey: 'globex.com',
        productFamily: 'platform',
        protectedUntil: '2026-05-01',
        extended: false,
      });
    });
  });
});

function capture(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
