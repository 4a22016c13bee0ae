import type { DomainEvent } from '../decider.js';

export interface Customer {
  readonly name: string;
  /** As the client wrote it; `customerKey` is the lock key derived from it (see customerKeyOf). */
  readonly domain: string;
}

export type RegistrationEvent =
  | DomainEvent<
      'DealRegistrationSubmitted',
      {
        registrationId: string;
        partnerId: string;
        customer: Customer;
        customerKey: string;
        productFamily: string;
        estimatedValue: string;
        currency: string;
        expectedCloseDate: string;
        submittedAt: string;
      }
    >
  | DomainEvent<
      'DealRegistrationApproved',
      { registrationId: string; partnerId: string; customerKey: string; protectedUntil: string; approvedAt: string }
    >
  | DomainEvent<
      'DealRegistrationRejected',
      { registrationId: string; partnerId: string; reason: string; rejectedAt: string }
    >
  /** A partner manager extended the protection once, with a reason: `protectedUntil` is the new last day. */
  | DomainEvent<
      'DealRegistrationExtended',
      {
        registrationId: string;
        partnerId: string;
        customerKey: string;
        previousProtectedUntil: string;
        protectedUntil: string;
        reason: string;
        extendedAt: string;
      }
    >;

/**
 * The lock stream `customer-<customerKey>` makes "one protected registration per customer" a single-stream
 * invariant.
 */
export type CustomerLockEvent =
  | DomainEvent<
      'CustomerClaimed',
      { customerKey: string; registrationId: string; partnerId: string; protectedUntil: string; claimedAt: string }
    >
  | DomainEvent<'CustomerReleased', { customerKey: string; registrationId: string; releasedAt: string }>
  /** The extension step of a registration: the live claim now protects through the later `protectedUntil`. */
  | DomainEvent<
      'CustomerClaimExtended',
      { customerKey: string; registrationId: string; protectedUntil: string; extendedAt: string }
    >
  /** On the registrable domain's stream: `division` is a separate customer, locked on its own stream. */
  | DomainEvent<
      'CustomerDivisionDeclared',
      { customerKey: string; division: string; reason: string; declaredAt: string }
    >;

export function registrationStream(registrationId: string): string {
  return `registration-${registrationId}`;
}

export function customerStream(customerKey: string): string {
  return `customer-${customerKey}`;
}
