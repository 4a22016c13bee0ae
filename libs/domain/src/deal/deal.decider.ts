import { isWithinDomain, normalizeCustomerDomain, requireCustomer } from '../customer/customer-domain.js';
import { dateOf } from '../dates.js';
import type { CommandOf, Decider } from '../decider.js';
import { DomainError, invariant } from '../errors.js';
import { Decimal, formatMoney, sumDecimals } from '../money.js';
import type { PartnerStatus } from '../partner/partner.events.js';
import { requireSubmittedRegistration } from '../registration/registration-facts.js';
import type { Customer } from '../registration/registration.events.js';
import { requireAmount, requireCurrency, requireOneOf, requireText } from '../validation.js';
import type { DealCommand, DealFacts, OpenDealFacts } from './deal.commands.js';
import { billings, type Billing, type DealEvent, type DealLine, type DealPartner } from './deal.events.js';
import {
  requireBusinessDate,
  requireConvertibleTotal,
  requireDealPartners,
  requireFxRate,
  requireLines,
  requireTermMonths,
} from './deal-validation.js';

/** The pipeline stages an open deal moves through, forward only; a deal opens at the first. */
export const dealStages = ['prospecting', 'qualification', 'proposal', 'negotiation'] as const;
export type DealStage = (typeof dealStages)[number];

export type DealStatus = 'open' | 'won' | 'lost' | 'churned';

export type DealState =
  | { readonly status: 'none' }
  | {
      readonly status: DealStatus;
      readonly dealId: string;
      readonly registrationId: string | null;
      readonly customerKey: string;
      readonly partners: readonly DealPartner[];
      readonly currency: string;
      readonly stage: DealStage;
      readonly openedAt: string;
      readonly billing: Billing | null;
      readonly wonAt: string | null;
      /** The latest of the won, renewed and expanded dates: a churn cannot precede what it ends. */
      readonly bookedLatestAt: string | null;
      /** Won, renewed and expanded line amounts, in the deal currency. */
      readonly amountBooked: string;
      readonly amountRefunded: string;
    };

type OpenedDeal = Extract<DealState, { status: DealStatus }>;

/** What a campaign reads of a deal it attributes as a lead: the partners it credits. */
export type DealLeadFacts =
  { readonly status: 'none' } | (Pick<OpenedDeal, 'status' | 'dealId'> & { readonly partnerIds: readonly string[] });

/** The lead facts of a folded deal. */
export function dealLeadFacts(state: DealState): DealLeadFacts {
  if (state.status === 'none') return { status: 'none' };
  return { status: state.status, dealId: state.dealId, partnerIds: state.partners.map((partner) => partner.partnerId) };
}

/**
 * The deal `deal-<dealId>`: opened (from an approved registration or directly), advanced through
 * stages, then won or lost; a won deal can be refunded, and a recurring one renewed, expanded and
 * churned. Every rule refuses with its own error code; cross-stream facts arrive in `command.facts`.
 */
