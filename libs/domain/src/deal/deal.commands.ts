import type { CustomerClaim } from '../customer/customer-lock.state.js';
import type { Command } from '../decider.js';
import type { PartnerStatus } from '../partner/partner.events.js';
import type { RegistrationFacts } from '../registration/registration.state.js';
import type { Customer } from '../registration/registration.events.js';
import type { Billing, DealLine, DealPartner } from './deal.events.js';

/**
 * Facts every dated deal command needs from outside the deal stream. The application layer loads them
 * and passes them in the command's `facts`; the decider trusts them and reads nothing itself. They
 * describe the world, not the client's request, so they are not part of the request's identity
 * (idempotency fingerprint).
 */
export interface DealFacts {
  /** The currency of the rule set in force on the command's business date ("USD" until rule sets exist). */
  readonly programCurrency: string;
  /** Every period closed so far (`PeriodClosed` on the `program` stream), such as ["2025-Q4"]. */
  readonly closedPeriods: readonly string[];
}

export interface OpenDealFacts extends DealFacts {
  /**
   * The status of every partner the deal will name, by partnerId (fold of `partner-<id>`): each one in
   * `partners`, and the registering partner when opening from a registration. A missing entry or
   * 'none' means not enrolled.
   */
  readonly partnerStatuses: Readonly<Record<string, PartnerStatus | 'none'>>;
  /**
   * The enrollment date (`PartnerEnrolled.enrolledAt`) of every enrolled partner of `partnerStatuses`: no deal
   * credits a partner for a business date before it joined.
   */
  readonly partnerEnrollments: Readonly<Record<string, string>>;
  /** `registration-<registrationId>` (registrationFacts of its fold); only when `registrationId` is set. */
  readonly registration?: RegistrationFacts;
  /**
   * The latest claim on the lock stream of the deal's customer (`customer-<lock key>`, the key customerKeyOf
   * derives for the customer's domain), live or expired; null when never claimed. A direct deal may not take a
   * customer another partner's registration protects on its opening date.
   */
  readonly customerClaim: CustomerClaim | null;
}

/** A partner manager's deliberate opening of a direct deal for a customer another partner's registration protects. */
export interface ProtectionOverride {
  readonly reason: string;
}

/** What a client writes for a line; `discount` defaults to "0". */
export type DealLineInput = Omit<DealLine, 'discount'> & { readonly discount?: string };

/**
 * Commands on `deal-<dealId>`. Amounts are decimal strings in the deal currency; business dates are
 * `YYYY-MM-DD` (UTC), at most one day after the command's date and outside closed periods.
 */
export type DealCommand =
  | Command<
      'OpenDeal',
      {
        dealId: string;
        /**
         * Opening from an approved registration whose protection covers `openedAt`: the registering
         * partner is the sourcing partner (partners defaults to it alone with share "1"), and the customer
         * is the registration's (a `customer` sent along must have the same customer key).
         */
        registrationId?: string;
        /** Required without a registration. */
        customer?: Customer;
        /** Required without a registration: the co-sell split, shares summing to exactly 1. */
        partners?: DealPartner[];
        currency: string;
        /** The business date the deal was opened; today when absent (backfills send the real date). */
        openedAt?: string;
        /**
         * Opens a direct deal for a protected customer anyway (vendor staff only, with a reason): recorded as
         * `DealProtectionOverridden` beside `DealOpened`. Refused when nothing protects the customer.
         */
        protectionOverride?: ProtectionOverride;
      },
      OpenDealFacts
    >
  | Command<'AdvanceDealStage', { dealId: string; stage: string }>
  | Command<
      'WinDeal',
      {
        dealId: string;
        lines: DealLineInput[];
        /** Deal currency to program currency; required when they differ. */
        fxRate?: string;
        billing: Billing;
        /** Required for recurring billing, refused for one-time billing. */
        termMonths?: number;
        wonAt: string;
      },
      DealFacts
    >
  | Command<'LoseDeal', { dealId: string; reason: string; lostAt: string }, DealFacts>
  | Command<
      'RenewDeal',
      { dealId: string; lines: DealLineInput[]; fxRate?: string; termMonths?: number; renewedAt: string },
      DealFacts
    >
  | Command<'ExpandDeal', { dealId: string; lines: DealLineInput[]; fxRate?: string; expandedAt: string }, DealFacts>
  | Command<'RefundDeal', { dealId: string; amount: string; fxRate?: string; refundedAt: string }, DealFacts>
  | Command<'ChurnDeal', { dealId: string; churnedAt: string }, DealFacts>;
