import { customerKeyOf, requireCustomer } from '../customer/customer-domain.js';
import { alreadyExtended, isClaimLive } from '../customer/customer-lock.decider.js';
import { dateOf } from '../dates.js';
import type { Actor, CommandOf, Decider } from '../decider.js';
import { DomainError, invariant } from '../errors.js';
import { requireAmount, requireCurrency, requireDate, requireText } from '../validation.js';
import type { RegistrationCommand } from './registration.commands.js';
import type { RegistrationEvent } from './registration.events.js';
import type { RegistrationState, RegistrationStatus } from './registration.state.js';

// Deals (deal.commands.ts, deal.decider.spec.ts) still name the state through the decider.
export type { RegistrationState } from './registration.state.js';

/**
 * The deal registration `registration-<registrationId>`: submitted, then approved or rejected, once.
 *
 * Channel conflict ("at most one approved registration per customer inside its protection window")
 * spans two streams, so approval is a protocol of single-stream steps that the application layer runs
 * in order. Each step is idempotent, so a crash anywhere is healed by retrying the same request:
 *
 *   Approve R (customer key K, protection days P from the rule set in force):
 *     1. Fold `registration-R`; stop unless it is submitted (the decider would refuse step 3 anyway,
 *        and stopping here avoids claiming for a registration that cannot be approved).
 *     2. ClaimCustomer {K, R, partner} with facts {protectionDays: P} on `customer-K`. Refused with
 *        REGISTRATION_CONFLICT while another registration holds a live claim; decides no events when R
 *        already holds it (the retry after a crash after this step).
 *     3. Fold `customer-K` and send ApproveRegistration {R} with facts {customerLock}. It needs R's live
 *        claim and copies its protectedUntil, so a retry approves with the original window.
 *     4. If step 3 fails with REGISTRATION_NOT_PENDING because R was rejected meanwhile, send the
 *        ReleaseCustomer of the rejection flow (below).
 *   Reject R:
 *     1. RejectRegistration {R, reason}.
 *     2. Fold `registration-R` and send ReleaseCustomer {K, R} with facts {registrationStatus} on
 *        `customer-K`; it decides no events unless R holds the lock. A retry of a rejection whose first
 *        step already happened (REGISTRATION_NOT_PENDING with status rejected) still runs this step.
 *
 * Why it holds: a registration is approved only while it holds the live claim; claims are exclusive
 * while live; and a claim is released only for a rejected registration, which can never be approved.
 * So the protection windows [approvedAt, protectedUntil] of a customer's approved registrations never
 * overlap (registration-approval.properties.spec.ts checks this against random interleavings). A crash
 * after step 2 of an approval leaves a claim without an approval: it blocks the customer until the
 * approval is retried or the registration is rejected, both of which heal it.
 *
 *   Extend R (once, by the protection days P of the rule set in force, with a reason):
 *     1. Fold `registration-R`; only an approved, live, not yet extended one goes on.
 *     2. ExtendCustomerClaim {K, R, protectedUntil + P} on `customer-K`: once per claim, and a retry of the
 *        same extension decides no events.
 *     3. Fold `customer-K` and send ExtendRegistration {R, reason} with facts {customerLock}: it copies the
 *        extended claim's protectedUntil, so the two streams agree on the last protected day.
 *   A registration past its protectedUntil reads `expired`: a status computed when read (docs/decisions.md),
 *   not an event, so no clock ever writes to the log.
 *
 * The customer key is the lock key of the customer's domain (customerKeyOf): its registrable domain,
 * or the declared division it falls in, so `shop.globex.com` and `www.www.globex.com` both lock
 * `globex.com`. The key recorded at submission names the lock stream for the rest of the protocol.
 * Submission is refused with REGISTRATION_CONFLICT while another registration holds a live claim,
 * approved or being approved. The error's details name only the customer key.
 */
