import type { CommandOf } from '../decider.js';
import { deciderSpecification, metadata, type CommandOverrides } from '../testing/decider-specification.js';
import { partnerDecider } from './partner.decider.js';
import type { PartnerCommand, PartnerEvent, TierOverrideFacts } from './partner.events.js';

const spec = deciderSpecification(partnerDecider);
const enrolled: PartnerEvent = {
  type: 'PartnerEnrolled',
  data: { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2026-01-05' },
};
const suspended: PartnerEvent = {
  type: 'PartnerSuspended',
  data: { partnerId: 'p1', reason: 'audit', suspendedAt: '2026-02-01' },
};

describe('partner decider', () => {
  describe('enroll', () => {
    it('enrolls a new partner on the date of the command', () =>
      spec
        .given([])
        .when({
          type: 'EnrollPartner',
          data: { partnerId: 'p1', name: ' Acme ', kind: 'reseller', region: 'EMEA' },
          metadata: metadata(),
        })
        .then([
          {
            type: 'PartnerEnrolled',
            data: { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2026-02-10' },
          },
        ]));

    it('refuses a second enrollment of the same partner', () =>
      spec
        .given([enrolled])
        .when({
          type: 'EnrollPartner',
          data: { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA' },
          metadata: metadata(),
        })
        .thenThrows('PARTNER_ALREADY_ENROLLED', { partnerId: 'p1' }));

    it('refuses an empty name, naming the field', () =>
      spec
        .given([])
        .when({
          type: 'EnrollPartner',
          data: { partnerId: 'p1', name: '  ', kind: 'reseller', region: 'EMEA' },
          metadata: metadata(),
        })
        .thenThrows('VALIDATION_FAILED', { field: 'name', rule: 'nonEmpty' }));

    it('refuses an unknown kind, naming the field', () =>
      spec
        .given([])
        .when({
          type: 'EnrollPartner',
          data: { partnerId: 'p1', name: 'Acme', kind: 'distributor' as never, region: 'EMEA' },
          metadata: metadata(),
        })
        .thenThrows('VALIDATION_FAILED', { field: 'kind', rule: 'oneOf' }));

    const enroll = (enrolledAt: unknown): PartnerCommand => ({
      type: 'EnrollPartner',
      data: { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: enrolledAt as string },
      metadata: metadata(),
    });

    it('records the enrollment date a migrating program sends, even one in a closed period', () =>
      spec
        .given([])
        .when(enroll('2019-03-01'))
        .then([
          {
            type: 'PartnerEnrolled',
            data: { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2019-03-01' },
          },
        ]));

    it('accepts an enrollment date one day ahead (a client east of UTC)', () =>
      spec
        .given([])
        .when(enroll('2026-02-11'))
        .then([
          {
            type: 'PartnerEnrolled',
            data: { partnerId: 'p1', name: 'Acme', kind: 'reseller', region: 'EMEA', enrolledAt: '2026-02-11' },
          },
        ]));

    it('refuses an enrollment date further ahead', () =>
      spec
        .given([])
        .when(enroll('2026-02-12'))
        .thenThrows('DATE_IN_FUTURE', { field: 'enrolledAt', latest: '2026-02-11' }));

    it('refuses an enrollment date that is not a date', () =>
      spec.given([]).when(enroll('2026-02-30')).thenThrows('DATE_INVALID', { field: 'enrolledAt' }));

    it('keeps the enrollment date through suspension and reinstatement', () => {
      const reinstated: PartnerEvent = {
        type: 'PartnerReinstated',
        data: { partnerId: 'p1', reason: 'cleared', reinstatedAt: '2026-02-05' },
      };
      const state = [enrolled, suspended, reinstated].reduce(partnerDecider.evolve, partnerDecider.initialState());
      expect(state).toEqual({ status: 'active', enrolledAt: '2026-01-05' });
    });
  });

  describe('suspend', () => {
    it('suspends an active partner with the reason', () =>
      spec
        .given([enrolled])
        .when({ type: 'SuspendPartner', data: { partnerId: 'p1', reason: 'audit' }, metadata: metadata() })
        .then([{ type: 'PartnerSuspended', data: { partnerId: 'p1', reason: 'audit', suspendedAt: '2026-02-10' } }]));

    it('refuses to suspend a partner that is not enrolled', () =>
      spec
        .given([])
        .when({ type: 'SuspendPartner', data: { partnerId: 'p1', reason: 'audit' }, metadata: metadata() })
        .thenThrows('PARTNER_NOT_FOUND'));

    it('refuses to suspend a suspended partner', () =>
      spec
        .given([enrolled, suspended])
        .when({ type: 'SuspendPartner', data: { partnerId: 'p1', reason: 'again' }, metadata: metadata() })
        .thenThrows('PARTNER_NOT_ACTIVE', { status: 'suspended' }));
  });

  describe('reinstate', () => {
    it('reinstates a suspended partner', () =>
      spec
        .given([enrolled, suspended])
        .when({ type: 'ReinstatePartner', data: { partnerId: 'p1', reason: 'cleared' }, metadata: metadata() })
        .then([
          { type: 'PartnerReinstated', data: { partnerId: 'p1', reason: 'cleared', reinstatedAt: '2026-02-10' } },
        ]));

    it('reinstates without a reason, recording none', () =>
      spec
        .given([enrolled, suspended])
        .when({ type: 'ReinstatePartner', data: { partnerId: 'p1' }, metadata: metadata() })
        .then([{ type: 'PartnerReinstated', data: { partnerId: 'p1', reinstatedAt: '2026-02-10' } }]));

    it('refuses to reinstate an active partner', () =>
      spec
        .given([enrolled])
        .when({ type: 'ReinstatePartner', data: { partnerId: 'p1', reason: 'cleared' }, metadata: metadata() })
        .thenThrows('PARTNER_NOT_SUSPENDED'));
  });

  describe('offboard', () => {
    it('offboards a suspended partner with the chosen settlement', () =>
      spec
        .given([enrolled, suspended])
        .when({
          type: 'OffboardPartner',
          data: { partnerId: 'p1', settlement: 'forfeit_unvested' },
          metadata: metadata(),
        })
        .then([
          {
            type: 'PartnerOffboarded',
            data: { partnerId: 'p1', settlement: 'forfeit_unvested', offboardedAt: '2026-02-10' },
          },
        ]));

    it('refuses any command after offboarding', () =>
      spec
        .given([
          enrolled,
          {
            type: 'PartnerOffboarded',
            data: { partnerId: 'p1', settlement: 'accelerate', offboardedAt: '2026-02-01' },
          },
        ])
        .when({ type: 'SuspendPartner', data: { partnerId: 'p1', reason: 'late' }, metadata: metadata() })
        .thenThrows('PARTNER_OFFBOARDED'));

    it('refuses an unknown settlement', () =>
      spec
        .given([enrolled])
        .when({ type: 'OffboardPartner', data: { partnerId: 'p1', settlement: 'keep' as never }, metadata: metadata() })
        .thenThrows('VALIDATION_FAILED', { field: 'settlement' }));
  });

  describe('override tier', () => {
    const tiers = ['registered', 'silver', 'gold'];
    const inForce: TierOverrideFacts = { ruleSets: [{ version: '2026.1', from: '2026-02-10', tiers }] };
    const override = ({
      facts,
      ...data
    }: CommandOverrides<CommandOf<PartnerCommand, 'OverrideTier'>> = {}): PartnerCommand => ({
      type: 'OverrideTier',
      data: { partnerId: 'p1', tier: 'gold', until: '2026-06-30', reason: 'Strategic launch partner', ...data },
      facts: { ...inForce, ...facts },
      metadata: metadata(),
    });

    it('records the override from today through until, with the reason', () =>
      spec
        .given([enrolled])
        .when(override({ reason: ' Strategic launch partner ' }))
        .then([
          {
            type: 'TierOverridden',
            data: {
              partnerId: 'p1',
              tier: 'gold',
              until: '2026-06-30',
              reason: 'Strategic launch partner',
              overriddenAt: '2026-02-10',
            },
          },
        ]));

    it('accepts an override that ends today, and one for a suspended partner', () =>
      spec
        .given([enrolled, suspended])
        .when(override({ until: '2026-02-10' }))
        .then([
          {
            type: 'TierOverridden',
            data: {
              partnerId: 'p1',
              tier: 'gold',
              until: '2026-02-10',
              reason: 'Strategic launch partner',
              overriddenAt: '2026-02-10',
            },
          },
        ]));

    it('refuses a tier the rule set in force does not define, listing its tiers', () =>
      spec
        .given([enrolled])
        .when(override({ tier: 'platinum' }))
        .thenThrows('TIER_UNKNOWN', { field: 'tier', tier: 'platinum', ruleSetVersion: '2026.1', tiers }));

    it('refuses a tier that a rule set taking effect before until drops', () =>
      spec
        .given([enrolled])
        .when(
          override({
            facts: {
              ruleSets: [
                ...inForce.ruleSets,
                { version: '2026.2', from: '2026-04-01', tiers: ['registered', 'silver'] },
              ],
            },
          }),
        )
        .thenThrows('TIER_UNKNOWN', { field: 'tier', ruleSetVersion: '2026.2', from: '2026-04-01' }));

    it('refuses an override when no rule set is in force today', () => {
      spec
        .given([enrolled])
        .when(override({ facts: { ruleSets: [] } }))
        .thenThrows('NO_RULE_SET_IN_FORCE', { date: '2026-02-10' });
      spec
        .given([enrolled])
        .when(override({ facts: { ruleSets: [{ version: '2026.2', from: '2026-04-01', tiers }] } }))
        .thenThrows('NO_RULE_SET_IN_FORCE');
    });

    it('accepts an until exactly 730 days ahead', () =>
      spec
        .given([enrolled])
        .when(override({ until: '2028-02-10' }))
        .then([
          {
            type: 'TierOverridden',
            data: {
              partnerId: 'p1',
              tier: 'gold',
              until: '2028-02-10',
              reason: 'Strategic launch partner',
              overriddenAt: '2026-02-10',
            },
          },
        ]));

    it('refuses an until in the past or more than 730 days ahead, or not a date', () => {
      spec
        .given([enrolled])
        .when(override({ until: '2026-02-09' }))
        .thenThrows('TIER_OVERRIDE_UNTIL_INVALID', { field: 'until', rule: 'notBeforeToday', earliest: '2026-02-10' });
      spec
        .given([enrolled])
        .when(override({ until: '2028-02-11' }))
        .thenThrows('TIER_OVERRIDE_UNTIL_INVALID', { field: 'until', rule: 'maxHorizon', latest: '2028-02-10' });
      spec
        .given([enrolled])
        .when(override({ until: '2026-02-30' }))
        .thenThrows('DATE_INVALID', { field: 'until' });
    });

    it('refuses an empty reason or tier, naming the field', () => {
      spec
        .given([enrolled])
        .when(override({ reason: ' ' }))
        .thenThrows('VALIDATION_FAILED', { field: 'reason', rule: 'nonEmpty' });
      spec
        .given([enrolled])
        .when(override({ tier: '' }))
        .thenThrows('VALIDATION_FAILED', { field: 'tier', rule: 'nonEmpty' });
    });

    it('refuses a partner that is not enrolled or was offboarded', () => {
      spec.given([]).when(override()).thenThrows('PARTNER_NOT_FOUND', { partnerId: 'p1' });
      spec
        .given([
          enrolled,
          {
            type: 'PartnerOffboarded',
            data: { partnerId: 'p1', settlement: 'accelerate', offboardedAt: '2026-02-01' },
          },
        ])
        .when(override())
        .thenThrows('PARTNER_OFFBOARDED');
    });

    it('leaves the status as it was', () => {
      const event: PartnerEvent = {
        type: 'TierOverridden',
        data: { partnerId: 'p1', tier: 'gold', until: '2026-06-30', reason: 'r', overriddenAt: '2026-02-10' },
      };
      const state = { status: 'suspended', enrolledAt: '2026-01-05' } as const;
      expect(partnerDecider.evolve(state, event)).toEqual(state);
    });
  });
});
