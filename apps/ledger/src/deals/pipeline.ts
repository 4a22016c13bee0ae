import { dealStages } from '#domain';
import type { DealQueries, RegistrationQueries, RegistrationView } from '#read-models';

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

export interface Pipeline {
  readonly partnerId: string;
  /** Submitted registrations, and approved ones still protected that no deal was opened from yet. */
  readonly registrations: readonly RegistrationView[];
  /** Open deals the partner is on, with its role and share. */
  readonly deals: readonly PipelineDeal[];
}

/** A deal opened from a registration has the registering partner as its sourcing partner: only it owns the id. */
export function registrationOf(registrationId: string | null, role: string | undefined): string | null {
  return role === 'sourcing' ? registrationId : null;
}

/** The partner's pipeline on `today`: it grows with the partner's open business (read in the read thread). */
export function pipelineOf(
  partnerId: string,
  today: string,
  queries: { readonly registrations: RegistrationQueries; readonly deals: DealQueries },
): Pipeline {
  const { deals } = queries;
  const converted = deals.registrationsOfPartnerDeals(partnerId);
  const all = { partnerId, today };
  const registrations = [
    ...queries.registrations.list({ ...all, status: 'submitted' }),
    // Approved reads only those still protected today; expired ones read `expired`.
    ...queries.registrations
      .list({ ...all, status: 'approved' })
      .filter((registration) => !converted.has(registration.registrationId)),
  ].sort((a, b) =>
    a.submittedAt === b.submittedAt
      ? a.registrationId.localeCompare(b.registrationId)
      : a.submittedAt.localeCompare(b.submittedAt),
  );
  const open = deals.openDealsOfPartner(partnerId).map((deal): PipelineDeal => ({
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
  }));
  return { partnerId, registrations, deals: open };
}
