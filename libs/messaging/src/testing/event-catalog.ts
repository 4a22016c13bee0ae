import type {
  CampaignEvent,
  CustomerLockEvent,
  DealEvent,
  FirstStatementEvent,
  MdfEvent,
  PartnerEvent,
  ProgramEvent,
  RegistrationEvent,
  StatementEvent,
} from '#domain';
import type { DomainEvent } from '#domain';

/**
 * One example of every event type on the Kafka topics (DESIGN §4), from which docs/asyncapi.yaml is
 * generated (asyncapi.spec.ts keeps the file in step). Examples of implemented types are typed against
 * the domain's event unions, so a change to an event's data fails the typecheck here until the consumer
 * documentation says the same. A type the domain does not define yet would be listed with the status
 * "planned" (its shape following DESIGN §4) and is marked as such in the documentation; none is today.
 */
export interface CatalogEntry {
  readonly type: string;
  /** An example stream; its category (before the first "-") is the topic. */
  readonly stream: string;
  readonly summary: string;
  readonly status: 'implemented' | 'planned';
  readonly data: unknown;
  /** Data fields that may be absent. */
  readonly optional: readonly string[];
  /** Data fields described in words, shown as a list or an object without an inferred schema. */
  readonly opaque?: Readonly<Record<string, string>>;
  /** Data fields that may be null (the example shows a value). */
  readonly nullable?: readonly string[];
  /** Optional data fields the example does not show (they come instead of one it shows), with a value of each. */
  readonly unshown?: Readonly<Record<string, unknown>>;
  /** Who the example's metadata names, when the ledger appends the event itself. */
  readonly actor?: { readonly actor: string; readonly actorRole: string };
}

type Documented = Pick<CatalogEntry, 'opaque' | 'nullable' | 'unshown' | 'actor'>;

function implemented<Event extends DomainEvent>(
  stream: string,
  summary: string,
  event: Event,
  optional: readonly string[] = [],
  documented: Documented = {},
): CatalogEntry {
  return { type: event.type, stream, summary, status: 'implemented', data: event.data, optional, ...documented };
}

const partner = 'partner-p-100';
const registration = 'registration-r-200';
const customer = 'customer-globex.com';
const deal = 'deal-d-300';
const campaign = 'campaign-c-400';
const mdf = 'mdf-p-100';
const statement = 'statement-p-100-2026-Q1';
const globex = { name: 'Globex Corporation', domain: 'www.Globex.com' };

