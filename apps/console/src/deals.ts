import Decimal from 'decimal.js';
import type { DealView } from './api/views';
import { sumAtScale } from './money';

/** One step of a deal's life as the console lists it: what happened, when (null when the view has no date). */
export interface LifecycleStep {
  readonly step: string;
  readonly at: string | null;
}

/**
 * A deal's lifecycle from its read model: registration, opening (at its stage), won or lost, revenue given
 * back (refunds) and churn. Renewals and expansions are part of amountWon: the view does not list them apart.
 */
export function dealLifecycle(deal: Omit<DealView, 'protectionOverride'>): LifecycleStep[] {
  const steps: LifecycleStep[] = [];
  if (deal.registrationId) steps.push({ step: `registered (${deal.registrationId})`, at: null });
  steps.push({ step: `opened${deal.stage ? `, stage ${deal.stage}` : ''}`, at: deal.openedAt });
  if (deal.wonAt) steps.push({ step: `won ${deal.amountWon} ${deal.currency}`, at: deal.wonAt });
  if (deal.lostAt) steps.push({ step: `lost${deal.lostReason ? `: ${deal.lostReason}` : ''}`, at: deal.lostAt });
  if (!new Decimal(deal.amountRefunded).isZero())
    steps.push({ step: `refunded ${deal.amountRefunded} ${deal.currency}`, at: null });
  if (deal.churnedAt) steps.push({ step: 'churned', at: deal.churnedAt });
  return steps;
}

/** What the deal kept: everything won, renewed and expanded less refunds, exactly. */
export function dealNetWon(deal: Pick<DealView, 'amountWon' | 'amountRefunded'>): string {
  return sumAtScale([deal.amountWon, new Decimal(deal.amountRefunded).negated().toFixed()]);
}