export const dealDecider: Decider<DealCommand, DealEvent, DealState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'OpenDeal':
        return openDeal(command, state);
      case 'AdvanceDealStage':
        return advanceDealStage(command, state);
      case 'WinDeal':
        return winDeal(command, state);
      case 'LoseDeal':
        return loseDeal(command, state);
      case 'RenewDeal':
        return renewDeal(command, state);
      case 'ExpandDeal':
        return expandDeal(command, state);
      case 'RefundDeal':
        return refundDeal(command, state);
      case 'ChurnDeal':
        return churnDeal(command, state);
    }
  },

  evolve(state, event) {
    if (event.type === 'DealOpened') {
      const { dealId, registrationId, customerKey, partners, currency, openedAt } = event.data;
      return {
        status: 'open',
        dealId,
        registrationId: registrationId ?? null,
        customerKey,
        partners,
        currency,
        stage: dealStages[0],
        openedAt,
        billing: null,
        wonAt: null,
        bookedLatestAt: null,
        amountBooked: formatMoney(new Decimal(0), currency),
        amountRefunded: formatMoney(new Decimal(0), currency),
      };
    }
    // Events of a deal stream always follow its DealOpened; the guard only narrows the type.
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'DealProtectionOverridden':
        return state;
      case 'DealStageAdvanced':
        return { ...state, stage: event.data.stage as DealStage };
      case 'DealWon':
        return {
          ...state,
          status: 'won',
          billing: event.data.billing,
          wonAt: event.data.wonAt,
          bookedLatestAt: event.data.wonAt,
          amountBooked: addLines(state.amountBooked, event.data.lines, state.currency),
        };
      case 'DealLost':
        return { ...state, status: 'lost' };
      case 'DealRenewed':
        return {
          ...state,
          bookedLatestAt: latest(state.bookedLatestAt, event.data.renewedAt),
          amountBooked: addLines(state.amountBooked, event.data.lines, state.currency),
        };
      case 'DealExpanded':
        return {
          ...state,
          bookedLatestAt: latest(state.bookedLatestAt, event.data.expandedAt),
          amountBooked: addLines(state.amountBooked, event.data.lines, state.currency),
        };
      case 'DealRefunded':
        return {
          ...state,
          amountRefunded: formatMoney(new Decimal(state.amountRefunded).plus(event.data.amount), state.currency),
        };
      case 'DealChurned':
        return { ...state, status: 'churned' };
    }
  },
};

type DealCommandOf<Type extends DealCommand['type']> = CommandOf<DealCommand, Type>;

export function advanceDealStage(command: DealCommandOf<'AdvanceDealStage'>, state: DealState): DealEvent[] {
  const today = dateOf(command.metadata.now);
  const deal = requireOpen(state, command.data.dealId);
  const stage = requireOneOf(command.data.stage, dealStages, 'stage');
  if (dealStages.indexOf(stage) <= dealStages.indexOf(deal.stage)) {
    throw new DomainError('DEAL_STAGE_NOT_FORWARD', `The deal is at ${deal.stage}; stages only move forward`, {
      field: 'stage',
      stage: deal.stage,
    });
  }
  return [{ type: 'DealStageAdvanced', data: { dealId: deal.dealId, stage, advancedAt: today } }];
}

export function winDeal(command: DealCommandOf<'WinDeal'>, state: DealState): DealEvent[] {
  const today = dateOf(command.metadata.now);
  const deal = requireOpen(state, command.data.dealId);
  const { data } = command;
  const revenue = requireRevenueLines(command, deal.currency);
  const billing = requireOneOf(data.billing, billings, 'billing');
  const termMonths = requireTermForBilling(data.termMonths, billing);
  const wonAt = requireBusinessDate(data.wonAt, 'wonAt', today, command.facts.closedPeriods);
  requireNotBefore(wonAt, 'wonAt', deal.openedAt, 'the deal was opened');
  return [
    {
      type: 'DealWon',
      data: {
        dealId: deal.dealId,
        ...revenue,
        billing,
        ...(termMonths === undefined ? {} : { termMonths }),
        wonAt,
      },
    },
  ];
}

export function loseDeal(command: DealCommandOf<'LoseDeal'>, state: DealState): DealEvent[] {
  const today = dateOf(command.metadata.now);
  const deal = requireOpen(state, command.data.dealId);
  const reason = requireText(command.data.reason, 'reason', 500).trim();
  const lostAt = requireBusinessDate(command.data.lostAt, 'lostAt', today, command.facts.closedPeriods);
  requireNotBefore(lostAt, 'lostAt', deal.openedAt, 'the deal was opened');
  return [{ type: 'DealLost', data: { dealId: deal.dealId, reason, lostAt } }];
}

export function renewDeal(command: DealCommandOf<'RenewDeal'>, state: DealState): DealEvent[] {
  const today = dateOf(command.metadata.now);
  const deal = requireLiveSubscription(state, command.data.dealId, 'renewed');
  const { data } = command;
  const revenue = requireRevenueLines(command, deal.currency);
  const termMonths = data.termMonths === undefined ? undefined : requireTermMonths(data.termMonths);
  const renewedAt = requireBusinessDate(data.renewedAt, 'renewedAt', today, command.facts.closedPeriods);
  requireNotBefore(renewedAt, 'renewedAt', deal.wonAt, 'the deal was won');
  return [
    {
      type: 'DealRenewed',
      data: {
        dealId: deal.dealId,
        ...revenue,
        ...(termMonths === undefined ? {} : { termMonths }),
        renewedAt,
      },
    },
  ];
}