export const registrationDecider: Decider<RegistrationCommand, RegistrationEvent, RegistrationState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    const today = dateOf(command.metadata.now);
    switch (command.type) {
      case 'SubmitRegistration':
        return submitRegistration(command, state, today);
      case 'ApproveRegistration':
        return approveRegistration(command, state, today);
      case 'RejectRegistration':
        return rejectRegistration(command, state, today);
      case 'ExtendRegistration':
        return extendRegistration(command, state, today);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'DealRegistrationSubmitted': {
        const { registrationId, partnerId, customer, customerKey, productFamily } = event.data;
        return {
          status: 'submitted',
          registrationId,
          partnerId,
          customer,
          customerKey,
          productFamily,
          protectedUntil: null,
          extended: false,
        };
      }
      case 'DealRegistrationApproved':
        return state.status === 'none'
          ? state
          : { ...state, status: 'approved', protectedUntil: event.data.protectedUntil };
      case 'DealRegistrationRejected':
        return state.status === 'none' ? state : { ...state, status: 'rejected' };
      case 'DealRegistrationExtended':
        return state.status === 'none'
          ? state
          : { ...state, protectedUntil: event.data.protectedUntil, extended: true };
    }
  },
};

type RegistrationCommandOf<Type extends RegistrationCommand['type']> = CommandOf<RegistrationCommand, Type>;

function submitRegistration(
  command: RegistrationCommandOf<'SubmitRegistration'>,
  state: RegistrationState,
  today: string,
): RegistrationEvent[] {
  const { data } = command;
  const registrationId = requireText(data.registrationId, 'registrationId', 100);
  if (state.status !== 'none') {
    throw new DomainError('REGISTRATION_ALREADY_SUBMITTED', `Registration ${registrationId} was already submitted`, {
      registrationId,
    });
  }
  const partnerId = requireText(data.partnerId, 'partnerId', 100);
  requireActsForPartner(command.metadata.actor, partnerId);
  const { customer, customerKey: host } = requireCustomer(data.customer);
  const { partnerStatus, customerLock, registrableDomain, divisions } = command.facts;
  const customerKey = customerKeyOf(host, registrableDomain, divisions);
  const productFamily = requireText(data.productFamily, 'productFamily', 100).trim();
  const currency = requireCurrency(data.currency ?? command.facts.programCurrency, 'currency');
  const estimatedValue = requireAmount(data.estimatedValue, 'estimatedValue', currency);
  const expectedCloseDate = requireDate(data.expectedCloseDate, 'expectedCloseDate');

  invariant(
    customerLock.claim === null || customerLock.claim.customerKey === customerKey,
    `facts.customerLock is the lock of ${customerLock.claim?.customerKey}, not ${customerKey}`,
  );
  if (partnerStatus === 'none')
    throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { partnerId });
  if (partnerStatus !== 'active') {
    throw new DomainError('PARTNER_NOT_ACTIVE', `Partner ${partnerId} is not active`, {
      partnerId,
      status: partnerStatus,
    });
  }
  if (isClaimLive(customerLock.claim, today) && customerLock.claim.registrationId !== registrationId) {
    // Same words as the lock's refusal at approval: nothing tells the submitter who holds the customer.
    throw new DomainError('REGISTRATION_CONFLICT', 'This customer is protected by another approved registration', {
      field: 'customer.domain',
      customerKey,
    });
  }
  return [
    {
      type: 'DealRegistrationSubmitted',
      data: {
        registrationId,
        partnerId,
        customer,
        customerKey,
        productFamily,
        estimatedValue,
        currency,
        expectedCloseDate,
        submittedAt: today,
      },
    },
  ];
}

/** Approval records the protection of the customer lock this registration already holds. */
function approveRegistration(
  command: RegistrationCommandOf<'ApproveRegistration'>,
  state: RegistrationState,
  today: string,
): RegistrationEvent[] {
  requireNotPartner(command.metadata.actor, 'approve');
  const pending = requirePending(state, command.data.registrationId);
  const { claim } = command.facts.customerLock;
  const claimed =
    isClaimLive(claim, today) &&
    claim.registrationId === pending.registrationId &&
    claim.customerKey === pending.customerKey;
  if (!claimed) {
    throw new DomainError(
      'CUSTOMER_NOT_CLAIMED',
      'Approval needs this registration to hold the customer lock; claim the customer first',
      {
        registrationId: pending.registrationId,
      },
    );
  }
  return [
    {
      type: 'DealRegistrationApproved',
      data: {
        registrationId: pending.registrationId,
        partnerId: pending.partnerId,
        customerKey: pending.customerKey,
        protectedUntil: claim.protectedUntil,
        approvedAt: today,
      },
    },
  ];
}

