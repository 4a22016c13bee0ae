import type { Command, DomainEvent } from '../decider.js';

export type PartnerKind = 'reseller' | 'referral' | 'technology';
export const partnerKinds: readonly PartnerKind[] = ['reseller', 'referral', 'technology'];

export type Settlement = 'accelerate' | 'forfeit_unvested';
export const settlements: readonly Settlement[] = ['accelerate', 'forfeit_unvested'];

export type PartnerStatus = 'active' | 'suspended' | 'offboarded';

export type PartnerEvent =
  | DomainEvent<'PartnerEnrolled', { partnerId: string; name: string; kind: PartnerKind; region: string; enrolledAt: string }>
  | DomainEvent<'PartnerSuspended', { partnerId: string; reason: string; suspendedAt: string }>
  | DomainEvent<'PartnerReinstated', { partnerId: string; reason: string; reinstatedAt: string }>
  | DomainEvent<'PartnerOffboarded', { partnerId: string; settlement: Settlement; offboardedAt: string }>
  | DomainEvent<'TierOverridden', { partnerId: string; tier: string; until: string; reason: string; overriddenAt: string }>;

export type PartnerCommand =
  | Command<'EnrollPartner', { partnerId: string; name: string; kind: PartnerKind; region: string }>
  | Command<'SuspendPartner', { partnerId: string; reason: string }>
  | Command<'ReinstatePartner', { partnerId: string; reason: string }>
  | Command<'OffboardPartner', { partnerId: string; settlement: Settlement }>;

export function partnerStream(partnerId: string): string {
  return `partner-${partnerId}`;
}
