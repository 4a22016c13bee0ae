import type { CustomerLockCommand } from '../customer/customer-lock.commands.js';
import type { CustomerLockState } from '../customer/customer-lock.state.js';
import type { CommandMetadata, CommandOf } from '../decider.js';
import type { RegistrationCommand } from '../registration/registration.commands.js';
import type { CustomerLockEvent, RegistrationEvent } from '../registration/registration.events.js';
import { metadata, type CommandOverrides } from './decider-specification.js';

/**
 * Builders for registrations and the customer lock. Defaults describe one story (partner p1 registers
 * Globex, today is 2026-02-10), so a test names only the fields it is about.
 */

type Data<Union extends { type: string; data: unknown }, Type extends Union['type']> = Extract<
  Union,
  { type: Type }
>['data'];

export const unlocked: CustomerLockState = { claim: null, divisions: [] };

export function lockHeldBy(
  registrationId: string,
  protectedUntil = '2026-05-01',
  overrides: Partial<NonNullable<CustomerLockState['claim']>> = {},
): CustomerLockState {
  return {
    claim: {
      customerKey: 'globex.com',
      registrationId,
      partnerId: 'p1',
      protectedUntil,
      claimedAt: '2026-02-01',
      ...overrides,
    },
    divisions: [],
  };
}

export function registrationSubmitted(
  overrides: Partial<Data<RegistrationEvent, 'DealRegistrationSubmitted'>> = {},
): RegistrationEvent {
  return {
    type: 'DealRegistrationSubmitted',
    data: {
      registrationId: 'r1',
      partnerId: 'p1',
      customer: { name: 'Globex', domain: 'globex.com' },
      customerKey: 'globex.com',
      productFamily: 'platform',
      estimatedValue: '50000.00',
      currency: 'USD',
      expectedCloseDate: '2026-05-31',
      submittedAt: '2026-02-01',
      ...overrides,
    },
  };
}

export function registrationApproved(
  overrides: Partial<Data<RegistrationEvent, 'DealRegistrationApproved'>> = {},
): RegistrationEvent {
  return {
    type: 'DealRegistrationApproved',
    data: {
      registrationId: 'r1',
      partnerId: 'p1',
      customerKey: 'globex.com',
      protectedUntil: '2026-05-01',
      approvedAt: '2026-02-01',
      ...overrides,
    },
  };
}

export function registrationRejected(
  overrides: Partial<Data<RegistrationEvent, 'DealRegistrationRejected'>> = {},
): RegistrationEvent {
  return {
    type: 'DealRegistrationRejected',
    data: { registrationId: 'r1', partnerId: 'p1', reason: 'duplicate', rejectedAt: '2026-02-01', ...overrides },
  };
}

export function customerClaimed(
  overrides: Partial<Data<CustomerLockEvent, 'CustomerClaimed'>> = {},
): CustomerLockEvent {
  return {
    type: 'CustomerClaimed',
    data: {
      customerKey: 'globex.com',
      registrationId: 'r1',
      partnerId: 'p1',
      protectedUntil: '2026-05-01',
      claimedAt: '2026-02-01',
      ...overrides,
    },
  };
}

export function customerDivisionDeclared(
  overrides: Partial<Data<CustomerLockEvent, 'CustomerDivisionDeclared'>> = {},
): CustomerLockEvent {
  return {
    type: 'CustomerDivisionDeclared',
    data: {
      customerKey: 'globex.com',
      division: 'eu.globex.com',
      reason: 'Separate buying centre',
      declaredAt: '2026-02-03',
      ...overrides,
    },
  };
}

export function customerReleased(
  overrides: Partial<Data<CustomerLockEvent, 'CustomerReleased'>> = {},
): CustomerLockEvent {
  return {
    type: 'CustomerReleased',
    data: { customerKey: 'globex.com', registrationId: 'r1', releasedAt: '2026-02-05', ...overrides },
  };
}

export function submitRegistration(
  overrides: CommandOverrides<CommandOf<RegistrationCommand, 'SubmitRegistration'>> = {},
  meta: Partial<CommandMetadata> = {},
): RegistrationCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'SubmitRegistration',
    data: {
      registrationId: 'r1',
      partnerId: 'p1',
      customer: { name: 'Globex', domain: 'globex.com' },
      productFamily: 'platform',
      estimatedValue: '50000.00',
      expectedCloseDate: '2026-05-31',
      ...data,
    },
    facts: {
      partnerStatus: 'active',
      registrableDomain: 'globex.com',
      divisions: [],
      customerLock: unlocked,
      programCurrency: 'USD',
      ...facts,
    },
    metadata: metadata(meta),
  };
}

