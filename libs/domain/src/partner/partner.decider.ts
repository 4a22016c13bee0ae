import { dateOf } from '../dates.js';
import type { Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import { requireOneOf, requireText } from '../validation.js';
import { partnerKinds, settlements, type PartnerCommand, type PartnerEvent, type PartnerStatus } from './partner.events.js';

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