export function expandDeal(command: DealCommandOf<'ExpandDeal'>, state: DealState): DealEvent[] {
  const today = dateOf(command.metadata.now);
  const deal = requireLiveSubscription(state, command.data.dealId, 'expanded');
  const { data } = command;
  const revenue = requireRevenueLines(command, deal.currency);
  const expandedAt = requireBusinessDate(data.expandedAt, 'expandedAt', today, command.facts.closedPeriods);
  requireNotBefore(expandedAt, 'expandedAt', deal.wonAt, 'the deal was won');
  return [
    {
      type: 'DealExpanded',
      data: { dealId: deal.dealId, ...revenue, expandedAt },
    },
  ];
}

export function refundDeal(command: DealCommandOf<'RefundDeal'>, state: DealState): DealEvent[] {
  const today = dateOf(command.metadata.now);
  const deal = requireDeal(state, command.data.dealId);
  // A churned deal was won: its last invoices can still be refunded.
  if (deal.status !== 'won' && deal.status !== 'churned') throw notWon(deal, 'refunded');
  const { data } = command;
  const amount = requireAmount(data.amount, 'amount', deal.currency, { positive: true });
  const { programCurrency, fxRate } = requireConversion(command, deal.currency, [amount], 'amount');
  const refundedAt = requireBusinessDate(data.refundedAt, 'refundedAt', today, command.facts.closedPeriods);
  requireNotBefore(refundedAt, 'refundedAt', deal.wonAt, 'the deal was won');
  const amountRefundable = new Decimal(deal.amountBooked).minus(deal.amountRefunded);
  if (new Decimal(amount).gt(amountRefundable)) {
    throw new DomainError(
      'DEAL_REFUND_EXCEEDS_WON',
      'amount exceeds what was won and not yet refunded ' +
        `(${formatMoney(amountRefundable, deal.currency)} ${deal.currency})`,
      {
        field: 'amount',
        amountRefundable: formatMoney(amountRefundable, deal.currency),
        currency: deal.currency,
      },
    );
  }
  return [
    {
      type: 'DealRefunded',
      data: { dealId: deal.dealId, amount, ...(fxRate === undefined ? {} : { fxRate }), programCurrency, refundedAt },
    },
  ];
}

export function churnDeal(command: DealCommandOf<'ChurnDeal'>, state: DealState): DealEvent[] {
  const today = dateOf(command.metadata.now);
  const deal = requireLiveSubscription(state, command.data.dealId, 'churned');
  const churnedAt = requireBusinessDate(command.data.churnedAt, 'churnedAt', today, command.facts.closedPeriods);
  requireNotBefore(churnedAt, 'churnedAt', deal.bookedLatestAt, 'its latest win, renewal or expansion');
  return [{ type: 'DealChurned', data: { dealId: deal.dealId, churnedAt } }];
}

export function openDeal(command: DealCommandOf<'OpenDeal'>, state: DealState): DealEvent[] {
  const today = dateOf(command.metadata.now);
  const { data, facts } = command;
  const dealId = requireText(data.dealId, 'dealId', 100);
  if (state.status !== 'none')
    throw new DomainError('DEAL_ALREADY_OPENED', `Deal ${dealId} was already opened`, { dealId });
  const currency = requireCurrency(data.currency, 'currency');
  const openedAt = requireBusinessDate(data.openedAt ?? today, 'openedAt', today, facts.closedPeriods);

  const { registrationId, customer, customerKey, partners } =
    data.registrationId !== undefined ? openingFromRegistration(data, facts, openedAt) : openingDirectly(data);

  partners.forEach((partner, index) =>
    requireActivePartner(facts.partnerStatuses, partner.partnerId, `partners[${index}].partnerId`),
  );
  partners.forEach((partner) => requireEnrolledBy(facts.partnerEnrollments, partner.partnerId, openedAt));
  const override =
    registrationId === undefined ? protectionOverrideOf(command, dealId, customerKey, partners, openedAt) : [];

  return [
    {
      type: 'DealOpened',
      data: {
        dealId,
        ...(registrationId === undefined ? {} : { registrationId }),
        customer,
        customerKey,
        partners,
        currency,
        openedAt,
      },
    },
    ...override,
  ];
}

