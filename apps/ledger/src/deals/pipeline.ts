import { dealStages } from '#domain';
import type { DealFacts, DealQueries, PageKey, PageRequest, RegistrationQueries, RegistrationView } from '#read-models';

export interface PipelineDeal {
  readonly dealId: string;
  readonly registrationId: string | null;
  readonly customer: { readonly name: string; readonly domain: string };
  readonly currency: string;
  readonly stage: string | null;
  readonly openedAt: string;
  readonly role: string;
  readonly share: string;
  readonly estimatedValue: string | null;
  readonly estimatedCurrency: string | null;
}

/** A pipeline page walks its open deals first, then its registrations: the section is the first part of its key. */
export const pipelineSections = ['deals', 'registrations'] as const;

/** A page of a partner's pipeline: up to `limit` open deals and registrations in all, the deals first. */
export interface Pipeline {
  readonly partnerId: string;
  /** Submitted registrations, and approved ones still protected that no deal was opened from yet. */
  readonly registrations: readonly RegistrationView[];
  /** Open deals the partner is on, with its role and share. */
  readonly deals: readonly PipelineDeal[];
  /** How many registrations and open deals the whole pipeline holds, on every page. */
  readonly totals: { readonly registrations: number; readonly deals: number };
}

/** A deal opened from a registration has the registering partner as its sourcing partner: only it owns the id. */
export function registrationOf(registrationId: string | null, role: string | undefined): string | null {
  return role === 'sourcing' ? registrationId : null;
}

interface PipelineQueries {
  readonly registrations: RegistrationQueries;
  readonly deals: DealQueries;
}

/**
 * A page of the partner's pipeline on `today` (read in the read thread): open deals by opening date, then
 * registrations by submission date, `request.limit` rows in all. A key is its section's name and that section's
 * sort key; `['registrations', '', '']` starts the registrations from their first.
 */
export function pipelineOf(
  partnerId: string,
  today: string,
  request: PageRequest,
  queries: PipelineQueries,
): Pipeline & { readonly nextKey: PageKey | null } {
  const [section = 'deals', ...key] = request.after ?? [];
  const inDeals = section === 'deals';
  // A section the page does not reach is read for its total only (limit 0).
  const deals = queries.deals.openDealsOfPartner(partnerId, inDeals ? pageAfter(request.limit, key) : { limit: 0 });
  const room = inDeals && deals.nextKey === null ? request.limit - deals.items.length : 0;
  const registrations = queries.registrations.pipelinePage(
    partnerId,
    today,
    inDeals ? { limit: room } : pageAfter(request.limit, key),
  );
  let nextKey: PageKey | null = null;
  if (deals.nextKey) nextKey = ['deals', ...deals.nextKey];
  else if (registrations.nextKey) nextKey = ['registrations', ...registrations.nextKey];
  // The deals filled the page to its last row: the registrations start the next one.
  else if (inDeals && room === 0 && registrations.total > 0) nextKey = ['registrations', '', ''];
  return {
    partnerId,
    deals: deals.items.map(pipelineDeal),
    registrations: registrations.items,
    totals: { deals: deals.total, registrations: registrations.total },
    nextKey,
  };
}

/** A page after a section's key; `['', '']`, a section's start, is no key. */
function pageAfter(limit: number, key: PageKey): PageRequest {
  return key.length > 0 && key[0] !== '' ? { limit, after: key } : { limit };
}

function pipelineDeal(deal: DealFacts): PipelineDeal {
  return {
    dealId: deal.dealId,
    registrationId: registrationOf(deal.registrationId, deal.role),
    customer: deal.customer,
    currency: deal.currency,
    stage: deal.stage ?? dealStages[0],
    openedAt: deal.openedAt,
    role: deal.role,
    share: deal.share,
    estimatedValue: deal.estimatedValue,
    estimatedCurrency: deal.estimatedCurrency,
  };
}
