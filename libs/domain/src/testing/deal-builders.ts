import type { CustomerClaim } from '../customer/customer-lock.state.js';
import type { CommandMetadata, CommandOf } from '../decider.js';
import type { DealCommand } from '../deal/deal.commands.js';
import type { DealEvent } from '../deal/deal.events.js';
import { metadata, type CommandOverrides } from './decider-specification.js';

/**
 * Builders for deals. Defaults describe one story: deal d1 for Globex, in USD (the program currency),
 * co-sold by p1 (sourcing, 0.6) and p2 (influencing, 0.4), opened 2026-01-15, won 2026-02-01 as a
 * 12-month subscription of 1000.00; today is 2026-02-10. A test names only the fields it is about.
 */

type Data<Type extends DealEvent['type']> = Extract<DealEvent, { type: Type }>['data'];
type Overrides<Type extends DealCommand['type']> = CommandOverrides<CommandOf<DealCommand, Type>>;

export const defaultDealPartners = [
  { partnerId: 'p1', role: 'sourcing', share: '0.6' },
  { partnerId: 'p2', role: 'influencing', share: '0.4' },
] as const satisfies Data<'DealOpened'>['partners'];

export const defaultLines = [{ sku: 'PLAT-12M', family: 'platform', amount: '1000.00', discount: '0' }];

const dealContext = { programCurrency: 'USD', closedPeriods: [] as string[] };

export function dealOpened(overrides: Partial<Data<'DealOpened'>> = {}): DealEvent {
  return {
    type: 'DealOpened',
    data: {
      dealId: 'd1',
      customer: { name: 'Globex', domain: 'globex.com' },
      customerKey: 'globex.com',
      partners: defaultDealPartners.map((partner) => ({ ...partner })),
      currency: 'USD',
      openedAt: '2026-01-15',
      ...overrides,
    },
  };
}

export function dealWon(overrides: Partial<Data<'DealWon'>> = {}): DealEvent {
  return {
    type: 'DealWon',
    data: {
      dealId: 'd1',
      lines: defaultLines,
      programCurrency: 'USD',
      billing: 'recurring',
      termMonths: 12,
      wonAt: '2026-02-01',
      ...overrides,
    },
  };
}

export function dealLost(overrides: Partial<Data<'DealLost'>> = {}): DealEvent {
  return { type: 'DealLost', data: { dealId: 'd1', reason: 'budget', lostAt: '2026-02-01', ...overrides } };
}

export function dealRenewed(overrides: Partial<Data<'DealRenewed'>> = {}): DealEvent {
  return {
    type: 'DealRenewed',
    data: { dealId: 'd1', lines: defaultLines, programCurrency: 'USD', renewedAt: '2026-02-05', ...overrides },
  };
}

export function dealExpanded(overrides: Partial<Data<'DealExpanded'>> = {}): DealEvent {
  return {
    type: 'DealExpanded',
    data: {
      dealId: 'd1',
      lines: [{ sku: 'SEAT-10', family: 'platform', amount: '200.00', discount: '0' }],
      programCurrency: 'USD',
      expandedAt: '2026-02-05',
      ...overrides,
    },
  };
}

export function dealRefunded(overrides: Partial<Data<'DealRefunded'>> = {}): DealEvent {
  return {
    type: 'DealRefunded',
    data: { dealId: 'd1', amount: '100.00', programCurrency: 'USD', refundedAt: '2026-02-05', ...overrides },
  };
}

export function dealChurned(overrides: Partial<Data<'DealChurned'>> = {}): DealEvent {
  return { type: 'DealChurned', data: { dealId: 'd1', churnedAt: '2026-02-06', ...overrides } };
}

/**
 * Opens d1 directly with the default split; every named partner is active (enrolled 2025-06-01) and nobody
 * protects the customer unless the facts say otherwise.
 */
export function openDeal(overrides: Overrides<'OpenDeal'> = {}, meta: Partial<CommandMetadata> = {}): DealCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'OpenDeal',
    data: {
      dealId: 'd1',
      customer: { name: 'Globex', domain: 'globex.com' },
      partners: defaultDealPartners.map((partner) => ({ ...partner })),
      currency: 'USD',
      openedAt: '2026-01-15',
      ...data,
    },
    facts: {
      ...dealContext,
      partnerStatuses: { p1: 'active', p2: 'active', p3: 'active' },
      partnerEnrollments: { p1: '2025-06-01', p2: '2025-06-01', p3: '2025-06-01' },
      customerClaim: null,
      ...facts,
    },
    metadata: metadata(meta),
  };
}

export function advanceDealStage(stage: string, meta: Partial<CommandMetadata> = {}): DealCommand {
  return { type: 'AdvanceDealStage', data: { dealId: 'd1', stage }, metadata: metadata(meta) };
}

export function winDeal(overrides: Overrides<'WinDeal'> = {}, meta: Partial<CommandMetadata> = {}): DealCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'WinDeal',
    data: { dealId: 'd1', lines: defaultLines, billing: 'recurring', termMonths: 12, wonAt: '2026-02-01', ...data },
    facts: { ...dealContext, ...facts },
    metadata: metadata(meta),
  };
}

export function loseDeal(overrides: Overrides<'LoseDeal'> = {}, meta: Partial<CommandMetadata> = {}): DealCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'LoseDeal',
    data: { dealId: 'd1', reason: 'budget', lostAt: '2026-02-01', ...data },
    facts: { ...dealContext, ...facts },
    metadata: metadata(meta),
  };
}

export function renewDeal(overrides: Overrides<'RenewDeal'> = {}, meta: Partial<CommandMetadata> = {}): DealCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'RenewDeal',
    data: { dealId: 'd1', lines: defaultLines, renewedAt: '2026-02-05', ...data },
    facts: { ...dealContext, ...facts },
    metadata: metadata(meta),
  };
}

export function expandDeal(overrides: Overrides<'ExpandDeal'> = {}, meta: Partial<CommandMetadata> = {}): DealCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'ExpandDeal',
    data: {
      dealId: 'd1',
      lines: [{ sku: 'SEAT-10', family: 'platform', amount: '200.00' }],
      expandedAt: '2026-02-05',
      ...data,
    },
    facts: { ...dealContext, ...facts },
    metadata: metadata(meta),
  };
}

export function refundDeal(overrides: Overrides<'RefundDeal'> = {}, meta: Partial<CommandMetadata> = {}): DealCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'RefundDeal',
    data: { dealId: 'd1', amount: '100.00', refundedAt: '2026-02-05', ...data },
    facts: { ...dealContext, ...facts },
    metadata: metadata(meta),
  };
}

export function churnDeal(overrides: Overrides<'ChurnDeal'> = {}, meta: Partial<CommandMetadata> = {}): DealCommand {
  const { facts, ...data } = overrides;
  return {
    type: 'ChurnDeal',
    data: { dealId: 'd1', churnedAt: '2026-02-06', ...data },
    facts: { ...dealContext, ...facts },
    metadata: metadata(meta),
  };
}

/** The claim of registration r9 by partner p9 on globex.com: protected from 2026-01-01 through 2026-03-31. */
export function customerClaimedByAnother(overrides: Partial<CustomerClaim> = {}): CustomerClaim {
  return {
    customerKey: 'globex.com',
    registrationId: 'r9',
    partnerId: 'p9',
    protectedUntil: '2026-03-31',
    claimedAt: '2026-01-01',
    ...overrides,
  };
}
