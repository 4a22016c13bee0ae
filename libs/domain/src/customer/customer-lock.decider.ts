import { addDays, dateOf } from '../dates.js';
import type { Decider } from '../decider.js';
import { DomainError, invariant } from '../errors.js';
import type { CustomerLockEvent } from '../registration/registration.events.js';
import { requireDate, requireText } from '../validation.js';
import { customerKeyOf, isWithinDomain, normalizeCustomerDomain, requireCustomerKey } from './customer-domain.js';
import type { CustomerLockCommand } from './customer-lock.commands.js';
import type { CustomerClaim, CustomerLockState } from './customer-lock.state.js';

export const protectionDaysMax = 3650;

/** A claim protects its customer from its claim date through `protectedUntil`, both inclusive. */
export function isClaimLive(claim: CustomerClaim | null, today: string): claim is CustomerClaim {
  return claim !== null && today <= claim.protectedUntil;
}

type CustomerLockCommandOf<Type extends CustomerLockCommand['type']> = Extract<CustomerLockCommand, { type: Type }>;

/**
 * The lock stream `customer-<customerKey>`: at most one live claim per customer, so "one protected
 * registration per customer" is decided inside a single stream, under its expected version.
 *
 * - ClaimCustomer takes the lock when nobody holds a live claim (an expired claim no longer blocks).
 *   A claim by the registration that already holds the live claim decides no events: retrying the
 *   approval after a crash must neither fail nor extend the protection. Another holder refuses it
 *   with REGISTRATION_CONFLICT, whose details name neither that registration nor its partner.
 * - ReleaseCustomer frees the lock held by a rejected registration (the retry path of a rejection, and
 *   the cleanup when an approval loses a race against a rejection). It decides no events when that
 *   registration does not hold the lock, so the rejection flow can always send it.
 * - ExtendCustomerClaim moves the live claim's last protected day later, once: the first step of a
 *   registration's extension (registration.decider.ts). The same extension again decides no events (a retried
 *   request); any other refuses with REGISTRATION_ALREADY_EXTENDED, so two racing extensions cannot both win.
 * - DeclareCustomerDivision (vendor staff only) records on the registrable domain's stream that a
 *   subdomain is a separate customer, so registrations for it lock the subdomain instead (see
 *   `customerKeyOf`). Declaring a division already declared decides no events.
 *
 * protectedUntil = claim date + protectionDays - 1: 90 protection days starting 2026-01-01 protect
 * through 2026-03-31, and the customer can be claimed again from 2026-04-01.
 */
