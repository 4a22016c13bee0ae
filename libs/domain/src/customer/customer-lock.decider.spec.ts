import {
  claimCustomer,
  customerClaimed,
  customerClaimExtended,
  customerDivisionDeclared,
  customerReleased,
  declareCustomerDivision,
  extendCustomerClaim,
  releaseCustomer,
} from '../testing/registration-builders.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import { customerLockDecider } from './customer-lock.decider.js';

const spec = deciderSpecification(customerLockDecider);
// The default claim: r1 (partner p1) claimed 2026-02-01, protected through 2026-05-01.
const claimedByR1 = customerClaimed();

describe('customer lock decider', () => {
  describe('claim', () => {
    it('claims a free customer for protectionDays days, the claim date included', () =>
      spec
        .given([])
        .when(claimCustomer({ facts: { protectionDays: 90 } }))
        .then([customerClaimed({ claimedAt: '2026-02-10', protectedUntil: '2026-05-10' })]));

    it('takes the protection days from the command (the rule set in force)', () =>
      spec
        .given([])
        .when(claimCustomer({ facts: { protectionDays: 1 } }))
        .then([customerClaimed({ claimedAt: '2026-02-10', protectedUntil: '2026-02-10' })]));

    it('refuses another registration while the claim is live, without naming the holder', () =>
      spec
        .given([claimedByR1])
        .when(claimCustomer({ registrationId: 'r2', partnerId: 'p2' }))
        .thenThrows('REGISTRATION_CONFLICT', { customerKey: 'globex.com' }));

    it('is refused on the last protected day', () =>
      spec
        .given([claimedByR1])
        .when(claimCustomer({ registrationId: 'r2', partnerId: 'p2' }, { now: '2026-05-01T23:59:59.999Z' }))
        .thenThrows('REGISTRATION_CONFLICT'));

    it('lets another registration claim once the window has passed', () =>
      spec
        .given([claimedByR1])
        .when(claimCustomer({ registrationId: 'r2', partnerId: 'p2' }, { now: '2026-05-02T00:00:00.000Z' }))
        .then([
          customerClaimed({
            registrationId: 'r2',
            partnerId: 'p2',
            claimedAt: '2026-05-02',
            protectedUntil: '2026-07-30',
          }),
        ]));

    it('decides nothing when the same registration claims again while live (a retried approval)', () =>
      spec
        .given([claimedByR1])
        .when(claimCustomer({ facts: { protectionDays: 120 } }))
        .then([]));

    it('lets the same registration claim afresh after its own claim expired', () =>
      spec
        .given([claimedByR1])
        .when(claimCustomer({}, { now: '2026-06-01T09:00:00.000Z' }))
        .then([customerClaimed({ claimedAt: '2026-06-01', protectedUntil: '2026-08-29' })]));

    it('lets a registration claim after the holder was released', () =>
      spec
        .given([claimedByR1, customerReleased()])
        .when(claimCustomer({ registrationId: 'r2', partnerId: 'p2' }))
        .then([
          customerClaimed({
            registrationId: 'r2',
            partnerId: 'p2',
            claimedAt: '2026-02-10',
            protectedUntil: '2026-05-10',
          }),
        ]));

    it('keeps the details of a refusal free of the holder', () => {
      let details: unknown;
      try {
        customerLockDecider.decide(
          claimCustomer({ registrationId: 'r2', partnerId: 'p2' }),
          customerLockDecider.evolve(customerLockDecider.initialState(), claimedByR1),
        );
      } catch (error) {
        details = (error as { details: unknown }).details;
      }
      expect(JSON.stringify(details)).not.toMatch(/r1|p1/);
    });

    it.each([0, -5, 1.5, 3651, '90'])('refuses protectionDays %j', (protectionDays) =>
      spec
        .given([])
        .when(claimCustomer({ facts: { protectionDays: protectionDays as number } }))
        .thenThrows('VALIDATION_FAILED', { field: 'protectionDays', rule: 'range' }),
    );

    it('refuses a key that is not normalized, which would lock another stream', () =>
      spec
        .given([])
        .when(claimCustomer({ customerKey: 'WWW.globex.com' }))
        .thenThrows('VALIDATION_FAILED', { field: 'customerKey', rule: 'normalized' }));

    // Issue 11: a registration recorded as `www.globex.com` (one www removed of two) could never be approved.
    it('claims under a key recorded before every leading www was removed', () =>
      spec
        .given([])
        .when(claimCustomer({ customerKey: 'www.globex.com' }))
        .then([
          customerClaimed({ customerKey: 'www.globex.com', claimedAt: '2026-02-10', protectedUntil: '2026-05-10' }),
        ]));

    it('is not blocked by divisions declared on its stream', () =>
      spec
        .given([customerDivisionDeclared()])
        .when(claimCustomer())
        .then([customerClaimed({ claimedAt: '2026-02-10', protectedUntil: '2026-05-10' })]));

    it('refuses a key that is not a domain', () =>
      spec
        .given([])
        .when(claimCustomer({ customerKey: 'globex' }))
        .thenThrows('CUSTOMER_DOMAIN_INVALID', { field: 'customerKey' }));

    it('refuses a claim without a registration', () =>
      spec
        .given([])
        .when(claimCustomer({ registrationId: '' }))
        .thenThrows('VALIDATION_FAILED', { field: 'registrationId' }));
  });

  describe('release', () => {
    it('releases the lock held by a rejected registration', () =>
      spec
        .given([claimedByR1])
        .when(releaseCustomer())
        .then([customerReleased({ releasedAt: '2026-02-10' })]));

    it('releases an expired claim too, so the stream reads as free', () =>
      spec
        .given([claimedByR1])
        .when(releaseCustomer({}, { now: '2026-09-01T00:00:00.000Z' }))
        .then([customerReleased({ releasedAt: '2026-09-01' })]));

    it('decides nothing when the registration does not hold the lock', () =>
      spec
        .given([claimedByR1])
        .when(releaseCustomer({ registrationId: 'r2' }))
        .then([]));

    it('decides nothing on a free customer', () => spec.given([]).when(releaseCustomer()).then([]));

    it.each(['submitted', 'approved', 'none'] as const)(
      'refuses to release for a registration that is %s',
      (registrationStatus) =>
        spec
          .given([claimedByR1])
          .when(releaseCustomer({ facts: { registrationStatus } }))
          .thenThrows('CUSTOMER_RELEASE_NOT_ALLOWED', { registrationId: 'r1', registrationStatus }),
    );
  });

  describe('extend a claim', () => {
    it('moves the live claim’s last protected day later, once', () =>
      spec.given([claimedByR1]).when(extendCustomerClaim()).then([customerClaimExtended()]));

    it('decides nothing when the same extension is retried', () =>
      spec.given([claimedByR1, customerClaimExtended()]).when(extendCustomerClaim()).then([]));

    it('refuses a second, different extension', () =>
      spec
        .given([claimedByR1, customerClaimExtended()])
        .when(extendCustomerClaim({ protectedUntil: '2026-10-28' }))
        .thenThrows('REGISTRATION_ALREADY_EXTENDED', { registrationId: 'r1', protectedUntil: '2026-07-30' }));

    it('refuses another registration, without naming the holder', () =>
      spec
        .given([claimedByR1])
        .when(extendCustomerClaim({ registrationId: 'r2' }))
        .thenThrows('CUSTOMER_NOT_CLAIMED', { registrationId: 'r2' }));

    it('refuses a partner user', () =>
      spec
        .given([claimedByR1])
        .when(extendCustomerClaim({}, { actor: { id: 'pat', role: 'partner', partnerId: 'p1' } }))
        .thenThrows('FORBIDDEN'));

    it('refuses an expired claim', () =>
      spec
        .given([claimedByR1])
        .when(extendCustomerClaim({}, { now: '2026-05-02T00:00:00Z' }))
        .thenThrows('CUSTOMER_NOT_CLAIMED'));

    it('folds the new date into the claim and marks it extended', () => {
      const state = [claimedByR1, customerClaimExtended()].reduce(
        customerLockDecider.evolve,
        customerLockDecider.initialState(),
      );
      expect(state.claim).toMatchObject({ registrationId: 'r1', protectedUntil: '2026-07-30', extended: true });
    });
  });

  describe('declare a division', () => {
    it('records that a subdomain is a separate customer, normalized', () =>
      spec
        .given([])
        .when(declareCustomerDivision({ customerDomain: 'WWW.Globex.com', division: ' www.EU.globex.com. ' }))
        .then([customerDivisionDeclared({ declaredAt: '2026-02-10' })]));

    it('can be declared while a partner protects the customer: the manager narrows that protection on purpose', () =>
      spec
        .given([claimedByR1])
        .when(declareCustomerDivision({ division: 'apac.globex.com' }))
        .then([customerDivisionDeclared({ division: 'apac.globex.com', declaredAt: '2026-02-10' })]));

    it('decides nothing when the division is already declared', () =>
      spec
        .given([customerDivisionDeclared()])
        .when(declareCustomerDivision({ reason: 'Again' }))
        .then([]));

    it("refuses a partner user, who could carve another partner's customer into pieces", () =>
      spec
        .given([])
        .when(declareCustomerDivision({}, { actor: { id: 'pat', role: 'partner', partnerId: 'p1' } }))
        .thenThrows('FORBIDDEN', { action: 'declareDivision' }));

    it.each(['globex.com', 'www.globex.com', 'initech.com', 'myglobex.com'])(
      'refuses %j as a division of globex.com',
      (division) =>
        spec
          .given([])
          .when(declareCustomerDivision({ division }))
          .thenThrows('CUSTOMER_DOMAIN_INVALID', { field: 'domain', rule: 'subdomain', customerKey: 'globex.com' }),
    );

    it('refuses a customer domain that is not a registrable domain', () =>
      spec
        .given([])
        .when(declareCustomerDivision({ customerDomain: 'eu.globex.com', division: 'x.eu.globex.com' }))
        .thenThrows('CUSTOMER_DOMAIN_INVALID', {
          field: 'customerDomain',
          rule: 'registrableDomain',
          registrableDomain: 'globex.com',
        }));

    it('refuses a public suffix as the customer domain', () =>
      spec
        .given([])
        .when(
          declareCustomerDivision({
            customerDomain: 'co.uk',
            division: 'globex.co.uk',
            facts: { registrableDomain: null },
          }),
        )
        .thenThrows('CUSTOMER_DOMAIN_INVALID', { field: 'customerDomain', rule: 'registrableDomain' }));

    it('refuses a declaration without a reason', () =>
      spec
        .given([])
        .when(declareCustomerDivision({ reason: ' ' }))
        .thenThrows('VALIDATION_FAILED', { field: 'reason' }));

    it('keeps the divisions in the state, next to the claim', () => {
      const state = [claimedByR1, customerDivisionDeclared()].reduce(
        customerLockDecider.evolve,
        customerLockDecider.initialState(),
      );
      expect(state).toEqual({ claim: claimedByR1.data, divisions: ['eu.globex.com'] });
    });
  });

  describe('evolve', () => {
    it('ignores a release by a registration that no longer holds the lock', () => {
      const state = [
        claimedByR1,
        customerClaimed({ registrationId: 'r2', claimedAt: '2026-06-01', protectedUntil: '2026-08-29' }),
        customerReleased(),
      ].reduce(customerLockDecider.evolve, customerLockDecider.initialState());
      expect(state.claim?.registrationId).toBe('r2');
    });
  });
});