export const eventCatalog: readonly CatalogEntry[] = [
  implemented<PartnerEvent>(partner, 'A partner joined the program.', {
    type: 'PartnerEnrolled',
    data: {
      partnerId: 'p-100',
      name: 'Northwind Resellers',
      kind: 'reseller',
      region: 'EMEA',
      enrolledAt: '2026-01-05',
    },
  }),
  implemented<PartnerEvent>(
    partner,
    'The partner may no longer register or be credited on new deals until reinstated.',
    {
      type: 'PartnerSuspended',
      data: { partnerId: 'p-100', reason: 'Compliance review', suspendedAt: '2026-03-02' },
    },
  ),
  implemented<PartnerEvent>(
    partner,
    'A suspended partner is active again.',
    {
      type: 'PartnerReinstated',
      data: { partnerId: 'p-100', reason: 'Review closed', reinstatedAt: '2026-03-20' },
    },
    ['reason'],
  ),
  implemented<PartnerEvent>(partner, 'The partner left the program; unvested commission is accelerated or forfeited.', {
    type: 'PartnerOffboarded',
    data: { partnerId: 'p-100', settlement: 'accelerate', offboardedAt: '2026-12-31' },
  }),
  implemented<PartnerEvent>(partner, "Ops set the partner's tier by hand until a date, overriding the earned tier.", {
    type: 'TierOverridden',
    data: {
      partnerId: 'p-100',
      tier: 'gold',
      until: '2026-06-30',
      reason: 'Strategic launch partner',
      overriddenAt: '2026-02-01',
    },
  }),

  implemented<RegistrationEvent>(registration, 'A partner registered a deal it is working on.', {
    type: 'DealRegistrationSubmitted',
    data: {
      registrationId: 'r-200',
      partnerId: 'p-100',
      customer: globex,
      customerKey: 'globex.com',
      productFamily: 'software',
      estimatedValue: '120000.00',
      currency: 'USD',
      expectedCloseDate: '2026-05-29',
      submittedAt: '2026-02-02',
    },
  }),
  implemented<RegistrationEvent>(
    registration,
    'The registration was approved; the partner is protected on this customer until the date.',
    {
      type: 'DealRegistrationApproved',
      data: {
        registrationId: 'r-200',
        partnerId: 'p-100',
        customerKey: 'globex.com',
        protectedUntil: '2026-05-03',
        approvedAt: '2026-02-02',
      },
    },
  ),
  implemented<RegistrationEvent>(
    registration,
    'The registration was rejected (for example, another partner holds the customer).',
    {
      type: 'DealRegistrationRejected',
      data: {
        registrationId: 'r-201',
        partnerId: 'p-101',
        reason: 'The customer is protected by another registration',
        rejectedAt: '2026-02-03',
      },
    },
  ),

  implemented<RegistrationEvent>(
    registration,
    'A partner manager extended the protection once, with a reason: protectedUntil is the new last protected ' +
      'day. No event marks expiry: a registration reads "expired" once the date is past its protectedUntil.',
    {
      type: 'DealRegistrationExtended',
      data: {
        registrationId: 'r-200',
        partnerId: 'p-100',
        customerKey: 'globex.com',
        previousProtectedUntil: '2026-05-03',
        protectedUntil: '2026-08-01',
        reason: 'Procurement moved the signature to next quarter',
        extendedAt: '2026-04-20',
      },
    },
  ),

  implemented<CustomerLockEvent>(
    customer,
    'The customer is locked to one approved registration for its protection window (channel conflict).',
    {
      type: 'CustomerClaimed',
      data: {
        customerKey: 'globex.com',
        registrationId: 'r-200',
        partnerId: 'p-100',
        protectedUntil: '2026-05-03',
        claimedAt: '2026-02-02',
      },
    },
  ),
  implemented<CustomerLockEvent>(
    customer,
    'The lock on the customer ended (deal closed, registration withdrawn or window over).',
    {
      type: 'CustomerReleased',
      data: { customerKey: 'globex.com', registrationId: 'r-200', releasedAt: '2026-05-04' },
    },
  ),
  implemented<CustomerLockEvent>(
    customer,
    'The claim of the registration holding the customer now protects it through a later date (its one extension).',
    {
      type: 'CustomerClaimExtended',
      data: {
        customerKey: 'globex.com',
        registrationId: 'r-200',
        protectedUntil: '2026-08-01',
        extendedAt: '2026-04-20',
      },
    },
  ),
  implemented<CustomerLockEvent>(customer, 'A partner manager declared a subdomain a separate customer.', {
    type: 'CustomerDivisionDeclared',
    data: {
      customerKey: 'globex.com',
      division: 'eu.globex.com',
      reason: 'Globex Europe buys separately',
      declaredAt: '2026-02-01',
    },
  }),

  implemented<DealEvent>(
    deal,
    'A deal was opened with the partners credited on it and their shares (summing to 1).',
    {
      type: 'DealOpened',
      data: {
        dealId: 'd-300',
        registrationId: 'r-200',
        customer: globex,
        customerKey: 'globex.com',
        partners: [
          { partnerId: 'p-100', role: 'sourcing', share: '0.7' },
          { partnerId: 'p-102', role: 'influencing', share: '0.3' },
        ],
        currency: 'EUR',
        openedAt: '2026-02-10',
      },
    },
    ['registrationId'],
  ),
  implemented<DealEvent>(
    deal,
    'Recorded with a direct DealOpened: a partner manager overrode another partner’s protection of the customer, ' +
      'with a reason; registrationId and partnerId name the protection overridden.',
    {
      type: 'DealProtectionOverridden',
      data: {
        dealId: 'd-301',
        customerKey: 'globex.com',
        registrationId: 'r-200',
        partnerId: 'p-100',
        protectedUntil: '2026-05-03',
        reason: 'The customer chose to buy through its existing reseller, in writing',
        overriddenAt: '2026-02-12',
      },
    },
  ),
  implemented<DealEvent>(deal, 'The deal moved to another sales stage.', {
    type: 'DealStageAdvanced',
    data: { dealId: 'd-300', stage: 'proposal', advancedAt: '2026-03-01' },
  }),
  implemented<DealEvent>(
    deal,
    'The deal was won: the revenue lines commission is computed from (motion "new").',
    {
      type: 'DealWon',
      data: {
        dealId: 'd-300',
        lines: [
          { sku: 'PLAT-ENT', family: 'software', amount: '90000.00', discount: '0.10' },
          { sku: 'ONBOARD', family: 'services', amount: '12500.00', discount: '0' },
        ],
        fxRate: '1.0850',
        programCurrency: 'USD',
        billing: 'recurring',
        termMonths: 12,
        wonAt: '2026-03-27',
      },
    },
    ['fxRate', 'termMonths'],
  ),
  implemented<DealEvent>(deal, 'The deal was lost.', {
    type: 'DealLost',
    data: { dealId: 'd-301', reason: 'Chose a competitor', lostAt: '2026-03-15' },
  }),
  implemented<DealEvent>(
    deal,
    'The customer renewed (motion "renewal").',
    {
      type: 'DealRenewed',
      data: {
        dealId: 'd-300',
        lines: [{ sku: 'PLAT-ENT', family: 'software', amount: '95000.00', discount: '0.05' }],
        fxRate: '1.0790',
        programCurrency: 'USD',
        termMonths: 12,
        renewedAt: '2027-03-27',
      },
    },
    ['fxRate', 'termMonths'],
  ),
  implemented<DealEvent>(
    deal,
    'The customer bought more (motion "expansion").',
    {
      type: 'DealExpanded',
      data: {
        dealId: 'd-300',
        lines: [{ sku: 'SEATS-50', family: 'software', amount: '18000.00', discount: '0' }],
        fxRate: '1.0810',
        programCurrency: 'USD',
        expandedAt: '2026-09-14',
      },
    },
    ['fxRate'],
  ),
  implemented<DealEvent>(
    deal,
    'Money was refunded; commission inside the clawback window is clawed back in proportion.',
    {
      type: 'DealRefunded',
      data: { dealId: 'd-300', amount: '12500.00', fxRate: '1.0800', programCurrency: 'USD', refundedAt: '2026-05-06' },
    },
    ['fxRate'],
  ),
  implemented<DealEvent>(deal, 'The customer churned; commission earned inside the clawback window is reversed.', {
    type: 'DealChurned',
    data: { dealId: 'd-300', churnedAt: '2026-07-31' },
  }),

  implemented<ProgramEvent>(
    'program',
    'A versioned rule set was published, in force from its effective date (DESIGN §5).',
    {
      type: 'RuleSetPublished',
      data: {
        version: '2026.2',
        effectiveFrom: '2026-04-01',
        rules: {
          version: '2026.2',
          effectiveFrom: '2026-04-01',
          currency: 'USD',
          rounding: 'HALF_EVEN',
          tiers: [
            { name: 'registered', requirements: {} },
            { name: 'silver', requirements: { trailingRevenue: '100000', wonDeals: 3 } },
          ],
          tierEvaluation: { trailingQuarters: 4, demotionGraceQuarters: 1 },
          commission: {
            rates: { registered: '0.05', silver: '0.10' },
            familyRates: {},
            roleMultipliers: { sourcing: '1', influencing: '0.5' },
            motionMultipliers: { new: '1', renewal: '0.5', expansion: '0.75' },
            accelerators: [],
            discountPolicy: { maxDiscount: '0.20', multiplierAbove: '0.5' },
            caps: { perDeal: '25000', perQuarter: '100000' },
            holdbackDays: 60,
            clawbackDays: 180,
          },
          mdf: { accrualRates: { registered: '0', silver: '0.01' } },
          registration: { protectionDays: 90 },
        },
        rationale: 'Raise the silver rate for Q2',
        publishedAt: '2026-03-18',
      },
    },
    [],
    {
      opaque: {
        rules:
          'The validated rule-set document (DESIGN §5): tiers, rates, multipliers, caps, MDF accrual, ' +
          'registration protection. Rates and amounts are decimal strings.',
      },
    },
  ),
  implemented<ProgramEvent>(
    'program',
    'A quarter was closed: nothing more may be recorded in it, statements can be issued and tiers are evaluated.',
    {
      type: 'PeriodClosed',
      data: { period: '2026-Q1', closedAt: '2026-04-03' },
    },
  ),

  implemented<CampaignEvent>(
    campaign,
    'A joint marketing campaign was proposed (by the partner for itself, or a partner manager), budgeted in the ' +
      'program currency and split into milestones that sum to the budget.',
    {
      type: 'CampaignProposed',
      data: {
        campaignId: 'c-400',
        partnerId: 'p-100',
        name: 'Spring webinars',
        currency: 'USD',
        budget: '15000.00',
        goals: { leads: 120, pipeline: '400000.00' },
        milestones: [
          { id: 'm-1', amount: '5000.00' },
          { id: 'm-2', amount: '10000.00' },
        ],
        proposedAt: '2026-02-12',
      },
    },
  ),
  implemented<CampaignEvent>(
    campaign,
    "The campaign was approved; its budget was committed from the partner's MDF just before (MdfCommitted).",
    {
      type: 'CampaignApproved',
      data: { campaignId: 'c-400', partnerId: 'p-100', budget: '15000.00', approvedAt: '2026-02-15' },
    },
  ),
  implemented<CampaignEvent>(
    campaign,
    'A milestone was delivered, with evidence; its amount is released from the fund next (MdfReleased).',
    {
      type: 'CampaignMilestoneCompleted',
      data: {
        campaignId: 'c-400',
        partnerId: 'p-100',
        milestoneId: 'm-1',
        amount: '5000.00',
        evidence: 'https://files.example/webinar-report.pdf',
        completedAt: '2026-03-10',
      },
    },
  ),
  implemented<CampaignEvent>(
    campaign,
    "A deal or a registration of the campaign's partner was attributed to the campaign (goal attainment and ROI); " +
      'exactly one of dealId and registrationId is present.',
    {
      type: 'CampaignLeadAttributed',
      data: { campaignId: 'c-400', partnerId: 'p-100', dealId: 'd-300', attributedAt: '2026-03-12' },
    },
    ['dealId', 'registrationId'],
    { unshown: { registrationId: 'r-200' } },
  ),
  implemented<CampaignEvent>(
    campaign,
    'The campaign ended. amountUnspent is the budget of the milestones never completed, given back to the fund when ' +
      'it was committed (MdfDecommitted); wasApproved tells a withdrawn proposal from a finished campaign.',
    {
      type: 'CampaignClosed',
      data: {
        campaignId: 'c-400',
        partnerId: 'p-100',
        wasApproved: true,
        reason: 'Season over',
        amountUnspent: '10000.00',
        closedAt: '2026-06-30',
      },
    },
    ['reason'],
  ),

  implemented<MdfEvent>(
    mdf,
    "MDF accrued on won, renewed or expanded revenue at the tier's accrual rate under the rules in force then " +
      '(appended by the MDF accrual reactor; at most once per source event).',
    {
      type: 'MdfAccrued',
      data: {
        partnerId: 'p-100',
        sourceEventId: '0f8a4f6e-3f7c-5b8e-9d4a-6c1b2e3f4a5b',
        dealId: 'd-300',
        amount: '1013.26',
        currency: 'USD',
        businessDate: '2026-03-27',
        ruleSetVersion: '2026.1',
        tier: 'silver',
        rate: '0.01',
        accruedAt: '2026-03-27',
      },
    },
    [],
    { actor: { actor: 'system:mdf-accrual-reactor', actorRole: 'admin' } },
  ),
  implemented<MdfEvent>(
    mdf,
    'The budget of a campaign being approved was committed from the fund (never beyond what is available).',
    {
      type: 'MdfCommitted',
      data: { partnerId: 'p-100', campaignId: 'c-400', amount: '15000.00', currency: 'USD', committedAt: '2026-02-15' },
    },
  ),
  implemented<MdfEvent>(
    mdf,
    "A completed milestone's amount was released from the campaign's commitment: the partner may claim it.",
    {
      type: 'MdfReleased',
      data: {
        partnerId: 'p-100',
        campaignId: 'c-400',
        milestoneId: 'm-1',
        amount: '5000.00',
        currency: 'USD',
        releasedAt: '2026-03-10',
      },
    },
  ),
  implemented<MdfEvent>(
    mdf,
    'The partner claimed reimbursement of released funds, with evidence (never beyond what is released to the ' +
      'campaign and not yet claimed).',
    {
      type: 'MdfClaimSubmitted',
      data: {
        partnerId: 'p-100',
        claimId: 'cl-1',
        campaignId: 'c-400',
        amount: '5000.00',
        currency: 'USD',
        evidence: 'Invoice INV-2026-118',
        submittedAt: '2026-03-11',
      },
    },
  ),
  implemented<MdfEvent>(mdf, "The claim was approved; it is paid as a line of the partner's next payout statement.", {
    type: 'MdfClaimApproved',
    data: {
      partnerId: 'p-100',
      claimId: 'cl-1',
      campaignId: 'c-400',
      amount: '5000.00',
      currency: 'USD',
      approvedAt: '2026-03-14',
    },
  }),
  implemented<MdfEvent>(mdf, 'The claim was rejected; its amount can be claimed again.', {
    type: 'MdfClaimRejected',
    data: {
      partnerId: 'p-100',
      claimId: 'cl-2',
      campaignId: 'c-400',
      amount: '800.00',
      currency: 'USD',
      reason: 'Missing invoice',
      rejectedAt: '2026-03-14',
    },
  }),
  implemented<MdfEvent>(
    mdf,
    "A closed campaign's commitment less its completed milestones went back to the available fund.",
    {
      type: 'MdfDecommitted',
      data: {
        partnerId: 'p-100',
        campaignId: 'c-400',
        amount: '10000.00',
        currency: 'USD',
        decommittedAt: '2026-07-01',
      },
    },
  ),
  implemented<MdfEvent>(
    mdf,
    "An approved claim was paid as a line of the payout statement statementId, on that statement's payment date.",
    {
      type: 'MdfClaimPaid',
      data: {
        partnerId: 'p-100',
        claimId: 'cl-1',
        campaignId: 'c-400',
        amount: '5000.00',
        currency: 'USD',
        statementId: 'p-100-2026-Q1',
        paidAt: '2026-04-15',
      },
    },
  ),

  implemented<StatementEvent>(
    statement,
    'A payout statement for a closed quarter: the snapshot of its lines with their provenance and totals (total = ' +
      'the sum of the lines). Never edited; later corrections are lines of a later statement.',
    {
      type: 'PayoutStatementIssued',
      data: {
        statementId: 'p-100-2026-Q1',
        partnerId: 'p-100',
        period: '2026-Q1',
        currency: 'USD',
        lines: [
          {
            lineId: '2b1f0c9e-8d7a-5e6f-a4b3-c2d1e0f9a8b7:p-100',
            kind: 'commission',
            amount: '6835.50',
            description: 'Commission on deal d-300: DealWon of 2026-01-27, rule set 2026.1, tier silver',
            commission: {
              lineId: '2b1f0c9e-8d7a-5e6f-a4b3-c2d1e0f9a8b7:p-100',
              kind: 'earned',
              revision: 1,
              partnerId: 'p-100',
              dealId: 'd-300',
              source: {
                eventId: '2b1f0c9e-8d7a-5e6f-a4b3-c2d1e0f9a8b7',
                position: '1042',
                stream: 'deal-d-300',
                type: 'DealWon',
              },
              businessDate: '2026-01-27',
              period: '2026-Q1',
              vestsOn: '2026-03-28',
              currency: 'USD',
              amount: '6835.50',
              ruleSet: { version: '2026.1', effectiveFrom: '2026-01-01' },
              tier: { name: 'silver', basis: 'earned', since: '2026-01-01', note: null },
              components: {
                standard: '6835.5',
                accelerated: '0',
                cappedPerDeal: '0',
                cappedPerQuarter: '0',
                reversal: '0',
                rounding: '0',
              },
              rounding: {
                mode: 'HALF_EVEN',
                decimalPlaces: 2,
                unrounded: '6835.5',
                rounded: '6835.50',
                adjustment: '0',
              },
              earned: null,
              reversal: null,
              explanation: [
                'DealWon of 2026-01-27 on deal d-300, partner p-100 (sourcing, share 1), ' +
                  'tier silver under rule set 2026.1.',
              ],
            },
          },
          {
            lineId: 'dispute:p-100-2025-Q4:9c4e2a10-1f3b-5d6e-8a7b-0c1d2e3f4a5b:p-100:1',
            kind: 'adjustment',
            amount: '-120.00',
            description:
              'Dispute 1 of line 9c4e2a10-1f3b-5d6e-8a7b-0c1d2e3f4a5b:p-100 ' +
              '(statement p-100-2025-Q4) resolved with an adjustment',
            adjustment: {
              reason: 'dispute',
              adjusts: {
                statementId: 'p-100-2025-Q4',
                lineId: '9c4e2a10-1f3b-5d6e-8a7b-0c1d2e3f4a5b:p-100',
                amount: '1200.00',
              },
              dispute: {
                disputeNumber: 1,
                disputeReason: 'Discount was 15%, not 5%',
                resolvedBy: 'fiona',
                resolvedAt: '2026-01-20',
              },
            },
          },
          {
            lineId: 'mdf-claim:cl-1',
            kind: 'mdf_claim',
            amount: '5000.00',
            description: 'MDF claim cl-1 for campaign c-400, approved 2026-03-14',
            claim: {
              claimId: 'cl-1',
              campaignId: 'c-400',
              evidence: 'Invoice INV-2026-0311',
              approvedAt: '2026-03-14',
            },
          },
        ],
        subtotals: {
          carry_forward: '0.00',
          commission: '6835.50',
          clawback: '0.00',
          adjustment: '-120.00',
          mdf_claim: '5000.00',
        },
        total: '11715.50',
        payable: '11715.50',
        carriedForward: '0.00',
        issuedBy: 'fiona',
        issuedAt: '2026-04-05',
      },
    },
    [],
    {
      opaque: {
        lines:
          'The snapshot: an array of lines ordered by business date, then lineId. Every line has lineId (unique ' +
          "across the partner's statements), kind (carry_forward, commission, clawback, adjustment, mdf_claim), " +
          'amount (signed decimal string) and description. ' +
          "commission and clawback lines carry `commission`: the engine's line whole (source event id, position, " +
          'stream and type, deal, rule-set version, tier, components, rounding, explanation). ' +
          'adjustment lines carry `adjustment`: reason recomputation (adjusts the line as issued, amountBefore, ' +
          'recomputed: the new computation or null) or dispute (adjusts the disputed line, dispute: number, reason, ' +
          'resolvedBy, resolvedAt, note?). ' +
          'mdf_claim lines carry `claim` {claimId, campaignId, evidence, approvedAt}; carry_forward lines carry ' +
          '`carryForward` {statementId, period}.',
      },
    },
  ),
  implemented<StatementEvent>(
    statement,
    'A second finance user (not the issuer) approved the statement; no dispute was open.',
    {
      type: 'PayoutStatementApproved',
      data: {
        statementId: 'p-100-2026-Q1',
        partnerId: 'p-100',
        period: '2026-Q1',
        approvedBy: 'frank',
        approvedAt: '2026-04-07',
      },
    },
  ),
  implemented<StatementEvent>(
    statement,
    'The statement was paid: its payable amount, with the payment reference and date. The MDF claims on it are ' +
      'marked paid on the mdf topic.',
    {
      type: 'PayoutStatementPaid',
      data: {
        statementId: 'p-100-2026-Q1',
        partnerId: 'p-100',
        period: '2026-Q1',
        amount: '11715.50',
        currency: 'USD',
        paymentReference: 'SEPA-2026-04-0915',
        paidAt: '2026-04-15',
        paidBy: 'fiona',
      },
    },
  ),
  implemented<StatementEvent>(
    statement,
    'The partner disputed a line of the statement; approval and payment wait until the dispute is resolved.',
    {
      type: 'PayoutLineDisputed',
      data: {
        statementId: 'p-100-2026-Q1',
        partnerId: 'p-100',
        lineId: '2b1f0c9e-8d7a-5e6f-a4b3-c2d1e0f9a8b7:p-100',
        disputeNumber: 1,
        reason: 'Discount was 5%, not 10%',
        disputedBy: 'pat',
        disputedAt: '2026-04-08',
      },
    },
  ),
  implemented<StatementEvent>(
    statement,
    'Finance resolved the dispute: upheld (adjustment null), or adjusted, in which case the adjustment is a line of ' +
      "the partner's next statement, linked to the disputed line.",
    {
      type: 'PayoutDisputeResolved',
      data: {
        statementId: 'p-100-2026-Q1',
        partnerId: 'p-100',
        lineId: '2b1f0c9e-8d7a-5e6f-a4b3-c2d1e0f9a8b7:p-100',
        disputeNumber: 1,
        outcome: 'adjusted',
        adjustment: '379.75',
        note: 'Deal desk confirmed the discount',
        resolvedBy: 'fiona',
        resolvedAt: '2026-04-20',
      },
    },
    ['note'],
    { nullable: ['adjustment'] },
  ),
  implemented<FirstStatementEvent>(
    'statement-p-100-first',
    "The period of the partner's first statement, claimed just before that statement is issued (on " +
      '`statement-<partnerId>-first`), so two processes cannot both issue a first statement for two periods.',
    { type: 'FirstStatementClaimed', data: { partnerId: 'p-100', period: '2026-Q1', claimedAt: '2026-04-03' } },
  ),
];
