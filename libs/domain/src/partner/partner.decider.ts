import { addDays, dateOf } from '../dates.js';
import type { Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import { requireDate, requireOneOf, requireText } from '../validation.js';
import { partnerKinds, settlements, tierOverrideDaysMax, type PartnerCommand, type PartnerEvent, type PartnerStatus } from './partner.events.js';

export interface PartnerState {
  readonly status: PartnerStatus | 'none';
}

function requireEnrolled(state: PartnerState, partnerId: string): void {
  if (state.status === 'none') throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { partnerId });
  if (state.status === 'offboarded') throw new DomainError('PARTNER_OFFBOARDED', `Partner ${partnerId} has been offboarded`, { partnerId });
}

export const partnerDecider: Decider<PartnerCommand, PartnerEvent, PartnerState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    const today = dateOf(command.metadata.now);
    const { partnerId } = command.data;
    switch (command.type) {
      case 'EnrollPartner': {
        if (state.status !== 'none') {
          throw new DomainError('PARTNER_ALREADY_ENROLLED', `Partner ${partnerId} is already enrolled`, { partnerId });
        }
        const { name, kind, region } = command.data;
        return [{
          type: 'PartnerEnrolled',
          data: {
            partnerId: requireText(partnerId, 'partnerId', 100),
            name: requireText(name, 'name').trim(),
            kind: requireOneOf(kind, partnerKinds, 'kind'),
            region: requireText(region, 'region', 50).trim(),
            enrolledAt: today,
          },
        }];
      }
      case 'SuspendPartner': {
        requireEnrolled(state, partnerId);
        if (state.status !== 'active') throw new DomainError('PARTNER_NOT_ACTIVE', `Partner ${partnerId} is not active`, { partnerId, status: state.status });
        return [{ type: 'PartnerSuspended', data: { partnerId, reason: requireText(command.data.reason, 'reason', 500), suspendedAt: today } }];
      }
      case 'ReinstatePartner': {
        requireEnrolled(state, partnerId);
        if (state.status !== 'suspended') throw new DomainError('PARTNER_NOT_SUSPENDED', `Partner ${partnerId} is not suspended`, { partnerId, status: state.status });
        return [{ type: 'PartnerReinstated', data: { partnerId, reason: requireText(command.data.reason, 'reason', 500), reinstatedAt: today } }];
      }
      case 'OffboardPartner': {
        requireEnrolled(state, partnerId);
        return [{ type: 'PartnerOffboarded', data: { partnerId, settlement: requireOneOf(command.data.settlement, settlements, 'settlement'), offboardedAt: today } }];
      }
      case 'OverrideTier': {
        // A suspended partner may be given an override (a manager can settle its terms before
        // reinstating it); an offboarded one is gone.
        requireEnrolled(state, partnerId);
        const { context } = command.data;
        const tier = requireText(command.data.tier, 'tier', 50).trim();
        const until = requireDate(command.data.until, 'until');
        const latest = addDays(today, tierOverrideDaysMax);
        if (until < today) {
          throw new DomainError('TIER_OVERRIDE_UNTIL_INVALID', `until ${until} is in the past: an override runs from today (${today}) through until`, {
            field: 'until',
            rule: 'notBeforeToday',
            earliest: today,
          });
        }
        if (until > latest) {
          throw new DomainError('TIER_OVERRIDE_UNTIL_INVALID', `until must be at most ${tierOverrideDaysMax} days ahead (${latest}): an override expires, and a longer one is renewed deliberately`, {
            field: 'until',
            rule: 'maxHorizon',
            latest,
          });
        }
        const reason = requireText(command.data.reason, 'reason', 500).trim();
        const governing = context.ruleSets[0];
        if (governing === undefined || governing.from > today) {
          throw new DomainError('NO_RULE_SET_IN_FORCE', `No rule set is in force on ${today}, so there is no tier to override to`, { field: 'tier', date: today });
        }
        // Every rule set that governs a day of the override must define the tier: the engine pays an
        // override only at a tier its rule set knows, and would otherwise ignore it on those days.
        for (const ruleSet of context.ruleSets) {
          if (!ruleSet.tiers.includes(tier)) {
            const from = ruleSet.from > today ? `, which takes effect on ${ruleSet.from} (end the override before then)` : ', which is in force today';
            throw new DomainError('TIER_UNKNOWN', `${tier} is not a tier of rule set ${ruleSet.version}${from}; its tiers are ${ruleSet.tiers.join(', ')}`, {
              field: 'tier',
              tier,
              ruleSetVersion: ruleSet.version,
              from: ruleSet.from,
              tiers: ruleSet.tiers,
            });
          }
        }
        return [{ type: 'TierOverridden', data: { partnerId, tier, until, reason, overriddenAt: today } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PartnerEnrolled':
      case 'PartnerReinstated':
        return { status: 'active' };
      case 'PartnerSuspended':
        return { status: 'suspended' };
      case 'PartnerOffboarded':
        return { status: 'offboarded' };
      case 'TierOverridden':
        return state;
    }
  },
};
