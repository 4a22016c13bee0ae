import { addDays, dateOf } from '../dates.js';
import type { CommandOf, Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import { requireDate, requireOneOf, requireText } from '../validation.js';
import {
  partnerKinds,
  settlements,
  tierOverrideDaysMax,
  type PartnerCommand,
  type PartnerEvent,
  type PartnerStatus,
} from './partner.events.js';

export interface PartnerState {
  readonly status: PartnerStatus | 'none';
  /** The business date the partner joined the program (`PartnerEnrolled.enrolledAt`); null before. */
  readonly enrolledAt: string | null;
}

function requireEnrolled(state: PartnerState, partnerId: string): void {
  if (state.status === 'none')
    throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { partnerId });
  if (state.status === 'offboarded')
    throw new DomainError('PARTNER_OFFBOARDED', `Partner ${partnerId} has been offboarded`, { partnerId });
}

type PartnerCommandOf<Type extends PartnerCommand['type']> = CommandOf<PartnerCommand, Type>;

export const partnerDecider: Decider<PartnerCommand, PartnerEvent, PartnerState> = {
  initialState: () => ({ status: 'none', enrolledAt: null }),

  decide(command, state) {
    switch (command.type) {
      case 'EnrollPartner':
        return enrollPartner(command, state);
      case 'SuspendPartner':
        return suspendPartner(command, state);
      case 'ReinstatePartner':
        return reinstatePartner(command, state);
      case 'OffboardPartner':
        return offboardPartner(command, state);
      case 'OverrideTier':
        return overrideTier(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PartnerEnrolled':
        return { status: 'active', enrolledAt: event.data.enrolledAt };
      case 'PartnerReinstated':
        return { ...state, status: 'active' };
      case 'PartnerSuspended':
        return { ...state, status: 'suspended' };
      case 'PartnerOffboarded':
        return { ...state, status: 'offboarded' };
      case 'TierOverridden':
        return state;
    }
  },
};

export function enrollPartner(command: PartnerCommandOf<'EnrollPartner'>, state: PartnerState): PartnerEvent[] {
  const today = dateOf(command.metadata.now);
  const { partnerId, name, kind, region } = command.data;
  if (state.status !== 'none') {
    throw new DomainError('PARTNER_ALREADY_ENROLLED', `Partner ${partnerId} is already enrolled`, { partnerId });
  }
  return [
    {
      type: 'PartnerEnrolled',
      data: {
        partnerId: requireText(partnerId, 'partnerId', 100),
        name: requireText(name, 'name').trim(),
        kind: requireOneOf(kind, partnerKinds, 'kind'),
        region: requireText(region, 'region', 50).trim(),
        enrolledAt: requireEnrollmentDate(command.data.enrolledAt, today),
      },
    },
  ];
}

/**
 * A program migrating from another system records each partner's real enrollment date; it may not be
 * ahead of today (one day of slack for a client east of UTC, like every business date). Unlike a deal's
 * dates it may lie in a closed period: enrolling carries no money, and the deals that credit the partner
 * still obey the closed periods.
 */
function requireEnrollmentDate(value: unknown, today: string): string {
  if (value === undefined) return today;
  const enrolledAt = requireDate(value, 'enrolledAt');
  const latest = addDays(today, 1);
  if (enrolledAt > latest) {
    const message = `enrolledAt must not be after ${latest}`;
    throw new DomainError('DATE_IN_FUTURE', message, { field: 'enrolledAt', latest });
  }
  return enrolledAt;
}

export function suspendPartner(command: PartnerCommandOf<'SuspendPartner'>, state: PartnerState): PartnerEvent[] {
  const today = dateOf(command.metadata.now);
  const { partnerId } = command.data;
  requireEnrolled(state, partnerId);
  if (state.status !== 'active') {
    const details = { partnerId, status: state.status };
    throw new DomainError('PARTNER_NOT_ACTIVE', `Partner ${partnerId} is not active`, details);
  }
  const reason = requireText(command.data.reason, 'reason', 500);
  return [{ type: 'PartnerSuspended', data: { partnerId, reason, suspendedAt: today } }];
}

export function reinstatePartner(command: PartnerCommandOf<'ReinstatePartner'>, state: PartnerState): PartnerEvent[] {
  const today = dateOf(command.metadata.now);
  const { partnerId } = command.data;
  requireEnrolled(state, partnerId);
  if (state.status !== 'suspended') {
    const details = { partnerId, status: state.status };
    throw new DomainError('PARTNER_NOT_SUSPENDED', `Partner ${partnerId} is not suspended`, details);
  }
  // A reinstatement ends a suspension whose reason is on record; its own reason is optional.
  const reason = command.data.reason === undefined ? {} : { reason: requireText(command.data.reason, 'reason', 500) };
  return [{ type: 'PartnerReinstated', data: { partnerId, ...reason, reinstatedAt: today } }];
}

export function offboardPartner(command: PartnerCommandOf<'OffboardPartner'>, state: PartnerState): PartnerEvent[] {
  const today = dateOf(command.metadata.now);
  const { partnerId } = command.data;
  requireEnrolled(state, partnerId);
  const settlement = requireOneOf(command.data.settlement, settlements, 'settlement');
  return [{ type: 'PartnerOffboarded', data: { partnerId, settlement, offboardedAt: today } }];
}

/**
 * A suspended partner may be given an override (a manager can settle its terms before reinstating it);
 * an offboarded one is gone.
 */
export function overrideTier(command: PartnerCommandOf<'OverrideTier'>, state: PartnerState): PartnerEvent[] {
  const today = dateOf(command.metadata.now);
  const { partnerId } = command.data;
  const { ruleSets } = command.facts;
  requireEnrolled(state, partnerId);
  const tier = requireText(command.data.tier, 'tier', 50).trim();
  const until = requireOverrideUntil(command.data.until, today);
  const reason = requireText(command.data.reason, 'reason', 500).trim();
  const governing = ruleSets[0];
  if (governing === undefined || governing.from > today) {
    const message = `No rule set is in force on ${today}, so there is no tier to override to`;
    throw new DomainError('NO_RULE_SET_IN_FORCE', message, { field: 'tier', date: today });
  }
  // Every rule set that governs a day of the override must define the tier: the engine pays an
  // override only at a tier its rule set knows, and would otherwise ignore it on those days.
  for (const ruleSet of ruleSets) {
    if (!ruleSet.tiers.includes(tier)) {
      const from =
        ruleSet.from > today
          ? `, which takes effect on ${ruleSet.from} (end the override before then)`
          : ', which is in force today';
      const tiers = ruleSet.tiers.join(', ');
      const message = `${tier} is not a tier of rule set ${ruleSet.version}${from}; its tiers are ${tiers}`;
      throw new DomainError('TIER_UNKNOWN', message, {
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

/** An override runs from today through `until`, at most tierOverrideDaysMax days ahead. */
function requireOverrideUntil(value: unknown, today: string): string {
  const until = requireDate(value, 'until');
  const latest = addDays(today, tierOverrideDaysMax);
  if (until < today) {
    const message = `until ${until} is in the past: an override runs from today (${today}) through until`;
    throw new DomainError('TIER_OVERRIDE_UNTIL_INVALID', message, {
      field: 'until',
      rule: 'notBeforeToday',
      earliest: today,
    });
  }
  if (until > latest) {
    const message =
      `until must be at most ${tierOverrideDaysMax} days ahead (${latest}): ` +
      'an override expires, and a longer one is renewed deliberately';
    throw new DomainError('TIER_OVERRIDE_UNTIL_INVALID', message, {
      field: 'until',
      rule: 'maxHorizon',
      latest,
    });
  }
  return until;
}