function rejectRegistration(
  command: RegistrationCommandOf<'RejectRegistration'>,
  state: RegistrationState,
  today: string,
): RegistrationEvent[] {
  requireNotPartner(command.metadata.actor, 'reject');
  const pending = requirePending(state, command.data.registrationId);
  const reason = requireText(command.data.reason, 'reason', 500).trim();
  return [
    {
      type: 'DealRegistrationRejected',
      data: { registrationId: pending.registrationId, partnerId: pending.partnerId, reason, rejectedAt: today },
    },
  ];
}

/** The second step of an extension: the lock already protects the customer longer; record it, once. */
function extendRegistration(
  command: RegistrationCommandOf<'ExtendRegistration'>,
  state: RegistrationState,
  today: string,
): RegistrationEvent[] {
  requireNotPartner(command.metadata.actor, 'extend');
  const approved = requireExtendable(state, command.data.registrationId, today);
  const reason = requireText(command.data.reason, 'reason', 500).trim();
  const { claim } = command.facts.customerLock;
  const extendedClaim =
    isClaimLive(claim, today) &&
    claim.registrationId === approved.registrationId &&
    claim.customerKey === approved.customerKey &&
    claim.protectedUntil > approved.protectedUntil;
  if (!extendedClaim) {
    const message = 'Extension needs this registration’s customer lock extended first; extend the claim';
    throw new DomainError('CUSTOMER_NOT_CLAIMED', message, { registrationId: approved.registrationId });
  }
  return [
    {
      type: 'DealRegistrationExtended',
      data: {
        registrationId: approved.registrationId,
        partnerId: approved.partnerId,
        customerKey: approved.customerKey,
        previousProtectedUntil: approved.protectedUntil,
        protectedUntil: claim.protectedUntil,
        reason,
        extendedAt: today,
      },
    },
  ];
}

/** An approved registration whose protection still runs today and was never extended. */
export function requireExtendable(
  state: RegistrationState,
  registrationId: string,
  today: string,
): PendingRegistration & { protectedUntil: string } {
  if (state.status === 'none') {
    throw new DomainError('REGISTRATION_NOT_FOUND', `Registration ${String(registrationId)} was not submitted`, {
      registrationId,
    });
  }
  if (state.status !== 'approved') {
    const message = `Registration ${state.registrationId} is ${state.status}; only an approved one can be extended`;
    throw new DomainError('REGISTRATION_NOT_APPROVED', message, {
      registrationId: state.registrationId,
      status: state.status,
    });
  }
  invariant(state.protectedUntil !== null, 'an approved registration has a protection window');
  if (state.extended) throw alreadyExtended(state.registrationId, state.protectedUntil);
  if (today > state.protectedUntil) {
    const message = `Registration ${state.registrationId} expired after ${state.protectedUntil}; submit a new one`;
    throw new DomainError('REGISTRATION_EXPIRED', message, {
      registrationId: state.registrationId,
      protectedUntil: state.protectedUntil,
    });
  }
  return { ...state, protectedUntil: state.protectedUntil };
}

type PendingRegistration = Extract<RegistrationState, { status: RegistrationStatus }>;

function requirePending(state: RegistrationState, registrationId: string): PendingRegistration {
  if (state.status === 'none') {
    throw new DomainError('REGISTRATION_NOT_FOUND', `Registration ${String(registrationId)} was not submitted`, {
      registrationId,
    });
  }
  if (state.status !== 'submitted') {
    throw new DomainError(
      'REGISTRATION_NOT_PENDING',
      `Registration ${state.registrationId} was already ${state.status}`,
      {
        registrationId: state.registrationId,
        status: state.status,
      },
    );
  }
  return state;
}

/** A partner user submits only for its own partner; the HTTP guard checks roles, this keeps every caller honest. */
function requireActsForPartner(actor: Actor, partnerId: string): void {
  if (actor.role === 'partner' && actor.partnerId !== partnerId) {
    throw new DomainError('FORBIDDEN', 'A partner user can only submit registrations for its own partner', {
      field: 'partnerId',
    });
  }
}

/**
 * Approving or rejecting is the vendor's decision: a partner deciding its own registration would defeat channel
 * conflict.
 */
function requireNotPartner(actor: Actor, action: string): void {
  if (actor.role === 'partner')
    throw new DomainError('FORBIDDEN', `A partner user cannot ${action} registrations`, { action });
}