export function approveRegistration(
  customerLock: CustomerLockState = lockHeldBy('r1'),
  registrationId = 'r1',
  meta: Partial<CommandMetadata> = {},
): RegistrationCommand {
  return { type: 'ApproveRegistration', data: { registrationId }, facts: { customerLock }, metadata: metadata(meta) };
}

export function rejectRegistration(
  reason = 'duplicate',
  registrationId = 'r1',
  meta: Partial<CommandMetadata> = {},
): RegistrationCommand {
  return { type: 'RejectRegistration', data: { registrationId, reason }, metadata: metadata(meta) };
}

export function claimCustomer(
  overrides: CommandOverrides<CommandOf<CustomerLockCommand, 'ClaimCustomer'>> = {},
  meta: Partial<CommandMetadata> = {},
): CustomerLockCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'ClaimCustomer',
    data: { customerKey: 'globex.com', registrationId: 'r1', partnerId: 'p1', ...data },
    facts: { protectionDays: 90, ...facts },
    metadata: metadata(meta),
  };
}

export function releaseCustomer(
  overrides: CommandOverrides<CommandOf<CustomerLockCommand, 'ReleaseCustomer'>> = {},
  meta: Partial<CommandMetadata> = {},
): CustomerLockCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'ReleaseCustomer',
    data: { customerKey: 'globex.com', registrationId: 'r1', ...data },
    facts: { registrationStatus: 'rejected', ...facts },
    metadata: metadata(meta),
  };
}

export function declareCustomerDivision(
  overrides: CommandOverrides<CommandOf<CustomerLockCommand, 'DeclareCustomerDivision'>> = {},
  meta: Partial<CommandMetadata> = {},
): CustomerLockCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'DeclareCustomerDivision',
    data: { customerDomain: 'globex.com', division: 'eu.globex.com', reason: 'Separate buying centre', ...data },
    facts: { registrableDomain: 'globex.com', ...facts },
    metadata: metadata(meta),
  };
}

export function registrationExtended(
  overrides: Partial<Data<RegistrationEvent, 'DealRegistrationExtended'>> = {},
): RegistrationEvent {
  return {
    type: 'DealRegistrationExtended',
    data: {
      registrationId: 'r1',
      partnerId: 'p1',
      customerKey: 'globex.com',
      previousProtectedUntil: '2026-05-01',
      protectedUntil: '2026-07-30',
      reason: 'Procurement slipped a quarter',
      extendedAt: '2026-02-10',
      ...overrides,
    },
  };
}

export function customerClaimExtended(
  overrides: Partial<Data<CustomerLockEvent, 'CustomerClaimExtended'>> = {},
): CustomerLockEvent {
  return {
    type: 'CustomerClaimExtended',
    data: {
      customerKey: 'globex.com',
      registrationId: 'r1',
      protectedUntil: '2026-07-30',
      extendedAt: '2026-02-10',
      ...overrides,
    },
  };
}

/** Extends r1 (approved through 2026-05-01) with the lock its claim step extended through 2026-07-30. */
export function extendRegistration(
  overrides: CommandOverrides<CommandOf<RegistrationCommand, 'ExtendRegistration'>> = {},
  meta: Partial<CommandMetadata> = {},
): RegistrationCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'ExtendRegistration',
    data: { registrationId: 'r1', reason: ' Procurement slipped a quarter ', ...data },
    facts: { customerLock: lockHeldBy('r1', '2026-07-30', { extended: true }), ...facts },
    metadata: metadata(meta),
  };
}

export function extendCustomerClaim(
  overrides: Partial<CommandOf<CustomerLockCommand, 'ExtendCustomerClaim'>['data']> = {},
  meta: Partial<CommandMetadata> = {},
): CustomerLockCommand {
  return {
    type: 'ExtendCustomerClaim',
    data: { customerKey: 'globex.com', registrationId: 'r1', protectedUntil: '2026-07-30', ...overrides },
    metadata: metadata(meta),
  };
}
