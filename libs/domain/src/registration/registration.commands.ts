import type { Command } from '../decider.js';
import type { CustomerLockState } from '../customer/customer-lock.state.js';
import type { PartnerStatus } from '../partner/partner.events.js';
import type { Customer } from './registration.events.js';

/**
 * Commands on `registration-<registrationId>`.
 *
 * `facts` hold what the application layer loads from other streams (or the rule set in force) and
 * passes in; the decider trusts them and reads nothing itself. They describe the world, not the
 * client's request, so they are not part of the request's identity (idempotency fingerprint).
 */
export type RegistrationCommand =
  | Command<
      'SubmitRegistration',
      {
        registrationId: string;
        partnerId: string;
        /** `domain` as the client wrote it; the decider derives the lock key with customerKeyOf. */
        customer: Customer;
        productFamily: string;
        /** A non-negative decimal string at the currency's minor unit, such as "50000.00". */
        estimatedValue: string;
        /** ISO 4217; the program currency when absent. */
        currency?: string;
        expectedCloseDate: string;
      },
      {
        /** The status of `partner-<partnerId>` (fold of partnerDecider), 'none' when never enrolled. */
        partnerStatus: PartnerStatus | 'none';
        /**
         * The registrable domain (ICANN eTLD+1 from the Public Suffix List) of
         * normalizeCustomerDomain(customer.domain); null when it has none (a bare public suffix).
         */
        registrableDomain: string | null;
        /** The divisions declared on `customer-<registrableDomain>` (its folded `divisions`). */
        divisions: readonly string[];
        /**
         * The state of `customer-<customerKey>`, where the key is customerKeyOf(host, registrableDomain,
         * divisions): the application layer derives it first to know which stream to read. A live claim
         * by another registration refuses the submission.
         */
        customerLock: CustomerLockState;
        /** The currency of the rule set in force ("USD" until rule sets exist). */
        programCurrency: string;
      }
    >
  | Command<
      'ApproveRegistration',
      {
        registrationId: string;
      },
      {
        /**
         * The state of `customer-<customerKey>` read after the ClaimCustomer step. Approval needs this
         * registration's live claim, and takes `protectedUntil` from it.
         */
        customerLock: CustomerLockState;
      }
    >
  | Command<'RejectRegistration', { registrationId: string; reason: string }>
  | Command<
      'ExtendRegistration',
      { registrationId: string; reason: string },
      {
        /**
         * The state of `customer-<customerKey>` read after the ExtendCustomerClaim step: the extension takes its
         * `protectedUntil` from this registration's live, extended claim.
         */
        customerLock: CustomerLockState;
      }
    >;