/**
 * A registration protects its customer for its holder: a direct deal dated inside the protection may credit the
 * holder alone, and crediting anyone else needs a partner manager's override with a reason (its own event).
 * The refusal names neither the holder nor its registration: the client may be the partner it keeps out.
 */
function protectionOverrideOf(
  command: DealCommandOf<'OpenDeal'>,
  dealId: string,
  customerKey: string,
  partners: readonly DealPartner[],
  openedAt: string,
): DealEvent[] {
  const { data, facts, metadata } = command;
  const claim = facts.customerClaim;
  const protects =
    claim !== null &&
    isWithinDomain(customerKey, claim.customerKey) &&
    claim.claimedAt <= openedAt &&
    openedAt <= claim.protectedUntil &&
    partners.some((partner) => partner.partnerId !== claim.partnerId);
  if (data.protectionOverride === undefined) {
    if (!protects) return [];
    const message =
      'This customer is protected by another partner’s approved registration; open the deal from that ' +
      'registration, or have a partner manager override the protection with a reason';
    throw new DomainError('CUSTOMER_PROTECTED', message, { field: 'customer.domain', customerKey });
  }
  if (metadata.actor.role === 'partner') {
    throw new DomainError('FORBIDDEN', 'A partner user cannot override a customer’s protection', {
      field: 'protectionOverride',
    });
  }
  const reason = requireText(data.protectionOverride.reason, 'protectionOverride.reason', 500).trim();
  if (!protects) {
    const message = 'protectionOverride applies only to a customer another partner’s registration protects';
    throw new DomainError('VALIDATION_FAILED', message, { field: 'protectionOverride', rule: 'nothingToOverride' });
  }
  const { registrationId, partnerId, protectedUntil } = claim;
  const overriddenAt = dateOf(metadata.now);
  return [
    {
      type: 'DealProtectionOverridden',
      data: { dealId, customerKey, registrationId, partnerId, protectedUntil, reason, overriddenAt },
    },
  ];
}

/** A deal credits a partner only from the business date it joined the program (`enrolledAt`). */
function requireEnrolledBy(enrollments: Readonly<Record<string, string>>, partnerId: string, openedAt: string): void {
  const enrolledAt = Object.hasOwn(enrollments, partnerId) ? enrollments[partnerId]! : undefined;
  invariant(enrolledAt !== undefined, `facts.partnerEnrollments lacks the active partner ${partnerId}`);
  if (openedAt < enrolledAt) {
    const message = `Partner ${partnerId} enrolled on ${enrolledAt}; a deal cannot credit it from ${openedAt}`;
    throw new DomainError('DEAL_BEFORE_ENROLLMENT', message, { field: 'openedAt', partnerId, enrolledAt, openedAt });
  }
}

/** Who a deal is opened for and with whom: its customer and partners, and the registration it comes from. */
interface Opening {
  readonly registrationId?: string;
  readonly customer: Customer;
  readonly customerKey: string;
  readonly partners: DealPartner[];
}

type OpenDealData = DealCommandOf<'OpenDeal'>['data'];

