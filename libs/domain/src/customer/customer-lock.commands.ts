import type { Command } from '../decider.js';
import type { RegistrationStatus } from '../registration/registration.state.js';

/**
 * Commands on the lock stream `customer-<customerKey>`. Claim and release are steps of the registration
 * approval protocol described in registration.decider.ts; only the application layer sends them.
 *
 * `facts` hold what the application layer loads from other streams or from the rule set in force.
 * The decider trusts them and never reads anything itself. They describe the world, not the client's
 * request, so they are not part of the request's identity (idempotency fingerprint).
 */
export type CustomerLockCommand =
  | Command<
      'ClaimCustomer',
      {
        customerKey: string;
        registrationId: string;
        partnerId: string;
      },
      {
        /** `registration.protectionDays` of the rule set in force today (90 until rule sets exist). */
        protectionDays: number;
      }
    >
  | Command<
      'ReleaseCustomer',
      {
        customerKey: string;
        registrationId: string;
      },
      {
        /**
         * The status of `registration-<registrationId>`, folded by the application layer. A lock is
         * released only for a rejected registration: rejection is final, so a stale read cannot free the
         * lock of a registration that is (or is about to be) approved.
         */
        registrationStatus: RegistrationStatus | 'none';
      }
    >
  | Command<
      'ExtendCustomerClaim',
      {
        customerKey: string;
        registrationId: string;
        /** The new last protected day: the current one plus the protection days of the rules in force. */
        protectedUntil: string;
      }
    >
  | Command<
      'DeclareCustomerDivision',
      {
        /** The customer's domain as the client wrote it; it must be a registrable domain (`globex.com`). */
        customerDomain: string;
        /** The subdomain that is a separate customer, as written (`eu.globex.com`). */
        division: string;
        reason: string;
      },
      {
        /** The registrable domain (ICANN eTLD+1) of the normalized customerDomain; null for a public suffix. */
        registrableDomain: string | null;
      }
    >;
