import type { DomainEvent } from '../decider.js';
import type { Customer } from '../registration/registration.events.js';

export type PartnerRole = 'sourcing' | 'influencing';
export const partnerRoles: readonly PartnerRole[] = ['sourcing', 'influencing'];

export interface DealPartner {
  readonly partnerId: string;
  readonly role: PartnerRole;
  /** A decimal string in (0, 1]; the shares of a deal sum to exactly 1. */
  readonly share: string;
}

export interface DealLine {
  readonly sku: string;
  /** The product family, which may carry its own commission rates (`familyRates`). */
  readonly family: string;
  /** In the deal currency, a non-negative decimal string at the currency's minor unit. */
  readonly amount: string;
  /** The discount granted on the line, a decimal fraction in [0, 1]. */
  readonly discount: string;
}

export type Billing = 'one_time' | 'recurring';
export const billings: readonly Billing[] = ['one_time', 'recurring'];

/**
 * Every amount is in the deal currency; `fxRate` converts to the program currency and is present
 * whenever the two differ (it is "1" or absent when they are the same). The revenue events record
 * `programCurrency`, the currency of the rule set in force on their business date, so a reader never
 * has to guess what an fxRate converts into (the program currency may change between rule sets).
 */
export type DealEvent =
  // customerKey: normalizeCustomerDomain(customer.domain), so read models join deals to registrations and locks.
  | DomainEvent<
      'DealOpened',
      {
        dealId: string;
        registrationId?: string;
        customer: Customer;
        customerKey: string;
        partners: DealPartner[];
        currency: string;
        openedAt: string;
      }
    >
  /**
   * Recorded with the DealOpened of a direct deal a partner manager opened, with a reason, for a customer another
   * partner's registration protected: whose protection it overrode, for the audit trail (partners never see it).
   */
  | DomainEvent<
      'DealProtectionOverridden',
      {
        dealId: string;
        customerKey: string;
        registrationId: string;
        partnerId: string;
        protectedUntil: string;
        reason: string;
        overriddenAt: string;
      }
    >
  | DomainEvent<'DealStageAdvanced', { dealId: string; stage: string; advancedAt: string }>
  | DomainEvent<
      'DealWon',
      {
        dealId: string;
        lines: DealLine[];
        fxRate?: string;
        programCurrency: string;
        billing: Billing;
        termMonths?: number;
        wonAt: string;
      }
    >
  | DomainEvent<'DealLost', { dealId: string; reason: string; lostAt: string }>
  | DomainEvent<
      'DealRenewed',
      {
        dealId: string;
        lines: DealLine[];
        fxRate?: string;
        programCurrency: string;
        termMonths?: number;
        renewedAt: string;
      }
    >
  | DomainEvent<
      'DealExpanded',
      { dealId: string; lines: DealLine[]; fxRate?: string; programCurrency: string; expandedAt: string }
    >
  | DomainEvent<
      'DealRefunded',
      { dealId: string; amount: string; fxRate?: string; programCurrency: string; refundedAt: string }
    >
  | DomainEvent<'DealChurned', { dealId: string; churnedAt: string }>;

export function dealStream(dealId: string): string {
  return `deal-${dealId}`;
}
