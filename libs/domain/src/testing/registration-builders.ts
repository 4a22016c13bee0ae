import type { CustomerLockCommand } from '../customer/customer-lock.commands.js';
import type { CustomerLockState } from '../customer/customer-lock.state.js';
import type { CommandMetadata } from '../decider.js';
import type { RegistrationCommand } from '../registration/registration.commands.js';
import type { CustomerLockEvent, RegistrationEvent } from '../registration/registration.events.js';
import { metadata } from './decider-specification.js';

/**
 * Builders for registrations and the customer lock. Defaults describe one story (partner p1 registers
 * Globex, today is 2026-02-10), so a test names only the fields it is about.
 */

type Data<Union extends { type: string; data: unknown }, Type extends Union['type']> = Extract<Union, { type: Type }>['data'];
type Overrides<D> = D extends { context: infer C } ? Partial<Omit<D, 'context'>> & { context?: Partial<C> } : Partial<D>;

export const unlocked: CustomerLockState = { claim: null, divisions: [] };

export function lockHeldBy(registrationId: string, protectedUntil = '2026-05-01', overrides: Partial<NonNullable<CustomerLockState['claim']>> = {}): CustomerLockState {
  return { claim: { customerKey: 'globex.com', registrationId, partnerId: 'p1', protectedUntil, claimedAt: '2026-02-01', ...overrides }, divisions: [] };
}

export function registrationSubmitted(overrides: Partial<Data<RegistrationEvent, 'DealRegistrationSubmitted'>> = {}): RegistrationEvent {
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

export function registrationApproved(overrides: Partial<Data<RegistrationEvent, 'DealRegistrationApproved'>> = {}): RegistrationEvent {
  return {
    type: 'DealRegistrationApproved',
    data: { registrationId: 'r1', partnerId: 'p1', customerKey: 'globex.com', protectedUntil: '2026-05-01', approvedAt: '2026-02-01', ...overrides },
  };
}

export function registrationRejected(overrides: Partial<Data<RegistrationEvent, 'DealRegistrationRejected'>> = {}): RegistrationEvent {
  return { type: 'DealRegistrationRejected', data: { registrationId: 'r1', partnerId: 'p1', reason: 'duplicate', rejectedAt: '2026-02-01', ...overrides } };
}

export function customerClaimed(overrides: Partial<Data<CustomerLockEvent, 'CustomerClaimed'>> = {}): CustomerLockEvent {
  return {
    type: 'CustomerClaimed',
    data: { customerKey: 'globex.com', registrationId: 'r1', partnerId: 'p1', protectedUntil: '2026-05-01', claimedAt: '2026-02-01', ...overrides },
  };
}

export function customerDivisionDeclared(overrides: Partial<Data<CustomerLockEvent, 'CustomerDivisionDeclared'>> = {}): CustomerLockEvent {
  return { type: 'CustomerDivisionDeclared', data: { customerKey: 'globex.com', division: 'eu.globex.com', reason: 'Separate buying centre', declaredAt: '2026-02-03', ...overrides } };
}

export function customerReleased(overrides: Partial<Data<CustomerLockEvent, 'CustomerReleased'>> = {}): CustomerLockEvent {
  return { type: 'CustomerReleased', data: { customerKey: 'globex.com', registrationId: 'r1', releasedAt: '2026-02-05', ...overrides } };
}

export function submitRegistration(
  overrides: Overrides<Data<RegistrationCommand, 'SubmitRegistration'>> = {},
  meta: Partial<CommandMetadata> = {},
): RegistrationCommand {
  const { context, ...data } = overrides;
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
      context: { partnerStatus: 'active', registrableDomain: 'globex.com', divisions: [], customerLock: unlocked, programCurrency: 'USD', ...context },
    },
    metadata: metadata(meta),
  };
}

export function approveRegistration(customerLock: CustomerLockState = lockHeldBy('r1'), registrationId = 'r1', meta: Partial<CommandMetadata> = {}): RegistrationCommand {
  return { type: 'ApproveRegistration', data: { registrationId, context: { customerLock } }, metadata: metadata(meta) };
}

export function rejectRegistration(reason = 'duplicate', registrationId = 'r1', meta: Partial<CommandMetadata> = {}): RegistrationCommand {
  return { type: 'RejectRegistration', data: { registrationId, reason }, metadata: metadata(meta) };
}

export function claimCustomer(
  overrides: Overrides<Data<CustomerLockCommand, 'ClaimCustomer'>> = {},
  meta: Partial<CommandMetadata> = {},
): CustomerLockCommand {
  const { context, ...data } = overrides;
  return {
    type: 'ClaimCustomer',
    data: { customerKey: 'globex.com', registrationId: 'r1', partnerId: 'p1', ...data, context: { protectionDays: 90, ...context } },
    metadata: metadata(meta),
  };
}

export function releaseCustomer(
  overrides: Overrides<Data<CustomerLockCommand, 'ReleaseCustomer'>> = {},
  meta: Partial<CommandMetadata> = {},
): CustomerLockCommand {
  const { context, ...data } = overrides;
  return {
    type: 'ReleaseCustomer',
    data: { customerKey: 'globex.com', registrationId: 'r1', ...data, context: { registrationStatus: 'rejected', ...context } },
    metadata: metadata(meta),
  };
}

export function declareCustomerDivision(
  overrides: Overrides<Data<CustomerLockCommand, 'DeclareCustomerDivision'>> = {},
  meta: Partial<CommandMetadata> = {},
): CustomerLockCommand {
  const { context, ...data } = overrides;
  return {
    type: 'DeclareCustomerDivision',
    data: { customerDomain: 'globex.com', division: 'eu.globex.com', reason: 'Separate buying centre', ...data, context: { registrableDomain: 'globex.com', ...context } },
    metadata: metadata(meta),
  };
}
