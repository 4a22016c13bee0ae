import { dealStages } from '#domain';
import type {
  DealFacts,
  DealQueries,
  Page,
  PageKey,
  PageRequest,
  RegistrationQueries,
  RegistrationView,
} from '#read-models';

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
type PipelineSection = (typeof pipelineSections)[number];

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

/** One section of the pipeline: how many rows it holds, and a page of them. */
interface Section {
  readonly name: PipelineSection;
  readonly total: number;
  readonly page: (request: PageRequest) => Page<PipelineDeal | RegistrationView>;
}

/**
 * A page of the partner's pipeline on `today` (read in the read thread): open deals by opening date, then
 * registrations by submission date, `request.limit` rows in all. A key is its section's name and that section's
 * sort key; `[name, '', '']` starts a section from its first row.
 */
export function pipelineOf(
  partnerId: string,
  today: string,
  request: PageRequest,
  queries: PipelineQueries,
): Pipeline & { readonly nextKey: PageKey | null } {
  const registrationsOf = { partnerId, today, converted: queries.deals.registrationsOfPartnerDeals(partnerId) };
  const sections: readonly Section[] = [
    {
      name: 'deals',
      total: queries.deals.openDealsOfPartnerCount(partnerId),
      page: (page) => mapItems(queries.deals.openDealsOfPartner(partnerId, page), pipelineDeal),
    },
    {
      name: 'registrations',
      total: queries.registrations.pipelineCount(registrationsOf),
      page: (page) => queries.registrations.pipelinePage(registrationsOf, page),
    },
  ];
  const [first, ...key] = request.after ?? [pipelineSections[0], '', ''];
  const rows = { deals: [] as PipelineDeal[], registrations: [] as RegistrationView[] };
  let nextKey: PageKey | null = null;
  let after: PageKey = key;
  for (const section of sections.slice(pipelineSections.indexOf(first as PipelineSection))) {
    const room = request.limit - rows.deals.length - rows.registrations.length;
    if (room === 0) {
      // The sections before filled the page: the next one starts with this section's first row, if it has any.
      if (section.total === 0) continue;
      nextKey = [section.name, '', ''];
      break;
    }
    const page = section.page({ limit: room, ...(after[0] === '' ? {} : { after }) });
    (rows[section.name] as (PipelineDeal | RegistrationView)[]).push(...page.items);
    after = ['', ''];
    if (page.nextKey) {
      nextKey = [section.name, ...page.nextKey];
      break;
    }
  }
  const totals = { deals: sections[0]!.total, registrations: sections[1]!.total };
  return { partnerId, registrations: rows.registrations, deals: rows.deals, totals, nextKey };
}

function mapItems<T, U>(page: Page<T>, view: (item: T) => U): Page<U> {
  return { items: page.items.map(view), nextKey: page.nextKey };
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
