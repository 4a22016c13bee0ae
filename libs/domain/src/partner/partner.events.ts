import type { Command, DomainEvent } from '../decider.js';

export type PartnerKind = 'reseller' | 'referral' | 'technology';
export const partnerKinds: readonly PartnerKind[] = ['reseller', 'referral', 'technology'];

export type Settlement = 'accelerate' | 'forfeit_unvested';
export const settlements: readonly Settlement[] = ['accelerate', 'forfeit_unvested'];

export type PartnerStatus = 'active' | 'suspended' | 'offboarded';

export type PartnerEvent =
  | DomainEvent<
      'PartnerEnrolled',
      { partnerId: string; name: string; kind: PartnerKind; region: string; enrolledAt: string }
    >
  | DomainEvent<'PartnerSuspended', { partnerId: string; reason: string; suspendedAt: string }>
  | DomainEvent<'PartnerReinstated', { partnerId: string; reason?: string; reinstatedAt: string }>
  | DomainEvent<'PartnerOffboarded', { partnerId: string; settlement: Settlement; offboardedAt: string }>
  | DomainEvent<
      'TierOverridden',
      { partnerId: string; tier: string; until: string; reason: string; overriddenAt: string }
    >;

export type PartnerCommand =
  /** `enrolledAt`: the business date the partner joined, today when absent (a migration sends the real one). */
  | Command<
      'EnrollPartner',
      { partnerId: string; name: string; kind: PartnerKind; region: string; enrolledAt?: string }
    >
  | Command<'SuspendPartner', { partnerId: string; reason: string }>
  | Command<'ReinstatePartner', { partnerId: string; reason?: string }>
  | Command<'OffboardPartner', { partnerId: string; settlement: Settlement }>
  /** Pays the partner at `tier` from today through `until` (inclusive), whatever it earned. */
  | Command<'OverrideTier', { partnerId: string; tier: string; until: string; reason: string }, TierOverrideFacts>;

/**
 * What an override needs from the program stream, loaded by the application: every rule set that
 * governs a day from the command's date through `until`, in date order, each with the first day of
 * that span it governs and its tier names. The first starts on the command's date when a rule set is
 * in force then; the list is empty when none is.
 */
export interface TierOverrideFacts {
  readonly ruleSets: readonly { readonly version: string; readonly from: string; readonly tiers: readonly string[] }[];
}

/** The longest an override may run, in days from the day it is recorded: overrides expire, by design. */
export const tierOverrideDaysMax = 730;

export function partnerStream(partnerId: string): string {
  return `partner-${partnerId}`;
}