function openingFromRegistration(data: OpenDealData, facts: OpenDealFacts, openedAt: string): Opening {
  const registrationId = requireText(data.registrationId, 'registrationId', 100);
  const registration = requireApprovedRegistration(facts, registrationId, openedAt);
  if (data.customer !== undefined) {
    const sent = requireCustomer(data.customer);
    // The registration's key is a registrable domain or division, so any host within it is that customer;
    // a key recorded under older rules (`www.globex.com`) still matches the domain the partner wrote.
    const sameCustomer =
      isWithinDomain(sent.customerKey, registration.customerKey) ||
      sent.customerKey === normalizeCustomerDomain(registration.customer.domain);
    if (!sameCustomer) {
      throw new DomainError(
        'DEAL_CUSTOMER_MISMATCH',
        `customer.domain must be the registered customer's (${registration.customerKey})`,
        {
          field: 'customer.domain',
          customerKey: registration.customerKey,
        },
      );
    }
  }
  const partners: DealPartner[] =
    data.partners === undefined
      ? [{ partnerId: registration.partnerId, role: 'sourcing', share: '1' }]
      : requireDealPartners(data.partners);
  const sourcing = partners.filter((partner) => partner.role === 'sourcing');
  if (sourcing.length !== 1 || sourcing[0]!.partnerId !== registration.partnerId) {
    throw new DomainError(
      'DEAL_SOURCING_PARTNER_INVALID',
      `The registering partner ${registration.partnerId} must be the deal's sourcing partner`,
      {
        field: 'partners',
        rule: 'registeringPartner',
        partnerId: registration.partnerId,
      },
    );
  }
  // The registration's customer is the one of record: it is what the protection was granted on.
  return { registrationId, customer: registration.customer, customerKey: registration.customerKey, partners };
}

function openingDirectly(data: OpenDealData): Opening {
  if (data.customer === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'customer is required when the deal is not opened from a registration', {
      field: 'customer',
      rule: 'required',
    });
  }
  const { customer, customerKey } = requireCustomer(data.customer);
  if (data.partners === undefined) {
    throw new DomainError(
      'DEAL_PARTNERS_INVALID',
      'partners is required when the deal is not opened from a registration',
      { field: 'partners', rule: 'required' },
    );
  }
  const partners = requireDealPartners(data.partners);
  if (partners.filter((partner) => partner.role === 'sourcing').length > 1) {
    // One partner of record sourced the deal; others influenced it.
    throw new DomainError('DEAL_SOURCING_PARTNER_INVALID', 'A deal has at most one sourcing partner', {
      field: 'partners',
      rule: 'single',
    });
  }
  return { customer, customerKey, partners };
}

/** A revenue event's lines (a win, a renewal, an expansion) and their conversion into the program currency. */
function requireRevenueLines(
  command: { readonly data: { readonly lines: unknown; readonly fxRate?: unknown }; readonly facts: DealFacts },
  dealCurrency: string,
) {
  const lines = requireLines(command.data.lines, dealCurrency);
  const amounts = lines.map((line) => line.amount);
  const { programCurrency, fxRate } = requireConversion(command, dealCurrency, amounts, 'lines');
  return { lines, ...(fxRate === undefined ? {} : { fxRate }), programCurrency };
}

/**
 * The program currency of the facts and the rate from the deal currency into it (sent as `fxRate`), under which
 * `amounts` stay within the amount limit once converted.
 */
function requireConversion(
  { data, facts }: { readonly data: { readonly fxRate?: unknown }; readonly facts: DealFacts },
  dealCurrency: string,
  amounts: readonly string[],
  field: string,
): { programCurrency: string; fxRate: string | undefined } {
  const programCurrency = requireCurrency(facts.programCurrency, 'facts.programCurrency');
  const fxRate = requireFxRate(data.fxRate, dealCurrency, programCurrency);
  requireConvertibleTotal(amounts, fxRate, field, programCurrency);
  return { programCurrency, fxRate };
}

function requireApprovedRegistration(facts: OpenDealFacts, registrationId: string, openedAt: string) {
  const registration = requireSubmittedRegistration(facts.registration, registrationId);
  if (registration.status !== 'approved') {
    throw new DomainError(
      'REGISTRATION_NOT_APPROVED',
      `Registration ${registrationId} is ${registration.status}, not approved`,
      {
        field: 'registrationId',
        registrationId,
        status: registration.status,
      },
    );
  }
  invariant(registration.protectedUntil !== null, 'an approved registration has a protection window');
  if (openedAt > registration.protectedUntil) {
    throw new DomainError(
      'REGISTRATION_EXPIRED',
      `Registration ${registrationId} protected the customer until ${registration.protectedUntil}`,
      {
        field: 'registrationId',
        registrationId,
        protectedUntil: registration.protectedUntil,
      },
    );
  }
  return registration;
}

