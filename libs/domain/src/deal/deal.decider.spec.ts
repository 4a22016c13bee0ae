import { fold } from '../decider.js';
import { registrationDecider } from '../registration/registration.decider.js';
import { registrationFacts, type RegistrationFacts } from '../registration/registration.state.js';
import type { RegistrationEvent } from '../registration/registration.events.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import {
  advanceDealStage,
  churnDeal,
  customerClaimedByAnother,
  dealChurned,
  dealExpanded,
  dealLost,
  dealOpened,
  dealRefunded,
  dealRenewed,
  dealWon,
  expandDeal,
  loseDeal,
  openDeal,
  refundDeal,
  renewDeal,
  winDeal,
} from '../testing/deal-builders.js';
import { registrationApproved, registrationRejected, registrationSubmitted } from '../testing/registration-builders.js';
import type { DomainError } from '../errors.js';
import { partnerUser } from '../testing/statement-builders.js';
import { dealDecider } from './deal.decider.js';
import { dealLinesMax, dealPartnersMax } from './deal-validation.js';

const spec = deciderSpecification(dealDecider);
const registration = (...events: RegistrationEvent[]): RegistrationFacts =>
  registrationFacts(fold(registrationDecider, events));
const approvedRegistration = registration(
  registrationSubmitted(),
  registrationApproved({ protectedUntil: '2026-05-01' }),
);
const opened = dealOpened();
const openedInEuros = dealOpened({ currency: 'EUR' });
const wonRecurring = dealWon();
const wonOneTime = dealWon({ billing: 'one_time', termMonths: undefined });
const line = (amount: unknown, extra: Record<string, unknown> = {}) =>
  ({ sku: 'PLAT-12M', family: 'platform', amount, ...extra }) as never;

