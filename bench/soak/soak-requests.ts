import { dealStream, partnerStream, registrationStream } from '#domain';
import {
  dealRequest,
  partnerRequest,
  registrationRequest,
  type DealStep,
  type PartnerStep,
  type RegistrationStep,
} from '../../apps/ledger/src/cli/seed/seed-runner.js';
import type { PlannedStep } from '../../apps/ledger/src/cli/seed/seed-plan.js';

/** One HTTP command of the soak: a planned seed step as a client would send it. */
export interface SoakRequest {
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** The token's claims: the planned actor. */
  readonly claims: { readonly sub: string; readonly role: string; readonly partnerId?: string };
  readonly key: string;
  /** The stream the command writes, to find it in the log. */
  readonly stream: string;
  /** The protocol step whose event lands in `stream` (`<key>:approve`), for approvals and rejections. */
  readonly step?: string;
  /** The refusals the plan expects (a conflicting registration's approval); any other is unexpected. */
  readonly expect?: readonly string[];
}

/** The route suffix of each command type, under its collection; '' is the collection itself (create). */
const routes: Record<string, string> = {
  EnrollPartner: '',
  SuspendPartner: 'suspend',
  ReinstatePartner: 'reinstate',
  OffboardPartner: 'offboard',
  SubmitRegistration: '',
  ApproveRegistration: 'approve',
  RejectRegistration: 'reject',
  OpenDeal: '',
  AdvanceDealStage: 'stage',
  WinDeal: 'win',
  LoseDeal: 'lose',
  RenewDeal: 'renew',
  ExpandDeal: 'expand',
  RefundDeal: 'refund',
  ChurnDeal: 'churn',
};

// Tier overrides are left out: their `until` is checked against today, and the timeline lies in the past.
const partnerKinds = new Set(['enroll', 'suspend', 'reinstate', 'offboard']);
const registrationKinds = new Set(['submit', 'approve', 'reject']);
const dealKinds = new Set(['open', 'stage', 'win', 'lose', 'renew', 'expand', 'refund', 'churn']);

/** The command of a planned step with its collection, id and stream; undefined for steps the soak does not send. */
function commandOf(planned: PlannedStep) {
  const { step } = planned;
  if (partnerKinds.has(step.kind)) {
    const request = partnerRequest(step as PartnerStep);
    const id = request.data.partnerId;
    return { collection: 'partners', id, idField: 'partnerId', stream: partnerStream(id), request };
  }
  if (registrationKinds.has(step.kind)) {
    const request = registrationRequest(step as RegistrationStep);
    const id = request.data.registrationId;
    return { collection: 'registrations', id, idField: 'registrationId', stream: registrationStream(id), request };
  }
  if (dealKinds.has(step.kind)) {
    const request = dealRequest(step as DealStep, planned.date);
    const id = request.data.dealId;
    return { collection: 'deals', id, idField: 'dealId', stream: dealStream(id), request };
  }
  return undefined;
}

/**
 * A planned step as an HTTP request, or undefined for the steps the soak does not send: rule sets (it publishes
 * its own), quarter closes (the timeline stays open), campaigns and statements (their bodies need figures read
 * back first) and tier overrides.
 */
export function soakRequestOf(planned: PlannedStep): SoakRequest | undefined {
  const command = commandOf(planned);
  if (!command || planned.key === undefined) return undefined;
  const suffix = routes[command.request.type]!;
  const data = { ...(command.request.data as Record<string, unknown>) };
  // A command on an existing resource names it in the path, and the DTO refuses it in the body.
  if (suffix !== '') delete data[command.idField];
  // The seed enrolls on its virtual clock; over HTTP the enrollment names its business date, as an import would.
  if (planned.step.kind === 'enroll') data['enrolledAt'] = planned.date;
  const path = suffix === '' ? `/${command.collection}` : `/${command.collection}/${command.id}/${suffix}`;
  const expect = planned.expect ? { expect: planned.expect } : {};
  const request = { path, body: data, claims: claimsOf(planned), key: planned.key, stream: command.stream, ...expect };
  // Approving and rejecting run the registration protocol, whose steps key their events `<key>:<step>`.
  return planned.step.kind === 'approve' || planned.step.kind === 'reject'
    ? { ...request, step: planned.step.kind }
    : request;
}

function claimsOf(planned: PlannedStep): SoakRequest['claims'] {
  const { step } = planned;
  if (planned.actor === 'partner' && 'partnerId' in step)
    return { sub: `soak-user-${step.partnerId}`, role: 'partner', partnerId: step.partnerId };
  const role = planned.actor === 'finance_approver' ? 'finance' : planned.actor;
  return { sub: `soak-${planned.actor}`, role };
}

/**
 * The plan's steps without the stories that need a protection to lapse. The seed plays its plan on a virtual
 * clock; over HTTP the service's clock dates every fact, so a registration approved during the soak stays
 * protected for months of real time. A plan's "expiring" story (approved, then 125 to 160 planned days
 * later another partner registers the customer) would see that re-registration refused with
 * REGISTRATION_CONFLICT, then its approval and the deal opened under it with REGISTRATION_NOT_FOUND and the
 * deal's steps with DEAL_NOT_FOUND: the unexplained refusals of earlier soaks. Such a chain is cut at the
 * submission for a customer an approval it sent already claims.
 */
export function sendableSteps(steps: readonly PlannedStep[]): PlannedStep[] {
  const cut = new Set<string>();
  const claimedDomains = new Set<string>();
  const domainOf = new Map<string, string>();
  return steps.filter((planned) => {
    if (cut.has(planned.chain)) return false;
    const { step } = planned;
    if (step.kind === 'submit') {
      if (claimedDomains.has(step.customer.domain)) {
        cut.add(planned.chain);
        return false;
      }
      domainOf.set(step.registrationId, step.customer.domain);
    }
    const domain = step.kind === 'approve' ? domainOf.get(step.registrationId) : undefined;
    // An approval the plan expects to be refused (the conflicting rival) claims nothing.
    if (domain !== undefined && !planned.expect) claimedDomains.add(domain);
    return true;
  });
}