function requireActivePartner(
  statuses: Readonly<Record<string, PartnerStatus | 'none'>>,
  partnerId: string,
  field: string,
): void {
  // Own properties only: a partner id such as "constructor" must not find Object.prototype's.
  const status = Object.hasOwn(statuses, partnerId) ? statuses[partnerId]! : 'none';
  if (status === 'none')
    throw new DomainError('PARTNER_NOT_FOUND', `Partner ${partnerId} is not enrolled`, { field, partnerId });
  if (status !== 'active')
    throw new DomainError('PARTNER_NOT_ACTIVE', `Partner ${partnerId} is ${status}, not active`, {
      field,
      partnerId,
      status,
    });
}

function requireDeal(state: DealState, dealId: string): OpenedDeal {
  if (state.status === 'none')
    throw new DomainError('DEAL_NOT_FOUND', `Deal ${String(dealId)} was not opened`, { dealId });
  return state;
}

function requireOpen(state: DealState, dealId: string): OpenedDeal {
  const deal = requireDeal(state, dealId);
  if (deal.status !== 'open')
    throw new DomainError('DEAL_NOT_OPEN', `Deal ${deal.dealId} is ${deal.status}, no longer open`, {
      dealId: deal.dealId,
      status: deal.status,
    });
  return deal;
}

/** Renewals, expansions and churn concern a won, recurring deal that has not churned. */
function requireLiveSubscription(state: DealState, dealId: string, action: string): OpenedDeal & { wonAt: string } {
  const deal = requireDeal(state, dealId);
  if (deal.status === 'churned')
    throw new DomainError('DEAL_CHURNED', `Deal ${deal.dealId} has churned and cannot be ${action}`, {
      dealId: deal.dealId,
    });
  if (deal.status !== 'won') throw notWon(deal, action);
  if (deal.billing !== 'recurring') {
    throw new DomainError(
      'DEAL_NOT_RECURRING',
      `Deal ${deal.dealId} is billed one time; only recurring deals can be ${action}`,
      { dealId: deal.dealId, billing: deal.billing },
    );
  }
  invariant(deal.wonAt !== null, 'a won deal has a win date');
  return { ...deal, wonAt: deal.wonAt };
}

function notWon(deal: OpenedDeal, action: string): DomainError {
  return new DomainError('DEAL_NOT_WON', `Deal ${deal.dealId} is ${deal.status}; only a won deal can be ${action}`, {
    dealId: deal.dealId,
    status: deal.status,
  });
}

function requireTermForBilling(value: unknown, billing: Billing): number | undefined {
  if (billing === 'recurring') {
    if (value === undefined) {
      throw new DomainError('DEAL_TERM_INVALID', 'termMonths is required for recurring billing', {
        field: 'termMonths',
        rule: 'required',
      });
    }
    return requireTermMonths(value);
  }
  if (value !== undefined) {
    throw new DomainError('DEAL_TERM_INVALID', 'termMonths applies to recurring billing only', {
      field: 'termMonths',
      rule: 'unexpected',
    });
  }
  return undefined;
}

/** A deal's facts follow its story: nothing is won before it was opened, or refunded before it was won. */
function requireNotBefore(date: string, field: string, earliest: string | null, what: string): void {
  invariant(earliest !== null, `${field} needs an earlier fact to follow`);
  if (date < earliest) {
    throw new DomainError('DEAL_DATE_OUT_OF_ORDER', `${field} must not be before ${earliest}, when ${what}`, {
      field,
      earliest,
    });
  }
}

function addLines(amount: string, lines: readonly DealLine[], currency: string): string {
  return formatMoney(sumDecimals([new Decimal(amount), ...lines.map((line) => new Decimal(line.amount))]), currency);
}

function latest(date: string | null, other: string): string {
  return date === null || other > date ? other : date;
}