describe('deal decider', () => {
  describe('open directly', () => {
    it('opens with the co-sell split', () => spec.given([]).when(openDeal()).then([opened]));

    it('derives the customer key and keeps the domain as written', () =>
      spec
        .given([])
        .when(openDeal({ customer: { name: 'Globex', domain: 'WWW.Globex.com' } }))
        .then([dealOpened({ customer: { name: 'Globex', domain: 'WWW.Globex.com' } })]));

    it('opens today when no date is given', () =>
      spec
        .given([])
        .when(openDeal({ openedAt: undefined }))
        .then([dealOpened({ openedAt: '2026-02-10' })]));

    it('writes shares in their shortest form', () =>
      spec
        .given([])
        .when(
          openDeal({
            partners: [
              { partnerId: 'p1', role: 'sourcing', share: '0.60' },
              { partnerId: 'p2', role: 'influencing', share: '0.400' },
            ],
          }),
        )
        .then([opened]));

    it('accepts a deal that only partners influenced', () =>
      spec
        .given([])
        .when(openDeal({ partners: [{ partnerId: 'p2', role: 'influencing', share: '1' }] }))
        .then([dealOpened({ partners: [{ partnerId: 'p2', role: 'influencing', share: '1' }] })]));

    it('refuses a second opening', () =>
      spec.given([opened]).when(openDeal()).thenThrows('DEAL_ALREADY_OPENED', { dealId: 'd1' }));

    it('requires a customer', () =>
      spec
        .given([])
        .when(openDeal({ customer: undefined }))
        .thenThrows('VALIDATION_FAILED', { field: 'customer', rule: 'required' }));

    it('requires partners', () =>
      spec
        .given([])
        .when(openDeal({ partners: undefined }))
        .thenThrows('DEAL_PARTNERS_INVALID', { field: 'partners', rule: 'required' }));

    it('refuses an empty split', () =>
      spec
        .given([])
        .when(openDeal({ partners: [] }))
        .thenThrows('DEAL_PARTNERS_INVALID', { rule: 'required' }));

    it(`refuses more than ${dealPartnersMax} partners`, () => {
      const partners = Array.from({ length: dealPartnersMax + 1 }, (_, index) => ({
        partnerId: `p${index}`,
        role: 'influencing' as const,
        share: '0.05',
      }));
      spec.given([]).when(openDeal({ partners })).thenThrows('DEAL_PARTNERS_INVALID', { rule: 'maxItems' });
    });

    it('refuses a partner listed twice', () =>
      spec
        .given([])
        .when(
          openDeal({
            partners: [
              { partnerId: 'p1', role: 'sourcing', share: '0.5' },
              { partnerId: 'p1', role: 'influencing', share: '0.5' },
            ],
          }),
        )
        .thenThrows('DEAL_PARTNERS_INVALID', { field: 'partners[1].partnerId', rule: 'unique' }));

    it('refuses shares summing to 0.999', () =>
      spec
        .given([])
        .when(
          openDeal({
            partners: [
              { partnerId: 'p1', role: 'sourcing', share: '0.6' },
              { partnerId: 'p2', role: 'influencing', share: '0.399' },
            ],
          }),
        )
        .thenThrows('DEAL_SHARES_INVALID', { field: 'partners', rule: 'sum', sum: '0.999' }));

    it('refuses shares summing to more than 1', () =>
      spec
        .given([])
        .when(
          openDeal({
            partners: [
              { partnerId: 'p1', role: 'sourcing', share: '0.6' },
              { partnerId: 'p2', role: 'influencing', share: '0.5' },
            ],
          }),
        )
        .thenThrows('DEAL_SHARES_INVALID', { rule: 'sum', sum: '1.1' }));

    it('refuses a share sent as a JSON number', () =>
      spec
        .given([])
        .when(
          openDeal({
            partners: [
              { partnerId: 'p1', role: 'sourcing', share: 0.6 as never },
              { partnerId: 'p2', role: 'influencing', share: '0.4' },
            ],
          }),
        )
        .thenThrows('DEAL_SHARES_INVALID', { field: 'partners[0].share', rule: 'decimalString' }));

    it.each(['0', '-0.5', '1.5', '0.0'])('refuses the share %j, outside (0, 1]', (share) =>
      spec
        .given([])
        .when(openDeal({ partners: [{ partnerId: 'p1', role: 'sourcing', share }] }))
        .thenThrows('DEAL_SHARES_INVALID', { field: 'partners[0].share', rule: 'range' }),
    );

    it('refuses an unknown role', () =>
      spec
        .given([])
        .when(openDeal({ partners: [{ partnerId: 'p1', role: 'reseller' as never, share: '1' }] }))
        .thenThrows('VALIDATION_FAILED', { field: 'partners[0].role', rule: 'oneOf' }));

    it('refuses a partner entry that is not an object', () =>
      spec
        .given([])
        .when(openDeal({ partners: ['p1' as never] }))
        .thenThrows('DEAL_PARTNERS_INVALID', { field: 'partners[0]', rule: 'object' }));

    it('refuses two sourcing partners', () =>
      spec
        .given([])
        .when(
          openDeal({
            partners: [
              { partnerId: 'p1', role: 'sourcing', share: '0.5' },
              { partnerId: 'p2', role: 'sourcing', share: '0.5' },
            ],
          }),
        )
        .thenThrows('DEAL_SOURCING_PARTNER_INVALID', { rule: 'single' }));

    it('refuses a partner that is not enrolled', () =>
      spec
        .given([])
        .when(openDeal({ facts: { partnerStatuses: { p1: 'active' } } }))
        .thenThrows('PARTNER_NOT_FOUND', { field: 'partners[1].partnerId', partnerId: 'p2' }));

    it("does not mistake Object.prototype's members for partners", () =>
      spec
        .given([])
        .when(
          openDeal({
            partners: [{ partnerId: 'constructor', role: 'sourcing', share: '1' }],
            facts: { partnerStatuses: {} },
          }),
        )
        .thenThrows('PARTNER_NOT_FOUND', { partnerId: 'constructor' }));

    it.each(['suspended', 'offboarded'] as const)('refuses a %s partner', (status) =>
      spec
        .given([])
        .when(openDeal({ facts: { partnerStatuses: { p1: 'active', p2: status } } }))
        .thenThrows('PARTNER_NOT_ACTIVE', { partnerId: 'p2', status }),
    );

    it('refuses a currency that is not an ISO code', () =>
      spec
        .given([])
        .when(openDeal({ currency: 'usd' }))
        .thenThrows('VALIDATION_FAILED', { field: 'currency' }));

    it.each(['XYZ', 'XAU', 'XXX'])('refuses %s, which is no ISO 4217 currency with a minor unit', (currency) =>
      spec
        .given([])
        .when(openDeal({ currency }))
        .thenThrows('VALIDATION_FAILED', { field: 'currency', rule: 'currency' }),
    );

    it('refuses a four-decimal funds code the money bounds cannot hold', () =>
      spec
        .given([])
        .when(openDeal({ currency: 'CLF' }))
        .thenThrows('VALIDATION_FAILED', { field: 'currency', rule: 'currency' }));

    it('accepts an opening date one day ahead (a client east of UTC)', () =>
      spec
        .given([])
        .when(openDeal({ openedAt: '2026-02-11' }))
        .then([dealOpened({ openedAt: '2026-02-11' })]));

    it('refuses an opening date further in the future', () =>
      spec
        .given([])
        .when(openDeal({ openedAt: '2026-02-12' }))
        .thenThrows('DATE_IN_FUTURE', { field: 'openedAt', latest: '2026-02-11' }));

    it('refuses an opening date in a closed period', () =>
      spec
        .given([])
        .when(openDeal({ openedAt: '2025-12-20', facts: { closedPeriods: ['2025-Q4'] } }))
        .thenThrows('PERIOD_CLOSED', { field: 'openedAt', period: '2025-Q4' }));

    it('refuses an opening date that is not a date', () =>
      spec
        .given([])
        .when(openDeal({ openedAt: '15/01/2026' }))
        .thenThrows('DATE_INVALID', { field: 'openedAt' }));
  });

  describe('open from a registration', () => {
    const fromRegistration = {
      registrationId: 'r1',
      customer: undefined,
      partners: undefined,
      facts: { registration: approvedRegistration },
    };

    it('makes the registering partner the sole sourcing partner and takes its customer', () =>
      spec
        .given([])
        .when(openDeal(fromRegistration))
        .then([dealOpened({ registrationId: 'r1', partners: [{ partnerId: 'p1', role: 'sourcing', share: '1' }] })]));

    it('accepts a co-sell split in which the registering partner is the sourcing partner', () =>
      spec
        .given([])
        .when(
          openDeal({
            ...fromRegistration,
            partners: [
              { partnerId: 'p1', role: 'sourcing', share: '0.7' },
              { partnerId: 'p2', role: 'influencing', share: '0.3' },
            ],
          }),
        )
        .then([
          dealOpened({
            registrationId: 'r1',
            partners: [
              { partnerId: 'p1', role: 'sourcing', share: '0.7' },
              { partnerId: 'p2', role: 'influencing', share: '0.3' },
            ],
          }),
        ]));

    it('refuses a split in which the registering partner only influences', () =>
      spec
        .given([])
        .when(
          openDeal({
            ...fromRegistration,
            partners: [
              { partnerId: 'p2', role: 'sourcing', share: '0.5' },
              { partnerId: 'p1', role: 'influencing', share: '0.5' },
            ],
          }),
        )
        .thenThrows('DEAL_SOURCING_PARTNER_INVALID', { rule: 'registeringPartner', partnerId: 'p1' }));

    it('refuses a split without a sourcing partner', () =>
      spec
        .given([])
        .when(openDeal({ ...fromRegistration, partners: [{ partnerId: 'p1', role: 'influencing', share: '1' }] }))
        .thenThrows('DEAL_SOURCING_PARTNER_INVALID', { rule: 'registeringPartner' }));

    it('accepts the same customer written differently, and keeps the registered one', () =>
      spec
        .given([])
        .when(openDeal({ ...fromRegistration, customer: { name: 'GLOBEX INC', domain: 'WWW.GLOBEX.COM.' } }))
        .then([dealOpened({ registrationId: 'r1', partners: [{ partnerId: 'p1', role: 'sourcing', share: '1' }] })]));

    it('accepts a subdomain of the registered customer, which the registration locked', () =>
      spec
        .given([])
        .when(openDeal({ ...fromRegistration, customer: { name: 'Globex Shop', domain: 'shop.globex.com' } }))
        .then([dealOpened({ registrationId: 'r1', partners: [{ partnerId: 'p1', role: 'sourcing', share: '1' }] })]));

    it('refuses another customer than the registered one', () =>
      spec
        .given([])
        .when(openDeal({ ...fromRegistration, customer: { name: 'Initech', domain: 'initech.com' } }))
        .thenThrows('DEAL_CUSTOMER_MISMATCH', { field: 'customer.domain', customerKey: 'globex.com' }));

    it('refuses a registration that does not exist', () =>
      spec
        .given([])
        .when(openDeal({ ...fromRegistration, facts: { registration: { status: 'none' } } }))
        .thenThrows('REGISTRATION_NOT_FOUND', { registrationId: 'r1' }));

    it('refuses when the application layer passed no registration', () =>
      spec
        .given([])
        .when(openDeal({ ...fromRegistration, facts: { registration: undefined } }))
        .thenThrows('REGISTRATION_NOT_FOUND'));

    it('refuses a pending registration', () =>
      spec
        .given([])
        .when(openDeal({ ...fromRegistration, facts: { registration: registration(registrationSubmitted()) } }))
        .thenThrows('REGISTRATION_NOT_APPROVED', { status: 'submitted' }));

    it('refuses a rejected registration', () =>
      spec
        .given([])
        .when(
          openDeal({
            ...fromRegistration,
            facts: { registration: registration(registrationSubmitted(), registrationRejected()) },
          }),
        )
        .thenThrows('REGISTRATION_NOT_APPROVED', { status: 'rejected' }));

    it('refuses a registration whose protection ended before the deal opened', () =>
      spec
        .given([])
        .when(
          openDeal({
            ...fromRegistration,
            openedAt: '2026-02-10',
            facts: {
              registration: registration(
                registrationSubmitted(),
                registrationApproved({ protectedUntil: '2026-02-09' }),
              ),
            },
          }),
        )
        .thenThrows('REGISTRATION_EXPIRED', { protectedUntil: '2026-02-09' }));

    it('accepts a deal opened on the last protected day', () =>
      spec
        .given([])
        .when(
          openDeal({
            ...fromRegistration,
            openedAt: '2026-02-09',
            facts: {
              registration: registration(
                registrationSubmitted(),
                registrationApproved({ protectedUntil: '2026-02-09' }),
              ),
            },
          }),
        )
        .then([
          dealOpened({
            registrationId: 'r1',
            openedAt: '2026-02-09',
            partners: [{ partnerId: 'p1', role: 'sourcing', share: '1' }],
          }),
        ]));

    it('refuses when the registering partner is no longer active', () =>
      spec
        .given([])
        .when(
          openDeal({
            ...fromRegistration,
            facts: { registration: approvedRegistration, partnerStatuses: { p1: 'suspended' } },
          }),
        )
        .thenThrows('PARTNER_NOT_ACTIVE', { partnerId: 'p1' }));
  });

  describe('enrollment dates', () => {
    it('refuses to credit a partner before it enrolled, naming the partner and both dates', () =>
      spec
        .given([])
        .when(openDeal({ facts: { partnerEnrollments: { p1: '2025-06-01', p2: '2026-01-20' } } }))
        .thenThrows('DEAL_BEFORE_ENROLLMENT', {
          field: 'openedAt',
          partnerId: 'p2',
          enrolledAt: '2026-01-20',
          openedAt: '2026-01-15',
        }));

    it('credits a partner from the day it enrolled', () =>
      spec
        .given([])
        .when(openDeal({ facts: { partnerEnrollments: { p1: '2026-01-15', p2: '2026-01-15' } } }))
        .then([opened]));

    it('refuses a deal from a registration dated before its partner enrolled', () =>
      spec
        .given([])
        .when(
          openDeal({
            registrationId: 'r1',
            customer: undefined,
            partners: undefined,
            openedAt: '2026-02-09',
            facts: { registration: approvedRegistration, partnerEnrollments: { p1: '2026-02-10' } },
          }),
        )
        .thenThrows('DEAL_BEFORE_ENROLLMENT', { partnerId: 'p1', enrolledAt: '2026-02-10' }));
  });

  describe('protected customers', () => {
    const protectedByP9 = { customerClaim: customerClaimedByAnother() };
    const overrideByManager = { protectionOverride: { reason: ' Customer asked for p1 in writing ' } };

    it('refuses a direct deal crediting others while another partner’s registration protects the customer', () =>
      spec
        .given([])
        .when(openDeal({ facts: protectedByP9 }))
        .thenThrows('CUSTOMER_PROTECTED', { field: 'customer.domain', customerKey: 'globex.com' }));

    it('names neither the holder nor its registration in the refusal', () => {
      let thrown: unknown;
      try {
        dealDecider.decide(openDeal({ facts: protectedByP9 }), dealDecider.initialState());
      } catch (error) {
        thrown = error;
      }
      const { message, details } = thrown as DomainError;
      expect(`${message} ${JSON.stringify(details)}`).not.toMatch(/p9|r9/);
    });

    it('protects a subdomain of the claimed customer too', () =>
      spec
        .given([])
        .when(openDeal({ customer: { name: 'Globex', domain: 'shop.globex.com' }, facts: protectedByP9 }))
        .thenThrows('CUSTOMER_PROTECTED', { customerKey: 'shop.globex.com' }));

    it('opens a direct deal for the holder alone when it is active', () =>
      spec
        .given([])
        .when(
          openDeal({
            partners: [{ partnerId: 'p9', role: 'sourcing', share: '1' }],
            facts: { ...protectedByP9, partnerStatuses: { p9: 'active' }, partnerEnrollments: { p9: '2025-01-01' } },
          }),
        )
        .then([dealOpened({ partners: [{ partnerId: 'p9', role: 'sourcing', share: '1' }] })]));

    it.each([
      ['before the claim', '2025-12-31'],
      ['after the protection ended', '2026-04-01'],
    ])('opens a direct deal dated %s', (_when, openedAt) =>
      spec
        .given([])
        .when(openDeal({ openedAt, facts: { ...protectedByP9, closedPeriods: [] } }, { now: '2026-04-01T09:00:00Z' }))
        .then([dealOpened({ openedAt })]),
    );

    it('opens it with a partner manager’s override, recorded as its own event', () =>
      spec
        .given([])
        .when(openDeal({ ...overrideByManager, facts: protectedByP9 }))
        .then([
          opened,
          {
            type: 'DealProtectionOverridden',
            data: {
              dealId: 'd1',
              customerKey: 'globex.com',
              registrationId: 'r9',
              partnerId: 'p9',
              protectedUntil: '2026-03-31',
              reason: 'Customer asked for p1 in writing',
              overriddenAt: '2026-02-10',
            },
          },
        ]));

    it('refuses an override from a partner user', () =>
      spec
        .given([])
        .when(openDeal({ ...overrideByManager, facts: protectedByP9 }, { actor: partnerUser }))
        .thenThrows('FORBIDDEN', { field: 'protectionOverride' }));

    it('refuses an override without a reason', () =>
      spec
        .given([])
        .when(openDeal({ protectionOverride: { reason: '  ' }, facts: protectedByP9 }))
        .thenThrows('VALIDATION_FAILED', { field: 'protectionOverride.reason', rule: 'nonEmpty' }));

    it('refuses an override when nothing protects the customer', () =>
      spec
        .given([])
        .when(openDeal({ ...overrideByManager }))
        .thenThrows('VALIDATION_FAILED', { field: 'protectionOverride', rule: 'nothingToOverride' }));

    it('opens a deal from the holder’s own registration as before', () =>
      spec
        .given([])
        .when(
          openDeal({
            registrationId: 'r1',
            customer: undefined,
            partners: undefined,
            openedAt: '2026-02-09',
            facts: {
              registration: approvedRegistration,
              customerClaim: customerClaimedByAnother({ registrationId: 'r1', partnerId: 'p1' }),
            },
          }),
        )
        .then([
          dealOpened({
            registrationId: 'r1',
            openedAt: '2026-02-09',
            partners: [{ partnerId: 'p1', role: 'sourcing', share: '1' }],
          }),
        ]));

    it('keeps the deal’s state unchanged by the override event', () => {
      const events = dealDecider.decide(openDeal({ ...overrideByManager, facts: protectedByP9 }), { status: 'none' });
      const state = events.reduce(dealDecider.evolve, dealDecider.initialState());
      expect(state).toEqual([opened].reduce(dealDecider.evolve, dealDecider.initialState()));
    });
  });

  describe('advance stage', () => {
    it('moves forward, skipping stages if need be', () =>
      spec
        .given([opened])
        .when(advanceDealStage('proposal'))
        .then([{ type: 'DealStageAdvanced', data: { dealId: 'd1', stage: 'proposal', advancedAt: '2026-02-10' } }]));

    it('refuses to move back', () =>
      spec
        .given([
          opened,
          { type: 'DealStageAdvanced', data: { dealId: 'd1', stage: 'proposal', advancedAt: '2026-02-01' } },
        ])
        .when(advanceDealStage('qualification'))
        .thenThrows('DEAL_STAGE_NOT_FORWARD', { stage: 'proposal' }));

    it('refuses to stay at the same stage', () =>
      spec.given([opened]).when(advanceDealStage('prospecting')).thenThrows('DEAL_STAGE_NOT_FORWARD'));

    it('refuses an unknown stage', () =>
      spec
        .given([opened])
        .when(advanceDealStage('closing'))
        .thenThrows('VALIDATION_FAILED', { field: 'stage', rule: 'oneOf' }));

    it('refuses a deal that was never opened', () =>
      spec.given([]).when(advanceDealStage('proposal')).thenThrows('DEAL_NOT_FOUND', { dealId: 'd1' }));

    it('refuses a won deal', () =>
      spec
        .given([opened, wonRecurring])
        .when(advanceDealStage('negotiation'))
        .thenThrows('DEAL_NOT_OPEN', { status: 'won' }));
  });

  describe('win', () => {
    it('wins a recurring deal in the program currency without an fxRate', () =>
      spec.given([opened]).when(winDeal()).then([wonRecurring]));

    it('wins a one-time deal without a term', () =>
      spec
        .given([opened])
        .when(winDeal({ billing: 'one_time', termMonths: undefined }))
        .then([wonOneTime]));

    it('wins a foreign-currency deal with its fxRate', () =>
      spec
        .given([openedInEuros])
        .when(winDeal({ fxRate: '1.10' }))
        .then([dealWon({ fxRate: '1.1' })]));

    it('leaves out an fxRate of 1 in the program currency', () =>
      spec
        .given([opened])
        .when(winDeal({ fxRate: '1.000' }))
        .then([wonRecurring]));

    it('refuses a foreign-currency win without fxRate', () =>
      spec
        .given([openedInEuros])
        .when(winDeal())
        .thenThrows('DEAL_FX_RATE_REQUIRED', { field: 'fxRate', currency: 'EUR', programCurrency: 'USD' }));

    it('records the program currency its fxRate converts into', () =>
      spec
        .given([dealOpened({ currency: 'GBP' })])
        .when(winDeal({ fxRate: '1.17', facts: { programCurrency: 'EUR' } }))
        .then([dealWon({ fxRate: '1.17', programCurrency: 'EUR' })]));

    it('refuses an fxRate other than 1 in the program currency', () =>
      spec
        .given([opened])
        .when(winDeal({ fxRate: '1.1' }))
        .thenThrows('DEAL_FX_RATE_UNEXPECTED', { field: 'fxRate' }));

    it('refuses an fxRate sent as a number', () =>
      spec
        .given([openedInEuros])
        .when(winDeal({ fxRate: 1.1 as never }))
        .thenThrows('AMOUNT_INVALID', { field: 'fxRate', rule: 'decimalString' }));

    it('refuses an fxRate of zero', () =>
      spec
        .given([openedInEuros])
        .when(winDeal({ fxRate: '0' }))
        .thenThrows('AMOUNT_INVALID', { field: 'fxRate', rule: 'min' }));

    it('writes line amounts at the currency scale and a missing discount as 0', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line('1000'), line('5.5', { discount: '0.25' })] }))
        .then([
          dealWon({
            lines: [
              { sku: 'PLAT-12M', family: 'platform', amount: '1000.00', discount: '0' },
              { sku: 'PLAT-12M', family: 'platform', amount: '5.50', discount: '0.25' },
            ],
          }),
        ]));

    it('accepts a zero amount line (a free item)', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line('0')] }))
        .then([dealWon({ lines: [{ sku: 'PLAT-12M', family: 'platform', amount: '0.00', discount: '0' }] })]));

    it('refuses a line amount sent as a number', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line(1000)] }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines[0].amount', rule: 'decimalString' }));

    it('refuses a negative line amount', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line('-1.00')] }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines[0].amount', rule: 'min' }));

    it('wins a three-decimal currency at its minor unit', () =>
      spec
        .given([dealOpened({ currency: 'KWD' })])
        .when(winDeal({ lines: [line('100.125')], fxRate: '3.25' }))
        .then([
          dealWon({
            lines: [{ sku: 'PLAT-12M', family: 'platform', amount: '100.125', discount: '0' }],
            fxRate: '3.25',
          }),
        ]));

    it('refuses more decimals than the deal currency has', () =>
      spec
        .given([dealOpened({ currency: 'JPY' })])
        .when(winDeal({ lines: [line('100.5')], fxRate: '0.0067' }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines[0].amount', rule: 'scale', scale: 0 }));

    it('refuses a discount above 1', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line('10.00', { discount: '1.5' })] }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines[0].discount', rule: 'max' }));

    it('refuses a line without a SKU', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line('10.00', { sku: '' })] }))
        .thenThrows('VALIDATION_FAILED', { field: 'lines[0].sku' }));

    it('refuses no lines', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [] }))
        .thenThrows('DEAL_LINES_INVALID', { field: 'lines', rule: 'required' }));

    it('refuses lines that are not a list', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: 'many' as never }))
        .thenThrows('DEAL_LINES_INVALID', { rule: 'required' }));

    it('refuses a line that is not an object', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [7 as never] }))
        .thenThrows('DEAL_LINES_INVALID', { field: 'lines[0]', rule: 'object' }));

    it(`refuses more than ${dealLinesMax} lines`, () =>
      spec
        .given([opened])
        .when(winDeal({ lines: Array.from({ length: dealLinesMax + 1 }, () => line('1.00')) }))
        .thenThrows('DEAL_LINES_INVALID', { rule: 'maxItems' }));

    it('refuses an unknown billing', () =>
      spec
        .given([opened])
        .when(winDeal({ billing: 'monthly' as never }))
        .thenThrows('VALIDATION_FAILED', { field: 'billing' }));

    it('requires a term for recurring billing', () =>
      spec
        .given([opened])
        .when(winDeal({ termMonths: undefined }))
        .thenThrows('DEAL_TERM_INVALID', { field: 'termMonths', rule: 'required' }));

    it('refuses a term for one-time billing', () =>
      spec
        .given([opened])
        .when(winDeal({ billing: 'one_time', termMonths: 12 }))
        .thenThrows('DEAL_TERM_INVALID', { field: 'termMonths', rule: 'unexpected' }));

    it.each([0, 121, 1.5, '12'])('refuses the term %j', (termMonths) =>
      spec
        .given([opened])
        .when(winDeal({ termMonths: termMonths as number }))
        .thenThrows('DEAL_TERM_INVALID', { field: 'termMonths', rule: 'range' }),
    );

    it('accepts a win dated tomorrow', () =>
      spec
        .given([opened])
        .when(winDeal({ wonAt: '2026-02-11' }))
        .then([dealWon({ wonAt: '2026-02-11' })]));

    it('refuses a win dated after tomorrow', () =>
      spec
        .given([opened])
        .when(winDeal({ wonAt: '2026-02-12' }))
        .thenThrows('DATE_IN_FUTURE', { field: 'wonAt', latest: '2026-02-11' }));

    it('refuses a win date that is not a date', () =>
      spec
        .given([opened])
        .when(winDeal({ wonAt: '2026-13-01' }))
        .thenThrows('DATE_INVALID', { field: 'wonAt' }));

    it('refuses a win before the deal was opened', () =>
      spec
        .given([opened])
        .when(winDeal({ wonAt: '2026-01-14' }))
        .thenThrows('DEAL_DATE_OUT_OF_ORDER', { field: 'wonAt', earliest: '2026-01-15' }));

    it('refuses a win inside a closed period', () =>
      spec
        .given([dealOpened({ openedAt: '2025-11-01' })])
        .when(winDeal({ wonAt: '2025-12-30', facts: { closedPeriods: ['2025-Q4'] } }))
        .thenThrows('PERIOD_CLOSED', { field: 'wonAt', period: '2025-Q4' }));

    it('refuses a deal that was never opened', () => spec.given([]).when(winDeal()).thenThrows('DEAL_NOT_FOUND'));

    it('refuses a deal already won', () =>
      spec.given([opened, wonRecurring]).when(winDeal()).thenThrows('DEAL_NOT_OPEN', { status: 'won' }));

    it('refuses a lost deal', () =>
      spec.given([opened, dealLost()]).when(winDeal()).thenThrows('DEAL_NOT_OPEN', { status: 'lost' }));
  });

  describe('lose', () => {
    it('loses an open deal with the reason', () =>
      spec
        .given([opened])
        .when(loseDeal({ reason: ' went with a competitor ' }))
        .then([dealLost({ reason: 'went with a competitor' })]));

    it('requires a reason', () =>
      spec
        .given([opened])
        .when(loseDeal({ reason: '' }))
        .thenThrows('VALIDATION_FAILED', { field: 'reason' }));

    it('refuses a loss before the deal was opened', () =>
      spec
        .given([opened])
        .when(loseDeal({ lostAt: '2026-01-01' }))
        .thenThrows('DEAL_DATE_OUT_OF_ORDER', { field: 'lostAt' }));

    it('refuses a loss dated after tomorrow', () =>
      spec
        .given([opened])
        .when(loseDeal({ lostAt: '2026-03-01' }))
        .thenThrows('DATE_IN_FUTURE'));

    it('refuses a won deal', () => spec.given([opened, wonRecurring]).when(loseDeal()).thenThrows('DEAL_NOT_OPEN'));
  });

  describe('renew', () => {
    it('renews a won recurring deal with new lines and term', () =>
      spec
        .given([opened, wonRecurring])
        .when(renewDeal({ termMonths: 24 }))
        .then([dealRenewed({ termMonths: 24 })]));

    it('renews a foreign-currency deal at its own fxRate', () =>
      spec
        .given([openedInEuros, dealWon({ fxRate: '1.1' })])
        .when(renewDeal({ fxRate: '1.2' }))
        .then([dealRenewed({ fxRate: '1.2' })]));

    it('refuses a foreign-currency renewal without fxRate', () =>
      spec
        .given([openedInEuros, dealWon({ fxRate: '1.1' })])
        .when(renewDeal())
        .thenThrows('DEAL_FX_RATE_REQUIRED'));

    it('records the program currency in force on the renewal date', () =>
      spec
        .given([openedInEuros, dealWon({ fxRate: '1.1' })])
        .when(renewDeal({ facts: { programCurrency: 'EUR' } }))
        .then([dealRenewed({ programCurrency: 'EUR' })]));

    it('refuses a one-time deal', () =>
      spec.given([opened, wonOneTime]).when(renewDeal()).thenThrows('DEAL_NOT_RECURRING', { billing: 'one_time' }));

    it('refuses an open deal', () =>
      spec.given([opened]).when(renewDeal()).thenThrows('DEAL_NOT_WON', { status: 'open' }));

    it('refuses a lost deal', () =>
      spec.given([opened, dealLost()]).when(renewDeal()).thenThrows('DEAL_NOT_WON', { status: 'lost' }));

    it('refuses a churned deal', () =>
      spec.given([opened, wonRecurring, dealChurned()]).when(renewDeal()).thenThrows('DEAL_CHURNED'));

    it('refuses a renewal before the win', () =>
      spec
        .given([opened, wonRecurring])
        .when(renewDeal({ renewedAt: '2026-01-31' }))
        .thenThrows('DEAL_DATE_OUT_OF_ORDER', { field: 'renewedAt', earliest: '2026-02-01' }));

    it('refuses an invalid term', () =>
      spec
        .given([opened, wonRecurring])
        .when(renewDeal({ termMonths: 0 }))
        .thenThrows('DEAL_TERM_INVALID'));

    it('refuses no lines', () =>
      spec
        .given([opened, wonRecurring])
        .when(renewDeal({ lines: [] }))
        .thenThrows('DEAL_LINES_INVALID'));

    it('refuses a renewal in a closed period', () =>
      spec
        .given([opened, wonRecurring])
        .when(renewDeal({ facts: { closedPeriods: ['2026-Q1'] } }))
        .thenThrows('PERIOD_CLOSED', { period: '2026-Q1' }));
  });

  describe('expand', () => {
    it('expands a won recurring deal', () =>
      spec.given([opened, wonRecurring]).when(expandDeal()).then([dealExpanded()]));

    it('records the program currency its fxRate converts into', () =>
      spec
        .given([openedInEuros, dealWon({ fxRate: '1.1' })])
        .when(expandDeal({ fxRate: '1.2', facts: { programCurrency: 'USD' } }))
        .then([dealExpanded({ fxRate: '1.2', programCurrency: 'USD' })]));

    it('refuses a one-time deal', () =>
      spec.given([opened, wonOneTime]).when(expandDeal()).thenThrows('DEAL_NOT_RECURRING'));

    it('refuses an open deal', () => spec.given([opened]).when(expandDeal()).thenThrows('DEAL_NOT_WON'));

    it('refuses a churned deal', () =>
      spec.given([opened, wonRecurring, dealChurned()]).when(expandDeal()).thenThrows('DEAL_CHURNED'));

    it('refuses an expansion before the win', () =>
      spec
        .given([opened, wonRecurring])
        .when(expandDeal({ expandedAt: '2026-01-20' }))
        .thenThrows('DEAL_DATE_OUT_OF_ORDER', { field: 'expandedAt' }));

    it('refuses an expansion dated after tomorrow', () =>
      spec
        .given([opened, wonRecurring])
        .when(expandDeal({ expandedAt: '2027-01-01' }))
        .thenThrows('DATE_IN_FUTURE', { field: 'expandedAt' }));
  });

  describe('refund', () => {
    it('refunds part of what was won', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ amount: '100' }))
        .then([dealRefunded({ amount: '100.00' })]));

    it('refunds everything that was won', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ amount: '1000.00' }))
        .then([dealRefunded({ amount: '1000.00' })]));

    it('refuses more than what was won', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ amount: '1000.01' }))
        .thenThrows('DEAL_REFUND_EXCEEDS_WON', { field: 'amount', amountRefundable: '1000.00', currency: 'USD' }));

    it('counts earlier refunds', () =>
      spec
        .given([opened, wonRecurring, dealRefunded({ amount: '900.00' })])
        .when(refundDeal({ amount: '100.01' }))
        .thenThrows('DEAL_REFUND_EXCEEDS_WON', { amountRefundable: '100.00' }));

    it('counts renewals and expansions as won', () =>
      spec
        .given([opened, wonRecurring, dealRenewed(), dealExpanded(), dealRefunded({ amount: '2000.00' })])
        .when(refundDeal({ amount: '200.00' }))
        .then([dealRefunded({ amount: '200.00' })]));

    it('refunds a churned deal', () =>
      spec.given([opened, wonRecurring, dealChurned()]).when(refundDeal()).then([dealRefunded()]));

    it('refunds a foreign-currency deal with its fxRate', () =>
      spec
        .given([openedInEuros, dealWon({ fxRate: '1.1' })])
        .when(refundDeal({ fxRate: '1.05' }))
        .then([dealRefunded({ fxRate: '1.05' })]));

    it('refuses a foreign-currency refund without fxRate', () =>
      spec
        .given([openedInEuros, dealWon({ fxRate: '1.1' })])
        .when(refundDeal())
        .thenThrows('DEAL_FX_RATE_REQUIRED'));

    it('records the program currency in force on the refund date', () =>
      spec
        .given([dealOpened({ currency: 'GBP' }), dealWon({ fxRate: '1.17', programCurrency: 'EUR' })])
        .when(refundDeal({ fxRate: '1.18', facts: { programCurrency: 'EUR' } }))
        .then([dealRefunded({ fxRate: '1.18', programCurrency: 'EUR' })]));

    it('refuses a negative refund', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ amount: '-10.00' }))
        .thenThrows('AMOUNT_INVALID', { field: 'amount', rule: 'min' }));

    it('refuses a zero refund', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ amount: '0.00' }))
        .thenThrows('AMOUNT_INVALID', { field: 'amount', rule: 'min' }));

    it('refuses a refund sent as a number', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ amount: 10 as never }))
        .thenThrows('AMOUNT_INVALID', { field: 'amount', rule: 'decimalString' }));

    it('refuses a refund below the minor unit', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ amount: '0.001' }))
        .thenThrows('AMOUNT_INVALID', { rule: 'scale' }));

    it('refuses a refund of an open deal', () =>
      spec.given([opened]).when(refundDeal()).thenThrows('DEAL_NOT_WON', { status: 'open' }));

    it('refuses a refund of a lost deal', () =>
      spec.given([opened, dealLost()]).when(refundDeal()).thenThrows('DEAL_NOT_WON', { status: 'lost' }));

    it('refuses a refund before the win', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ refundedAt: '2026-01-31' }))
        .thenThrows('DEAL_DATE_OUT_OF_ORDER', { field: 'refundedAt' }));

    it('refuses a refund in a closed period', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ facts: { closedPeriods: ['2026-Q1'] } }))
        .thenThrows('PERIOD_CLOSED', { field: 'refundedAt' }));
  });

  describe('churn', () => {
    it('churns a won recurring deal', () => spec.given([opened, wonRecurring]).when(churnDeal()).then([dealChurned()]));

    it('refuses a one-time deal', () =>
      spec.given([opened, wonOneTime]).when(churnDeal()).thenThrows('DEAL_NOT_RECURRING'));

    it('refuses a deal that already churned', () =>
      spec.given([opened, wonRecurring, dealChurned()]).when(churnDeal()).thenThrows('DEAL_CHURNED'));

    it('refuses an open deal', () => spec.given([opened]).when(churnDeal()).thenThrows('DEAL_NOT_WON'));

    it('refuses a churn before the latest renewal', () =>
      spec
        .given([opened, wonRecurring, dealRenewed({ renewedAt: '2026-02-08' })])
        .when(churnDeal({ churnedAt: '2026-02-07' }))
        .thenThrows('DEAL_DATE_OUT_OF_ORDER', { field: 'churnedAt', earliest: '2026-02-08' }));

    it('refuses a churn dated after tomorrow', () =>
      spec
        .given([opened, wonRecurring])
        .when(churnDeal({ churnedAt: '2026-02-20' }))
        .thenThrows('DATE_IN_FUTURE'));

    it('refuses a churn in a closed period', () =>
      spec
        .given([opened, wonRecurring])
        .when(churnDeal({ facts: { closedPeriods: ['2026-Q1'] } }))
        .thenThrows('PERIOD_CLOSED'));
  });

  describe('evolve', () => {
    it('tracks status, billing, amounts booked and refunded', () => {
      const state = fold(dealDecider, [
        opened,
        wonRecurring,
        dealRenewed(),
        dealExpanded(),
        dealRefunded({ amount: '50.00' }),
        dealChurned(),
      ]);
      expect(state).toMatchObject({
        status: 'churned',
        billing: 'recurring',
        amountBooked: '2200.00',
        amountRefunded: '50.00',
        bookedLatestAt: '2026-02-05',
        stage: 'prospecting',
      });
    });
  });

  describe('money bounds (the read models hold money as 64-bit integers of minor units)', () => {
    const magnitude = { rule: 'magnitude', limit: '1000000000000' };

    it('refuses a line amount of 5000000000000000000.00, naming the line', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line('5000000000000000000.00')] }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines[0].amount', ...magnitude }));

    it('accepts the largest line amount, 999999999999.99', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line('999999999999.99')] }))
        .then([
          dealWon({ lines: [{ sku: 'PLAT-12M', family: 'platform', amount: '999999999999.99', discount: '0' }] }),
        ]));

    it('refuses 1000000000000.00, the first amount past the bound', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line('1000000000000.00')] }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines[0].amount', ...magnitude }));

    it('refuses lines that each keep the bound but sum past it', () =>
      spec
        .given([opened])
        .when(winDeal({ lines: [line('600000000000.00'), line('400000000000.00')] }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines', rule: 'sumMagnitude' }));

    it('refuses lines whose sum converted into the program currency passes the bound', () =>
      spec
        .given([openedInEuros])
        .when(winDeal({ lines: [line('600000000000.00')], fxRate: '2' }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines', rule: 'convertedMagnitude', fxRate: '2' }));

    it('refuses an expansion and a renewal past the bound', () => {
      spec
        .given([opened, wonRecurring])
        .when(expandDeal({ lines: [line('3000000000000000000.00')] }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines[0].amount', ...magnitude });
      spec
        .given([opened, wonRecurring])
        .when(renewDeal({ lines: [line('700000000000.00'), line('700000000000.00')] }))
        .thenThrows('AMOUNT_INVALID', { field: 'lines', rule: 'sumMagnitude' });
    });

    it('refuses a refund past the bound before comparing it with what was won', () =>
      spec
        .given([opened, wonRecurring])
        .when(refundDeal({ amount: '999999999999999999999.99' }))
        .thenThrows('AMOUNT_INVALID', { field: 'amount', ...magnitude }));

    it('refuses an fxRate above 1000000 or with more than 10 decimals, and accepts both edges', () => {
      spec
        .given([openedInEuros])
        .when(winDeal({ fxRate: '1000000.5' }))
        .thenThrows('AMOUNT_INVALID', { field: 'fxRate', rule: 'max', max: '1000000' });
      spec
        .given([openedInEuros])
        .when(winDeal({ fxRate: '0.00000000001' }))
        .thenThrows('AMOUNT_INVALID', { field: 'fxRate', rule: 'scale', scale: 10 });
      spec
        .given([openedInEuros])
        .when(winDeal({ fxRate: '0.0000000001' }))
        .then([dealWon({ fxRate: '0.0000000001' })]);
      spec
        .given([openedInEuros])
        .when(winDeal({ lines: [line('100.00')], fxRate: '1000000' }))
        .then([
          dealWon({
            lines: [{ sku: 'PLAT-12M', family: 'platform', amount: '100.00', discount: '0' }],
            fxRate: '1000000',
          }),
        ]);
    });
  });
});