export const customerLockDecider: Decider<CustomerLockCommand, CustomerLockEvent, CustomerLockState> = {
  initialState: () => ({ claim: null, divisions: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'ClaimCustomer':
        return claimCustomer(command, state);
      case 'ReleaseCustomer':
        return releaseCustomer(command, state);
      case 'ExtendCustomerClaim':
        return extendClaim(command, state);
      case 'DeclareCustomerDivision':
        return declareDivision(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CustomerClaimed':
        return { ...state, claim: { ...event.data } };
      case 'CustomerReleased':
        return state.claim?.registrationId === event.data.registrationId ? { ...state, claim: null } : state;
      case 'CustomerDivisionDeclared':
        return { ...state, divisions: [...state.divisions, event.data.division] };
      case 'CustomerClaimExtended':
        return state.claim?.registrationId === event.data.registrationId
          ? { ...state, claim: { ...state.claim, protectedUntil: event.data.protectedUntil, extended: true } }
          : state;
    }
  },
};

function claimCustomer(command: CustomerLockCommandOf<'ClaimCustomer'>, state: CustomerLockState): CustomerLockEvent[] {
  const today = dateOf(command.metadata.now);
  const customerKey = requireCustomerKey(command.data.customerKey);
  const registrationId = requireText(command.data.registrationId, 'registrationId', 100);
  const partnerId = requireText(command.data.partnerId, 'partnerId', 100);
  const protectionDays = requireProtectionDays(command.facts.protectionDays);
  if (isClaimLive(state.claim, today)) {
    if (state.claim.registrationId === registrationId) return [];
    // Deliberately vague: the refused side may be the partner itself, and must not learn the holder.
    const message = 'This customer is protected by another approved registration';
    throw new DomainError('REGISTRATION_CONFLICT', message, { customerKey });
  }
  const protectedUntil = addDays(today, protectionDays - 1);
  return [
    { type: 'CustomerClaimed', data: { customerKey, registrationId, partnerId, protectedUntil, claimedAt: today } },
  ];
}

function extendClaim(
  command: CustomerLockCommandOf<'ExtendCustomerClaim'>,
  state: CustomerLockState,
): CustomerLockEvent[] {
  const today = dateOf(command.metadata.now);
  // Extending a protection is the vendor's decision, like approving it.
  if (command.metadata.actor.role === 'partner') {
    throw new DomainError('FORBIDDEN', 'A partner user cannot extend a protection', { action: 'extend' });
  }
  const customerKey = requireCustomerKey(command.data.customerKey);
  const registrationId = requireText(command.data.registrationId, 'registrationId', 100);
  const protectedUntil = requireDate(command.data.protectedUntil, 'protectedUntil');
  const { claim } = state;
  if (!isClaimLive(claim, today) || claim.registrationId !== registrationId) {
    const message = 'Only the registration that holds the live customer lock can extend its protection';
    throw new DomainError('CUSTOMER_NOT_CLAIMED', message, { registrationId });
  }
  if (claim.extended) {
    if (claim.protectedUntil === protectedUntil) return [];
    throw alreadyExtended(registrationId, claim.protectedUntil);
  }
  invariant(protectedUntil > claim.protectedUntil, 'an extension moves the protection later');
  return [{ type: 'CustomerClaimExtended', data: { customerKey, registrationId, protectedUntil, extendedAt: today } }];
}

/** A protection is extended once: the refusal of any other extension, on either stream of the protocol. */
export function alreadyExtended(registrationId: string, protectedUntil: string): DomainError {
  const message = `Registration ${registrationId}'s protection was already extended, through ${protectedUntil}`;
  return new DomainError('REGISTRATION_ALREADY_EXTENDED', message, { registrationId, protectedUntil });
}

function releaseCustomer(
  command: CustomerLockCommandOf<'ReleaseCustomer'>,
  state: CustomerLockState,
): CustomerLockEvent[] {
  const today = dateOf(command.metadata.now);
  const customerKey = requireCustomerKey(command.data.customerKey);
  const registrationId = requireText(command.data.registrationId, 'registrationId', 100);
  const { registrationStatus } = command.facts;
  if (registrationStatus !== 'rejected') {
    throw new DomainError(
      'CUSTOMER_RELEASE_NOT_ALLOWED',
      'A customer lock is released only for a rejected registration',
      {
        registrationId,
        registrationStatus,
      },
    );
  }
  if (state.claim?.registrationId !== registrationId) return [];
  return [{ type: 'CustomerReleased', data: { customerKey, registrationId, releasedAt: today } }];
}

function declareDivision(
  command: CustomerLockCommandOf<'DeclareCustomerDivision'>,
  state: CustomerLockState,
): CustomerLockEvent[] {
  const { actor, now } = command.metadata;
  // A partner declaring divisions could carve another partner's protected customer into pieces.
  if (actor.role === 'partner') {
    throw new DomainError('FORBIDDEN', 'A partner user cannot declare customer divisions', {
      action: 'declareDivision',
    });
  }
  const customerKey = normalizeCustomerDomain(command.data.customerDomain, 'customerDomain');
  const { registrableDomain } = command.facts;
  if (customerKeyOf(customerKey, registrableDomain, [], 'customerDomain') !== customerKey) {
    const message = `customerDomain must be a registrable domain: ${registrableDomain}, not ${customerKey}`;
    throw new DomainError('CUSTOMER_DOMAIN_INVALID', message, {
      field: 'customerDomain',
      rule: 'registrableDomain',
      registrableDomain,
    });
  }
  const division = normalizeCustomerDomain(command.data.division, 'domain');
  if (division === customerKey || !isWithinDomain(division, customerKey)) {
    const message = `domain must be a subdomain of ${customerKey}, such as "eu.${customerKey}"`;
    throw new DomainError('CUSTOMER_DOMAIN_INVALID', message, {
      field: 'domain',
      rule: 'subdomain',
      customerKey,
    });
  }
  const reason = requireText(command.data.reason, 'reason', 500).trim();
  if (state.divisions.includes(division)) return [];
  return [{ type: 'CustomerDivisionDeclared', data: { customerKey, division, reason, declaredAt: dateOf(now) } }];
}

function requireProtectionDays(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > protectionDaysMax) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `protectionDays must be a whole number of days from 1 to ${protectionDaysMax}`,
      {
        field: 'protectionDays',
        rule: 'range',
        min: 1,
        max: protectionDaysMax,
      },
    );
  }
  return value;
}
