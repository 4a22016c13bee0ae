import {
  addDays,
  daysBetween,
  Decimal,
  formatDecimal,
  formatMoney,
  minorUnits,
  nextPeriod,
  periodEnd,
  periodOf,
  periodStart,
  type Billing,
  type Customer,
  type DealLineInput,
  type DealPartner,
  type PartnerKind,
  type Settlement,
} from '#domain';
import { Random } from './prng.js';
import type { SeedRuleSetName } from './seed-rule-sets.js';

/**
 * The demo program as a plan: every command the seed sends, with its business date, in the order the
 * seed sends them. Planning is pure and deterministic (a function of the options only), so the same
 * `--seed` always sends the same commands with the same idempotency keys, and a re-run replays.
 *
 * The plan is a model of the world the domain will agree with: partners are active when a deal names
 * them, registrations are approved before a deal is opened from them and inside their protection,
 * nothing is dated in a quarter after it is closed. The only refusals it sends on purpose are the
 * approvals of conflicting registrations, which it declares (`expect`).
 */
export interface SeedOptions {
  /** Namespaces every id (`s<seed>-...`) and seeds the generator. */
  readonly seed: number;
  /** First day of the timeline (a business date). */
  readonly from: string;
  /** Calendar quarters the timeline spans, counting the quarter of `from`; all but the last are closed. */
  readonly quarters: number;
  /** About how many events to plan. */
  readonly events: number;
}

/** Who sends a command; the runner turns it into the request's actor. */
export type SeedActor = 'ops' | 'finance' | 'finance_approver' | 'partner_manager' | 'partner';

export type SeedStep =
  /** A rule set of seed-rule-sets.ts; the runner may rename the version when another document took it. */
  | {
      readonly kind: 'publish';
      readonly ruleSet: SeedRuleSetName;
      readonly version: string;
      readonly effectiveFrom: string;
      readonly corrects?: string;
    }
  | { readonly kind: 'close'; readonly period: string }
  | {
      readonly kind: 'enroll';
      readonly partnerId: string;
      readonly name: string;
      readonly partnerKind: PartnerKind;
      readonly region: string;
    }
  | { readonly kind: 'suspend'; readonly partnerId: string; readonly reason: string }
  | { readonly kind: 'reinstate'; readonly partnerId: string; readonly reason: string }
  | { readonly kind: 'offboard'; readonly partnerId: string; readonly settlement: Settlement }
  | {
      readonly kind: 'override';
      readonly partnerId: string;
      readonly tier: string;
      readonly until: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'submit';
      readonly registrationId: string;
      readonly partnerId: string;
      readonly customer: Customer;
      readonly productFamily: string;
      readonly estimatedValue: string;
      readonly currency: string;
      readonly expectedCloseDate: string;
    }
  | { readonly kind: 'approve'; readonly registrationId: string }
  | { readonly kind: 'reject'; readonly registrationId: string; readonly reason: string }
  | {
      readonly kind: 'open';
      readonly dealId: string;
      readonly registrationId?: string;
      readonly customer?: Customer;
      readonly partners?: DealPartner[];
      readonly currency: string;
    }
  | { readonly kind: 'stage'; readonly dealId: string; readonly stage: string }
  | {
      readonly kind: 'win';
      readonly dealId: string;
      readonly lines: DealLineInput[];
      readonly fxRate?: string;
      readonly billing: Billing;
      readonly termMonths?: number;
    }
  | { readonly kind: 'lose'; readonly dealId: string; readonly reason: string }
  | {
      readonly kind: 'renew';
      readonly dealId: string;
      readonly lines: DealLineInput[];
      readonly fxRate?: string;
      readonly termMonths: number;
    }
  | { readonly kind: 'expand'; readonly dealId: string; readonly lines: DealLineInput[]; readonly fxRate?: string }
  | { readonly kind: 'refund'; readonly dealId: string; readonly amount: string; readonly fxRate?: string }
  | { readonly kind: 'churn'; readonly dealId: string }
  /** Catch the read models and the MDF accrual reactor up, so the funds hold what was won so far. */
  | { readonly kind: 'sync' }
  /**
   * The budget is `share` of the fund available (accrued − committed) before the day, known only when
   * it is played; each milestone takes its `split` of it. Not sent (and the campaign's other steps with
   * it) when that is under 300.
   */
  | {
      readonly kind: 'proposeCampaign';
      readonly campaignId: string;
      readonly partnerId: string;
      readonly name: string;
      readonly share: string;
      readonly milestones: readonly { readonly id: string; readonly split: string }[];
      readonly leads: number;
    }
  | { readonly kind: 'approveCampaign'; readonly campaignId: string }
  | {
      readonly kind: 'completeMilestone';
      readonly campaignId: string;
      readonly milestoneId: string;
      readonly evidence: string;
    }
  /** Claims `fraction` of the milestone's amount. */
  | {
      readonly kind: 'submitClaim';
      readonly campaignId: string;
      readonly partnerId: string;
      readonly claimId: string;
      readonly milestoneId: string;
      readonly fraction: string;
      readonly evidence: string;
    }
  | { readonly kind: 'approveClaim'; readonly campaignId: string; readonly claimId: string }
  | { readonly kind: 'rejectClaim'; readonly campaignId: string; readonly claimId: string; readonly reason: string }
  | { readonly kind: 'attributeLead'; readonly campaignId: string; readonly registrationId: string }
  | { readonly kind: 'closeCampaign'; readonly campaignId: string; readonly reason: string }
  | { readonly kind: 'issueStatement'; readonly partnerId: string; readonly period: string }
  /** Disputes the statement's first commission line, when it has one. */
  | { readonly kind: 'disputeLine'; readonly partnerId: string; readonly period: string; readonly reason: string }
  | {
      readonly kind: 'resolveDispute';
      readonly partnerId: string;
      readonly period: string;
      readonly outcome: 'upheld' | 'adjusted';
      readonly adjustment?: string;
      readonly note: string;
    }
  | { readonly kind: 'approveStatement'; readonly partnerId: string; readonly period: string }
  | {
      readonly kind: 'payStatement';
      readonly partnerId: string;
      readonly period: string;
      readonly paymentReference: string;
    };

/**
 * The phases of a day, in order: catching the read models and the MDF reactor up (on the days that need
 * funds), program facts (rule sets, closes), partner administration, the day's business (registrations,
 * deals, campaigns), payout statements, and on the last day of the timeline a final catch-up, so the
 * accruals of its business are in the log too. Within a phase, chains run concurrently and the steps of
 * one chain in order.
 */
export const phases = ['reactors', 'program', 'partners', 'business', 'statements', 'closing'] as const;
export type Phase = (typeof phases)[number];

export interface PlannedStep {
  /** The business date: the virtual clock's day when the step is sent, and the date of the fact. */
  readonly date: string;
  readonly phase: Phase;
  /** Steps of one chain run in order; chains run concurrently (a customer's story, a partner, the program). */
  readonly chain: string;
  /** The Idempotency-Key; absent for program commands, whose handler keys are the same for every seed. */
  readonly key?: string;
  readonly actor: SeedActor;
  readonly step: SeedStep;
  /** How many events the step appends on a first run (an estimate for steps whose figures come from the log). */
  readonly events: number;
  /** Error codes this step is planned to be refused with (a conflicting approval; a re-run sees it rejected). */
  readonly expect?: readonly string[];
}

export interface SeedPartner {
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly region: string;
  readonly enrolledAt: string;
  /** How likely its deals are won. */
  readonly winRate: number;
  /** How much business it brings (Zipf: the partner ranked r brings 1/r of the biggest one's). */
  readonly weight: number;
  /** Days it cannot be named on new business: [from, until), until null for good. */
  readonly inactive: { from: string; until: string | null }[];
}

export interface SeedPlan {
  readonly options: SeedOptions;
  readonly start: string;
  readonly end: string;
  readonly partners: readonly SeedPartner[];
  /**
   * Every step, in the order the runner takes them: by date, then phase, then planning order. The runner takes
   * them out as it plays them (takeByDayAndPhase), so a plan that was played is empty.
   */
  readonly steps: PlannedStep[];
  /** The events of the planned steps, plus the MDF accruals the reactor is expected to append. */
  readonly eventsPlanned: number;
  readonly stories: number;
  readonly campaigns: number;
  readonly statements: number;
}

/** The default timeline: six quarters from 2025-01-01, the last one left open. */
export const seedDefaults = { seed: 1, from: '2025-01-01', quarters: 6, events: 3000 } as const;

export function timelineOf(options: Pick<SeedOptions, 'from' | 'quarters'>): {
  start: string;
  end: string;
  periods: string[];
} {
  const periods = [periodOf(options.from)];
  while (periods.length < options.quarters) periods.push(nextPeriod(periods.at(-1)!));
  return { start: options.from, end: periodEnd(periods.at(-1)!), periods };
}

const regions = [
  ['NA', 40],
  ['EMEA', 30],
  ['APAC', 20],
  ['LATAM', 10],
] as const satisfies readonly (readonly [string, number])[];

/** Deal currencies by region, and a rough rate to USD (the program currency) around which the seed moves. */
const currencies: Record<string, readonly (readonly [string, number])[]> = {
  NA: [
    ['USD', 88],
    ['CAD', 12],
  ],
  EMEA: [
    ['EUR', 60],
    ['GBP', 30],
    ['CHF', 10],
  ],
  APAC: [
    ['JPY', 35],
    ['AUD', 35],
    ['SGD', 30],
  ],
  LATAM: [
    ['BRL', 50],
    ['MXN', 20],
    ['USD', 30],
  ],
};
const usdRates: Record<string, number> = {
  USD: 1,
  CAD: 0.73,
  EUR: 1.08,
  GBP: 1.27,
  CHF: 1.12,
  JPY: 0.0067,
  AUD: 0.66,
  SGD: 0.74,
  BRL: 0.19,
  MXN: 0.055,
};

const partnerPrefixes = [
  'Northwind',
  'Bluepeak',
  'Cobalt',
  'Silverline',
  'Redwood',
  'Ironbridge',
  'Brightpath',
  'Harbor',
  'Summit',
  'Granite',
  'Lumen',
  'Atlas',
  'Meridian',
  'Keystone',
  'Evergreen',
  'Vantage',
  'Orbit',
  'Pinnacle',
  'Crescent',
  'Beacon',
  'Nimbus',
  'Sterling',
  'Quartz',
  'Tidal',
  'Aurora',
  'Falcon',
  'Cedar',
  'Polaris',
  'Vertex',
  'Sable',
];
const partnerCores = [
  'Systems',
  'Digital',
  'Cloud Partners',
  'Solutions',
  'Data Works',
  'Consulting',
  'Networks',
  'Integrators',
  'Technologies',
  'Software Group',
  'IT Services',
  'Analytics',
  'Security',
  'Labs',
  'Advisory',
];
const partnerSuffixes: Record<string, readonly string[]> = {
  NA: ['Inc.', 'LLC', 'Corp.'],
  EMEA: ['GmbH', 'Ltd', 'S.A.', 'B.V.', 'AB'],
  APAC: ['Pty Ltd', 'K.K.', 'Pte. Ltd.'],
  LATAM: ['Ltda.', 'S.A. de C.V.', 'S.A.'],
};
const customerFirst = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Wonka',
  'Gringotts',
  'Oscorp',
  'Monarch',
  'Pied',
  'Dunder',
  'Aperture',
  'Massive',
  'Nakatomi',
  'Zorg',
  'Virtucon',
  'Prestige',
  'Sirius',
  'Blue Sun',
  'Gekko',
  'Bluth',
  'Krusty',
  'Duff',
  'Octan',
];
const customerSecond = [
  'Logistics',
  'Health',
  'Retail',
  'Energy',
  'Bank',
  'Insurance',
  'Foods',
  'Motors',
  'Pharma',
  'Media',
  'Telecom',
  'Airlines',
  'Steel',
  'Shipping',
  'Hotels',
  'Mining',
  'Chemicals',
  'Textiles',
  'Robotics',
  'Biotech',
];
const families = [
  ['software', 60],
  ['services', 25],
  ['support', 15],
] as const satisfies readonly (readonly [string, number])[];
const skus: Record<string, readonly string[]> = {
  software: ['PL-CORE', 'PL-ANALYTICS', 'PL-SECURITY', 'PL-EDGE', 'PL-AUTOMATION'],
  services: ['SVC-IMPLEMENTATION', 'SVC-TRAINING', 'SVC-ADVISORY'],
  support: ['SUP-PREMIUM', 'SUP-STANDARD'],
};
const shareSplits: readonly (readonly string[])[] = [
  ['0.7', '0.3'],
  ['0.6', '0.4'],
  ['0.8', '0.2'],
  ['0.5', '0.3', '0.2'],
  ['0.6', '0.25', '0.15'],
];
const rejectionReasons = [
  'Existing direct account: the customer buys from us directly',
  'Insufficient qualification: no budget or timeline confirmed',
  'Duplicate of an opportunity already in the pipeline',
  'Customer outside the partner territory',
];
const lossReasons = [
  'Lost to a competitor on price',
  'No budget this fiscal year',
  'Project cancelled by the customer',
  'Customer stayed with the incumbent',
  'No decision: the champion left',
];
const suspensionReasons = [
  'Compliance review of deal registrations',
  'Overdue partner agreement renewal',
  'Customer complaint under investigation',
];

/** An approval refused because another registration holds the customer; a re-run finds it rejected instead. */
const conflictRefusals = ['REGISTRATION_CONFLICT', 'REGISTRATION_NOT_PENDING'] as const;

/** Business is planned this many days at most after a registration's approval, well inside any protection window. */
const openWithinDays = 30;
/**
 * An expired registration's customer is registered again this long after approval (past protections up to 120
 * days).
 */
const reRegisterAfterDays = [125, 160] as const;

export function planSeed(options: SeedOptions): SeedPlan {
  const { start, end, periods } = timelineOf(options);
  const ns = `s${options.seed}`;
  const builder = new PlanBuilder(end);

  // The program: launch rules on the first day, a change mid-timeline and its retroactive correction,
  // then each quarter but the last closed a few days after it ends.
  const versions = new VersionNames();
  const publish = (date: string, ruleSet: SeedRuleSetName, effectiveFrom: string, corrects?: string) => {
    const version = versions.next(effectiveFrom);
    builder.add({
      date,
      phase: 'program',
      chain: 'program',
      actor: 'ops',
      step: { kind: 'publish', ruleSet, version, effectiveFrom, ...(corrects ? { corrects } : {}) },
      events: 1,
    });
    return version;
  };
  publish(start, 'launch', start);
  const middle = Math.floor((periods.length - 1) / 2);
  const changeFrom = periodStart(periods[middle + 1]!);
  // Announced mid-quarter for the next one (never before the launch), then corrected three weeks in.
  const change = publish(maxDate(addDays(start, 1), addDays(periodStart(periods[middle]!), 44)), 'change', changeFrom);
  publish(addDays(changeFrom, 19), 'correction', changeFrom, change);
  for (const period of periods.slice(0, -1)) {
    builder.add({
      date: addDays(periodEnd(period), 4),
      phase: 'program',
      chain: 'program',
      actor: 'finance',
      step: { kind: 'close', period },
      events: 1,
    });
  }

  const partners = planPartners(options, ns, start, end, builder);
  const pool = new PartnerPool(partners);

  // Campaigns first (their leads are credited once the stories are known), then customers' stories until
  // the plan holds about the events asked for, counting what the statements of the partners booked so
  // far and the MDF accruals of their bookings will add, then the statements.
  const history = new StoryHistory(periods.slice(0, -1));
  const campaigns = planCampaigns(new Random(options.seed, 'campaigns'), {
    ns,
    periods,
    end,
    partners: pickCampaignPartners(partners),
    builder,
  });
  const leadsPerCampaign = 5;
  let stories = 0;
  let idle = 0;
  while (
    builder.events + history.eventsToFollow + campaigns.length * leadsPerCampaign < options.events &&
    idle < 1000
  ) {
    stories += 1;
    const before = builder.events;
    planStory(new Random(options.seed, 'story', stories), { ns, index: stories, start, end, pool, builder, history });
    idle = builder.events === before ? idle + 1 : 0;
  }
  const statements = planStatements(new Random(options.seed, 'statements'), { periods, partners, history, builder });
  creditLeads(campaigns, history, builder);
  // The funds are caught up on the days campaigns are proposed (planCampaigns) and once after the last
  // day's business, so every accrual of the timeline is in the log when the seed is done.
  builder.add({ date: end, phase: 'closing', chain: 'reactors', actor: 'ops', step: { kind: 'sync' }, events: 0 });

  return {
    options,
    start,
    end,
    partners,
    steps: builder.sorted(),
    eventsPlanned: Math.round(builder.events + history.accrualEvents),
    stories,
    campaigns: campaigns.length,
    statements,
  };
}

const holdbackDays = 60;
/** Issued, approved and paid, and now and then a dispute and its resolution. */
const eventsPerStatement = 3.16;
/** Measured: about half of the credits accrue in a small program, four in five in a large one. */
const accrualsPerCredit = 0.6;

/** What the stories leave behind that statements and campaigns build on. */
class StoryHistory {
  /** Each partner's first won, renewed or expanded business: its first commission line. */
  readonly firstBookings = new Map<string, string>();
  /** Each partner's registrations, by submission date: leads a campaign can be credited with. */
  readonly registrations = new Map<string, { registrationId: string; date: string }[]>();
  /** About how many events the statements of the partners booked so far will append. */
  statementEvents = 0;
  /**
   * About how many MDF accruals the reactor will append for the bookings so far: one per partner credited
   * on a booking while in a tier that accrues (silver and gold), which big partners mostly are.
   */
  accrualEvents = 0;

  constructor(private readonly closedPeriods: readonly string[]) {}

  /**
   * What the statements (planned last) and the MDF accruals (appended by the reactor) of the stories so far will
   * add.
   */
  get eventsToFollow(): number {
    return this.statementEvents + this.accrualEvents;
  }

  book(partnerId: string, date: string): void {
    this.accrualEvents += accrualsPerCredit;
    const first = this.firstBookings.get(partnerId);
    if (first !== undefined && first <= date) return;
    this.statementEvents +=
      (this.statementsFrom(date) - (first === undefined ? 0 : this.statementsFrom(first))) * eventsPerStatement;
    this.firstBookings.set(partnerId, date);
  }

  register(partnerId: string, registrationId: string, date: string): void {
    const list = this.registrations.get(partnerId);
    if (list) list.push({ registrationId, date });
    else this.registrations.set(partnerId, [{ registrationId, date }]);
  }

  /** The closed quarters by whose end a line booked on `date` has vested: each gets a statement. */
  private statementsFrom(date: string): number {
    const vested = addDays(date, holdbackDays);
    return this.closedPeriods.filter((period) => periodEnd(period) >= vested).length;
  }
}
const disputeReasons = [
  'The deal was co-sold: our share should be higher',
  'The tier applied should be gold for this quarter',
  'Discount policy applied twice on this deal',
];

/**
 * A statement for every closed quarter from the first one by whose end a line of the partner has vested
 * (its first booking plus the holdback), then every quarter after it (statements go period after period):
 * issued a few days after the close, a few disputed and resolved, approved by a second finance person, paid.
 */
function planStatements(
  random: Random,
  scope: { periods: readonly string[]; partners: readonly SeedPartner[]; history: StoryHistory; builder: PlanBuilder },
): number {
  const { periods, partners, history, builder } = scope;
  let count = 0;
  for (const partner of partners) {
    const first = history.firstBookings.get(partner.partnerId);
    if (first === undefined) continue;
    const chain = `statements:${partner.partnerId}`;
    for (const period of periods.slice(0, -1)) {
      if (addDays(first, holdbackDays) > periodEnd(period)) continue;
      const statementKey = `seed:statement-${partner.partnerId}-${period}`;
      const add = (days: number, action: string, actor: SeedActor, step: SeedStep, events: number) =>
        builder.add({
          date: addDays(periodEnd(period), days),
          phase: 'statements',
          chain,
          key: `${statementKey}:${action}`,
          actor,
          step,
          events,
        });
      if (!add(8, 'issue', 'finance', { kind: 'issueStatement', partnerId: partner.partnerId, period }, 1)) continue;
      count += 1;
      if (random.chance(0.08)) {
        add(
          9,
          'dispute',
          'partner',
          { kind: 'disputeLine', partnerId: partner.partnerId, period, reason: random.pick(disputeReasons) },
          1,
        );
        const adjusted = random.chance(0.4);
        add(
          11,
          'resolve',
          'finance',
          {
            kind: 'resolveDispute',
            partnerId: partner.partnerId,
            period,
            ...(adjusted
              ? {
                  outcome: 'adjusted' as const,
                  adjustment: random.pick(['25.00', '40.00', '75.50', '-15.00']),
                  note: 'Corrected after review with the partner manager',
                }
              : { outcome: 'upheld' as const, note: 'The line is correct as computed' }),
          },
          1,
        );
      }
      add(12, 'approve', 'finance_approver', { kind: 'approveStatement', partnerId: partner.partnerId, period }, 1);
      add(
        15,
        'pay',
        'finance',
        {
          kind: 'payStatement',
          partnerId: partner.partnerId,
          period,
          paymentReference: `PAY-${period}-${partner.partnerId}`,
        },
        1,
      );
    }
  }
  return count;
}

/** Big partners that stay active: their funds accrue (silver and gold rates) and they market jointly. */
function pickCampaignPartners(partners: readonly SeedPartner[]): SeedPartner[] {
  const count = Math.max(3, Math.round(partners.length / 20));
  return partners
    .filter((partner) => partner.kind !== 'technology' && partner.inactive.length === 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, count);
}

const campaignThemes = [
  'Cloud Migration Roadshow',
  'Security Awareness Webinars',
  'Analytics Summit Booth',
  'Lunch and Learn Series',
  'Edge Platform Digital Ads',
  'Customer Success Forum',
];
const milestoneEvidence = [
  'Webinar recording and attendee list',
  'Trade show booth invoice and scanned leads',
  'Email campaign report with sends and click-through',
  'Event venue invoice and sign-in sheets',
  'Ad platform report with impressions and leads',
];

/**
 * Campaigns for big partners from the third quarter on (once tiers with MDF accrual are earned), one at a
 * time per partner: proposed on a day the funds are caught up, approved, milestones completed (the last
 * one sometimes never is, and its budget goes back to the fund at the close), claims submitted and
 * approved (a few rejected), closed. Their leads are credited later (creditLeads).
 */
function planCampaigns(
  random: Random,
  scope: {
    ns: string;
    periods: readonly string[];
    end: string;
    partners: readonly SeedPartner[];
    builder: PlanBuilder;
  },
): PlannedCampaign[] {
  const { ns, periods, end, partners, builder } = scope;
  const first = periodStart(periods[Math.min(2, periods.length - 1)]!);
  const campaigns: PlannedCampaign[] = [];
  for (const partner of partners) {
    let proposedAt = addDays(first, random.int(0, 30));
    while (proposedAt <= end) {
      const campaignId = `${ns}-m${String(campaigns.length + 1).padStart(5, '0')}`;
      const campaign = planCampaign(random, builder, { campaignId, partner, proposedAt });
      campaigns.push(campaign);
      proposedAt = addDays(campaign.closedAt, random.int(10, 45));
    }
  }
  return campaigns;
}

/** Adds one step of a campaign's chain, keyed by the campaign and the action. */
type CampaignStepAdder = (date: string, action: string, actor: SeedActor, step: SeedStep, events: number) => boolean;

/** One campaign from its proposal to its close: proposed, approved, its milestones delivered and claimed, closed. */
function planCampaign(
  random: Random,
  builder: PlanBuilder,
  { campaignId, partner, proposedAt }: { campaignId: string; partner: SeedPartner; proposedAt: string },
): PlannedCampaign {
  const add: CampaignStepAdder = (date, action, actor, step, events) =>
    builder.add({
      date,
      phase: 'business',
      chain: campaignId,
      key: `seed:${campaignId}:${action}`,
      actor,
      step,
      events,
    });
  const splits = random.pick([
    ['0.5', '0.5'],
    ['0.4', '0.3', '0.3'],
    ['0.6', '0.4'],
  ]);
  const milestones = splits.map((split, index) => ({ id: `m${index + 1}`, split }));
  builder.add({
    date: proposedAt,
    phase: 'reactors',
    chain: 'reactors',
    actor: 'ops',
    step: { kind: 'sync' },
    events: 0,
  });
  add(
    proposedAt,
    'propose',
    random.chance(0.5) ? 'partner' : 'partner_manager',
    {
      kind: 'proposeCampaign',
      campaignId,
      partnerId: partner.partnerId,
      name: `${partner.name.split(' ')[0]!} ${random.pick(campaignThemes)} ${periodOf(proposedAt)}`,
      share: random.pick(['0.3', '0.4', '0.5']),
      milestones,
      leads: random.int(5, 40),
    },
    1,
  );
  const approvedAt = addDays(proposedAt, random.int(2, 6));
  add(approvedAt, 'approve', 'partner_manager', { kind: 'approveCampaign', campaignId }, 2);
  // The last milestone is sometimes never delivered: the campaign closes with it open.
  const delivered = random.chance(0.75) ? milestones : milestones.slice(0, -1);
  let at = approvedAt;
  for (const milestone of delivered) {
    at = addDays(at, random.int(15, 40));
    planMilestone(random, add, { campaignId, partnerId: partner.partnerId, milestoneId: milestone.id, at });
  }
  const closedAt = addDays(at, random.int(10, 30));
  add(
    closedAt,
    'close',
    'partner_manager',
    {
      kind: 'closeCampaign',
      campaignId,
      reason:
        delivered.length === milestones.length ? 'Campaign delivered' : 'Ended early: the last event was cancelled',
    },
    delivered.length === milestones.length ? 1 : 2,
  );
  return { campaignId, partnerId: partner.partnerId, approvedAt, closedAt };
}

/** A milestone completed on `at`, then its claim submitted and approved (one in ten rejected). */
function planMilestone(
  random: Random,
  add: CampaignStepAdder,
  {
    campaignId,
    partnerId,
    milestoneId,
    at,
  }: { campaignId: string; partnerId: string; milestoneId: string; at: string },
): void {
  add(
    at,
    `complete:${milestoneId}`,
    'partner_manager',
    {
      kind: 'completeMilestone',
      campaignId,
      milestoneId,
      evidence: random.pick(milestoneEvidence),
    },
    2,
  );
  const claimId = `${campaignId}-${milestoneId}`;
  const claimedAt = addDays(at, random.int(2, 8));
  add(
    claimedAt,
    `claim:${milestoneId}`,
    'partner',
    {
      kind: 'submitClaim',
      campaignId,
      partnerId,
      claimId,
      milestoneId,
      fraction: random.pick(['1', '0.95', '0.9', '0.8']),
      evidence: 'Invoices and proof of execution attached',
    },
    1,
  );
  const decidedAt = addDays(claimedAt, random.int(2, 7));
  if (random.chance(0.9))
    add(decidedAt, `approve-claim:${milestoneId}`, 'partner_manager', { kind: 'approveClaim', campaignId, claimId }, 1);
  else
    add(
      decidedAt,
      `reject-claim:${milestoneId}`,
      'partner_manager',
      { kind: 'rejectClaim', campaignId, claimId, reason: 'Invoices missing from the evidence' },
      1,
    );
}

interface PlannedCampaign {
  readonly campaignId: string;
  readonly partnerId: string;
  readonly approvedAt: string;
  readonly closedAt: string;
}

/** Registrations a partner submitted while its campaign ran are credited to the campaign as leads, the day after. */
function creditLeads(campaigns: readonly PlannedCampaign[], history: StoryHistory, builder: PlanBuilder): void {
  for (const { campaignId, partnerId, approvedAt, closedAt } of campaigns) {
    const leads = (history.registrations.get(partnerId) ?? [])
      .filter((registration) => registration.date > approvedAt && registration.date <= closedAt)
      .slice(0, 8);
    for (const lead of leads) {
      builder.add({
        date: addDays(lead.date, 1),
        phase: 'business',
        chain: campaignId,
        key: `seed:${campaignId}:attribute:${lead.registrationId}`,
        actor: 'partner_manager',
        step: { kind: 'attributeLead', campaignId, registrationId: lead.registrationId },
        events: 1,
      });
    }
  }
}

/** Rule-set versions named after the year they take effect: 2025.1, 2025.2, ... */
class VersionNames {
  private readonly used = new Map<string, number>();
  next(effectiveFrom: string): string {
    const year = effectiveFrom.slice(0, 4);
    const count = (this.used.get(year) ?? 0) + 1;
    this.used.set(year, count);
    return `${year}.${count}`;
  }
}

class PlanBuilder {
  private readonly steps: (PlannedStep & { order: number })[] = [];
  events = 0;
  constructor(private readonly end: string) {}

  /** Adds a step unless it falls after the timeline; returns whether it was added. */
  add(step: PlannedStep): boolean {
    if (step.date > this.end) return false;
    this.steps.push({ ...step, order: this.steps.length });
    this.events += step.events;
    return true;
  }

  sorted(): PlannedStep[] {
    const phaseIndex = (phase: Phase) => phases.indexOf(phase);
    return this.steps
      .sort((a, b) =>
        a.date < b.date ? -1 : a.date > b.date ? 1 : phaseIndex(a.phase) - phaseIndex(b.phase) || a.order - b.order,
      )
      .map(({ order: _order, ...step }) => step);
  }
}

function planPartners(
  options: SeedOptions,
  ns: string,
  start: string,
  end: string,
  builder: PlanBuilder,
): SeedPartner[] {
  const random = new Random(options.seed, 'partners');
  // About one partner per 250 events: at any size most partners stay registered or silver and a few
  // big ones reach gold, as in a real program.
  const count = Math.max(60, Math.round(options.events / 250));
  const span = daysBetween(start, end);
  const ranks = shuffledRanks(random, count);
  const partners = drawPartners(random, { ns, start, span, ranks });
  for (const partner of partners) {
    builder.add({
      date: partner.enrolledAt,
      phase: 'partners',
      chain: partner.partnerId,
      key: `seed:${partner.partnerId}:enroll`,
      actor: 'partner_manager',
      step: {
        kind: 'enroll',
        partnerId: partner.partnerId,
        name: partner.name,
        partnerKind: partner.kind,
        region: partner.region,
      },
      events: 1,
    });
  }

  // Administration: a few suspensions (most reinstated, some offboarded), a few partners leaving, and
  // tier overrides for strategic partners. Each partner gets at most one of these stories.
  const candidates = [...partners.slice(1)];
  const take = () => candidates.splice(random.int(0, candidates.length - 1), 1)[0]!;
  const administration: Administration = { random, start, span, builder };
  planSuspensions(administration, Math.max(2, Math.round(count / 30)), take);
  planDepartures(administration, Math.max(1, Math.round(count / 60)), take);
  planOverrides(administration, Math.max(2, Math.round(count / 40)), candidates);
  return partners;
}

/** Ranks 1..count shuffled, so the biggest partners are spread over kinds and regions. */
function shuffledRanks(random: Random, count: number): number[] {
  const ranks = Array.from({ length: count }, (_, index) => index + 1);
  for (let index = ranks.length - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [ranks[index], ranks[other]] = [ranks[other]!, ranks[index]!];
  }
  return ranks;
}

/** One partner per rank, with a unique name, a kind, a region and an enrolment date. */
function drawPartners(
  random: Random,
  { ns, start, span, ranks }: { ns: string; start: string; span: number; ranks: readonly number[] },
): SeedPartner[] {
  const names = new Set<string>();
  const partners: SeedPartner[] = [];
  for (let index = 1; index <= ranks.length; index += 1) {
    const kind: PartnerKind = index % 10 < 5 ? 'reseller' : index % 10 < 8 ? 'referral' : 'technology';
    const region = random.weighted(regions);
    let name = `${random.pick(partnerPrefixes)} ${random.pick(partnerCores)}`;
    if (names.has(name)) name = `${name} ${region}`;
    while (names.has(name)) name = `${name} ${random.int(2, 99)}`;
    names.add(name);
    // Most partners are there at launch; the rest join during the first half of the timeline.
    const enrolledAt = index === 1 || random.chance(0.8) ? start : addDays(start, random.int(7, Math.floor(span / 2)));
    partners.push({
      partnerId: `${ns}-p${String(index).padStart(4, '0')}`,
      name: `${name} ${random.pick(partnerSuffixes[region]!)}`,
      kind,
      region,
      enrolledAt,
      winRate: 0.45 + random.next() * 0.35,
      weight: 1 / ranks[index - 1]!,
      inactive: [],
    });
  }
  return partners;
}

interface Administration {
  readonly random: Random;
  readonly start: string;
  readonly span: number;
  readonly builder: PlanBuilder;
}

/** Suspensions: most reinstated after a few weeks, the rest offboarded. */
function planSuspensions(administration: Administration, suspensions: number, take: () => SeedPartner): void {
  const { random, start, span, builder } = administration;
  for (let index = 0; index < suspensions; index += 1) {
    const partner = take();
    const suspendedAt = addDays(maxDate(start, partner.enrolledAt), random.int(30, Math.max(31, span - 90)));
    const { partnerId } = partner;
    const admin = (date: string, step: SeedStep, action: string) => {
      const key = `seed:${partnerId}:${action}`;
      return builder.add({ date, phase: 'partners', chain: partnerId, key, actor: 'partner_manager', step, events: 1 });
    };
    const suspension: SeedStep = { kind: 'suspend', partnerId, reason: random.pick(suspensionReasons) };
    if (!admin(suspendedAt, suspension, 'suspend')) continue;
    if (random.chance(0.75)) {
      const reinstatedAt = addDays(suspendedAt, random.int(14, 60));
      partner.inactive.push({ from: suspendedAt, until: reinstatedAt });
      const reason = 'Review closed; partner back in good standing';
      admin(reinstatedAt, { kind: 'reinstate', partnerId, reason }, 'reinstate');
    } else {
      partner.inactive.push({ from: suspendedAt, until: null });
      const offboardedAt = addDays(suspendedAt, random.int(30, 90));
      admin(offboardedAt, { kind: 'offboard', partnerId, settlement: 'forfeit_unvested' }, 'offboard');
    }
  }
}

/** Partners leaving in the last third of the timeline, their unvested commission accelerated. */
function planDepartures(administration: Administration, departures: number, take: () => SeedPartner): void {
  const { random, start, span, builder } = administration;
  for (let index = 0; index < departures; index += 1) {
    const partner = take();
    const offboardedAt = addDays(start, random.int(Math.floor((span * 2) / 3), span - 5));
    partner.inactive.push({ from: offboardedAt, until: null });
    builder.add({
      date: offboardedAt,
      phase: 'partners',
      chain: partner.partnerId,
      key: `seed:${partner.partnerId}:offboard`,
      actor: 'partner_manager',
      step: { kind: 'offboard', partnerId: partner.partnerId, settlement: 'accelerate' },
      events: 1,
    });
  }
}

/** Overrides go to partners that stay active, among the bigger ones, after the launch rules are in force. */
function planOverrides(administration: Administration, overrides: number, candidates: readonly SeedPartner[]): void {
  const { random, start, builder } = administration;
  const big = candidates
    .filter((partner) => partner.kind !== 'technology')
    .sort((a, b) => b.weight - a.weight)
    .slice(0, overrides * 3);
  for (let index = 0; index < overrides && big.length > 0; index += 1) {
    const partner = big.splice(random.int(0, big.length - 1), 1)[0]!;
    const date = addDays(maxDate(start, partner.enrolledAt), random.int(20, 75));
    builder.add({
      date,
      phase: 'partners',
      chain: partner.partnerId,
      key: `seed:${partner.partnerId}:override`,
      actor: 'partner_manager',
      step: {
        kind: 'override',
        partnerId: partner.partnerId,
        tier: random.chance(0.6) ? 'gold' : 'silver',
        until: addDays(date, random.int(120, 240)),
        reason: `Strategic launch partner for ${partner.region}`,
      },
      events: 1,
    });
  }
}

/** Weighted choice of partners that are active over a span of days. */
class PartnerPool {
  private readonly cumulative: Record<'sourcing' | 'influencing', number[]>;

  constructor(private readonly partners: readonly SeedPartner[]) {
    // How well a kind fits a role: resellers and referral partners source, technology partners influence.
    const fit = {
      sourcing: (partner: SeedPartner) => (partner.kind === 'technology' ? 0.1 : 1),
      influencing: (partner: SeedPartner) => (partner.kind === 'technology' ? 3 : 0.4),
    };
    const running = (role: 'sourcing' | 'influencing') => {
      let total = 0;
      return partners.map((partner) => (total += partner.weight * fit[role](partner)));
    };
    this.cumulative = { sourcing: running('sourcing'), influencing: running('influencing') };
  }

  /**
   * A partner active from `from` through `through` (inclusive), other than `exclude`, weighted by its
   * size and by how well its kind fits the role; undefined when a few draws find none.
   */
  pick(
    random: Random,
    role: 'sourcing' | 'influencing',
    from: string,
    through: string,
    exclude: readonly string[] = [],
  ): SeedPartner | undefined {
    const cumulative = this.cumulative[role];
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const point = random.next() * cumulative.at(-1)!;
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (cumulative[middle]! > point) high = middle;
        else low = middle + 1;
      }
      const partner = this.partners[low]!;
      if (!exclude.includes(partner.partnerId) && isActive(partner, from, through)) return partner;
    }
    return undefined;
  }
}

function isActive(partner: SeedPartner, from: string, through: string): boolean {
  if (from < partner.enrolledAt) return false;
  return partner.inactive.every((span) => through < span.from || (span.until !== null && from >= span.until));
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

interface StoryScope {
  readonly ns: string;
  readonly index: number;
  readonly start: string;
  readonly end: string;
  readonly pool: PartnerPool;
  readonly builder: PlanBuilder;
  readonly history: StoryHistory;
}

/** What a customer's story adds to the plan: a step of its chain, or a registration submitted, approved, rejected. */
interface StoryActions {
  readonly step: (
    date: string,
    key: string,
    actor: SeedActor,
    planned: SeedStep,
    events: number,
    expect?: readonly string[],
  ) => boolean;
  readonly submit: (registrationId: string, partner: SeedPartner, date: string) => boolean;
  readonly approve: (registrationId: string, date: string) => boolean;
  readonly reject: (registrationId: string, date: string, reason: string) => boolean;
}

/** The customer a story sells to, and what. */
interface Sale {
  readonly customer: Customer;
  readonly family: string;
  readonly currency: string;
  readonly sizeUsd: number;
}

/** How a registered story begins: which path it takes, the partner who registers first, and when. */
interface RegistrationStory {
  readonly kind: 'registered' | 'conflict' | 'rejected' | 'expiring';
  readonly sourcing: SeedPartner;
  readonly id: string;
  readonly day0: string;
}

/** The approved registration that protects the customer when its deal opens. */
interface Protection {
  readonly holder: SeedPartner;
  readonly registrationId: string;
  readonly approvedAt: string;
}

/** One customer: its registrations (conflicting, rejected or expiring ones included) and its deal. */
function planStory(random: Random, scope: StoryScope): void {
  const { ns, index, start, end, pool } = scope;
  const span = daysBetween(start, end);
  // More business later in the timeline: density grows linearly to twice the first day's.
  const position = Math.sqrt(1 + 3 * random.next()) - 1;
  const day0 = addDays(start, 2 + Math.floor(position * Math.max(1, span - 3)));
  const id = String(index).padStart(6, '0');
  const chain = `${ns}-c${id}`;
  const sourcing = pool.pick(random, 'sourcing', day0, addDays(day0, 40));
  if (!sourcing) return;

  const region = random.chance(0.85) ? sourcing.region : random.weighted(regions);
  const currency = random.weighted(currencies[region]!);
  const first = random.pick(customerFirst);
  const second = random.pick(customerSecond);
  // One registrable domain per customer: registrations lock the eTLD+1, so `<name>.<ns>.example` would all be one.
  const customer: Customer = {
    name: `${first} ${second} ${random.pick(partnerSuffixes[region]!)}`,
    domain: `${slug(`${first}-${second}`)}-${id}-${ns}.example`,
  };
  const family = random.weighted(families);
  const sizeUsd = roundTo(random.skewed(30_000, 0.9), 100);
  const actions = storyActions(random, scope, chain, { customer, family, currency, sizeUsd });

  const dealId = `${ns}-d${id}`;
  const kind = random.weighted([
    ['registered', 50],
    ['conflict', 7],
    ['rejected', 10],
    ['expiring', 6],
    ['direct', 27],
  ] as const);

  if (kind === 'direct') {
    const partners = coSell(random, pool, sourcing, day0, random.chance(0.25));
    if (!partners) return;
    const open: SeedStep = { kind: 'open', dealId, customer, partners, currency };
    if (!actions.step(day0, `${dealId}:open`, 'partner_manager', open, 1)) return;
    const partnerIds = partners.map((partner) => partner.partnerId);
    planDeal(random, scope, chain, dealId, day0, { currency, family, sizeUsd, partnerIds });
    return;
  }

  const protection = planProtection(random, scope, actions, { kind, sourcing, id, day0 });
  if (!protection) return;
  const { holder, registrationId, approvedAt } = protection;
  const openedAt = addDays(approvedAt, random.int(1, openWithinDays));
  // Co-sold deals name the registering partner as sourcing plus influencers; others default to it alone.
  const partners = random.chance(0.4) ? coSellFrom(random, pool, holder, openedAt) : undefined;
  const open: SeedStep = { kind: 'open', dealId, registrationId, currency, ...(partners ? { partners } : {}) };
  if (!actions.step(openedAt, `${dealId}:open`, 'partner_manager', open, 1)) return;
  const partnerIds = partners?.map((partner) => partner.partnerId) ?? [holder.partnerId];
  planDeal(random, scope, chain, dealId, openedAt, { currency, family, sizeUsd, partnerIds }, holder.winRate);
}

/** The steps of one customer's chain, each recorded in the plan (and submissions in the story history). */
function storyActions(random: Random, scope: StoryScope, chain: string, sale: Sale): StoryActions {
  const { customer, family, currency, sizeUsd } = sale;
  const estimate = (date: string) => toCurrency(new Decimal(sizeUsd).times(0.8 + random.next() * 0.4), currency, date);
  const step: StoryActions['step'] = (date, key, actor, planned, events, expect) => {
    const refusals = expect ? { expect } : {};
    const phase = 'business';
    return scope.builder.add({ date, phase, chain, key: `seed:${key}`, actor, step: planned, events, ...refusals });
  };
  const submit = (registrationId: string, partner: SeedPartner, date: string) => {
    const byPartner = random.chance(0.5);
    const added = step(
      date,
      `${registrationId}:submit`,
      byPartner ? 'partner' : 'partner_manager',
      {
        kind: 'submit',
        registrationId,
        partnerId: partner.partnerId,
        customer,
        productFamily: family,
        estimatedValue: estimate(date),
        currency,
        expectedCloseDate: addDays(date, random.int(30, 120)),
      },
      1,
    );
    if (added) scope.history.register(partner.partnerId, registrationId, date);
    return added;
  };
  const approve = (registrationId: string, date: string) =>
    step(date, `${registrationId}:approve`, 'partner_manager', { kind: 'approve', registrationId }, 2);
  const reject = (registrationId: string, date: string, reason: string) =>
    step(date, `${registrationId}:reject`, 'partner_manager', { kind: 'reject', registrationId, reason }, 1);
  return { step, submit, approve, reject };
}

/** The registrations of a story, up to the approval its deal opens under; none when the story ends before. */
function planProtection(
  random: Random,
  scope: StoryScope,
  actions: StoryActions,
  story: RegistrationStory,
): Protection | undefined {
  const { kind, sourcing, id, day0 } = story;
  const registrationId = `${scope.ns}-r${id}`;
  if (!actions.submit(registrationId, sourcing, day0)) return undefined;
  if (kind === 'rejected') {
    actions.reject(registrationId, addDays(day0, random.int(1, 6)), random.pick(rejectionReasons));
    return undefined;
  }
  const approvedAt = addDays(day0, random.int(3, 5));
  if (kind === 'conflict') {
    planConflict(random, scope, actions, story, approvedAt);
    return { holder: sourcing, registrationId, approvedAt };
  }
  if (kind === 'expiring') return planExpiry(random, scope, actions, story, approvedAt);
  return actions.approve(registrationId, approvedAt) ? { holder: sourcing, registrationId, approvedAt } : undefined;
}

/**
 * A second partner registers the same customer before the first is approved: approving it is then
 * refused by the customer lock, and the manager rejects it.
 */
function planConflict(
  random: Random,
  scope: StoryScope,
  actions: StoryActions,
  story: RegistrationStory,
  approvedAt: string,
): void {
  const { sourcing, id, day0 } = story;
  const registrationId = `${scope.ns}-r${id}`;
  const rival = scope.pool.pick(random, 'sourcing', day0, addDays(day0, 2), [sourcing.partnerId]);
  if (!rival) {
    actions.approve(registrationId, approvedAt);
    return;
  }
  const rivalRegistration = `${scope.ns}-r${id}b`;
  actions.submit(rivalRegistration, rival, addDays(day0, random.int(0, 2)));
  actions.approve(registrationId, approvedAt);
  const attemptedAt = addDays(approvedAt, random.int(0, 2));
  const attempt: SeedStep = { kind: 'approve', registrationId: rivalRegistration };
  actions.step(attemptedAt, `${rivalRegistration}:approve`, 'partner_manager', attempt, 0, conflictRefusals);
  const reason = 'Channel conflict: the customer is protected by another partner registration';
  actions.reject(rivalRegistration, attemptedAt, reason);
}

/** Approved, then nothing happens: the protection lapses, and another partner registers the customer. */
function planExpiry(
  random: Random,
  scope: StoryScope,
  actions: StoryActions,
  story: RegistrationStory,
  approvedAt: string,
): Protection | undefined {
  const { sourcing, id } = story;
  if (!actions.approve(`${scope.ns}-r${id}`, approvedAt)) return undefined;
  const again = addDays(approvedAt, random.int(...reRegisterAfterDays));
  const holder = scope.pool.pick(random, 'sourcing', again, addDays(again, 40), [sourcing.partnerId]);
  if (!holder) return undefined;
  const registrationId = `${scope.ns}-r${id}e`;
  if (!actions.submit(registrationId, holder, again)) return undefined;
  const approvedAgainAt = addDays(again, random.int(1, 4));
  if (!actions.approve(registrationId, approvedAgainAt)) return undefined;
  return { holder, registrationId, approvedAt: approvedAgainAt };
}

function coSell(
  random: Random,
  pool: PartnerPool,
  sourcing: SeedPartner,
  date: string,
  influencingOnly: boolean,
): DealPartner[] | undefined {
  if (!influencingOnly)
    return (
      coSellFrom(random, pool, sourcing, date) ?? [{ partnerId: sourcing.partnerId, role: 'sourcing', share: '1' }]
    );
  const influencer = pool.pick(random, 'influencing', date, date);
  if (!influencer) return undefined;
  const second = random.chance(0.4) ? pool.pick(random, 'influencing', date, date, [influencer.partnerId]) : undefined;
  return second
    ? [
        { partnerId: influencer.partnerId, role: 'influencing', share: '0.5' },
        { partnerId: second.partnerId, role: 'influencing', share: '0.5' },
      ]
    : [{ partnerId: influencer.partnerId, role: 'influencing', share: '1' }];
}

/** The sourcing partner and one or two influencers, with a split that sums to exactly 1. */
function coSellFrom(random: Random, pool: PartnerPool, sourcing: SeedPartner, date: string): DealPartner[] | undefined {
  const split = random.pick(shareSplits);
  const partners: DealPartner[] = [{ partnerId: sourcing.partnerId, role: 'sourcing', share: split[0]! }];
  for (const share of split.slice(1)) {
    const influencer = pool.pick(
      random,
      'influencing',
      date,
      date,
      partners.map((partner) => partner.partnerId),
    );
    if (!influencer) return undefined;
    partners.push({ partnerId: influencer.partnerId, role: 'influencing', share });
  }
  return partners;
}

interface DealShape {
  readonly currency: string;
  readonly family: string;
  readonly sizeUsd: number;
  /** The partners the deal credits. */
  readonly partnerIds: readonly string[];
}

/** Adds a step of a deal's chain; returns whether it was added. */
type DealStepAdder = (date: string, action: string, step: SeedStep) => boolean;

/**
 * An opened deal's life: stages, won or lost, then for won deals refunds, and for subscriptions renewals,
 * expansions and churn.
 */
function planDeal(
  random: Random,
  scope: StoryScope,
  chain: string,
  dealId: string,
  openedAt: string,
  shape: DealShape,
  winRate = 0.6,
): void {
  const { builder } = scope;
  const add: DealStepAdder = (date, action, step) => {
    const key = `seed:${dealId}:${action}`;
    const added = builder.add({ date, phase: 'business', chain, key, actor: 'partner_manager', step, events: 1 });
    if (added && (step.kind === 'win' || step.kind === 'renew' || step.kind === 'expand')) {
      for (const partnerId of shape.partnerIds) scope.history.book(partnerId, date);
    }
    return added;
  };
  const won = random.chance(winRate);
  const decidedAt = addDays(openedAt, random.int(21, 120));
  const stages = won
    ? ['qualification', 'proposal', 'negotiation'].slice(random.int(0, 1))
    : ['qualification', 'proposal'].slice(0, random.int(0, 2));
  let stageAt = openedAt;
  for (const stage of stages) {
    stageAt = addDays(stageAt, random.int(1, Math.max(1, Math.floor(daysBetween(stageAt, decidedAt) / 2))));
    if (stageAt >= decidedAt || !add(stageAt, `stage:${stage}`, { kind: 'stage', dealId, stage })) break;
  }
  if (!won) {
    add(decidedAt, 'lose', { kind: 'lose', dealId, reason: random.pick(lossReasons) });
    return;
  }

  const { currency } = shape;
  const recurring = random.chance(0.55);
  const billing: Billing = recurring ? 'recurring' : 'one_time';
  const termMonths = recurring
    ? random.weighted([
        [12, 70],
        [24, 20],
        [36, 10],
      ] as const)
    : undefined;
  const lines = dealLines(random, shape, shape.sizeUsd, decidedAt);
  const fxRate = fxRateOf(currency, decidedAt);
  const term = termMonths === undefined ? {} : { termMonths };
  const win: SeedStep = { kind: 'win', dealId, lines, ...optionalRate(fxRate), billing, ...term };
  if (!add(decidedAt, 'win', win)) return;

  if (random.chance(0.08)) {
    const refundedAt = addDays(decidedAt, random.int(7, 150));
    const firstAmount = new Decimal(lines[0]!.amount);
    const amount = roundDown(firstAmount.times(0.1 + random.next() * 0.9), currency);
    if (amount.gt(0)) {
      const rate = optionalRate(fxRateOf(currency, refundedAt));
      add(refundedAt, 'refund', { kind: 'refund', dealId, amount: formatMoney(amount, currency), ...rate });
    }
  }
  if (!recurring || termMonths === undefined) return;
  planSubscription(random, scope, add, { dealId, shape, decidedAt, termMonths });
}

/** A won subscription: what it books after the win, and how it ends. */
interface Subscription {
  readonly dealId: string;
  readonly shape: DealShape;
  readonly decidedAt: string;
  readonly termMonths: number;
}

/** A subscription's renewals and expansions, in date order, until it churns or the timeline ends. */
function planSubscription(random: Random, scope: StoryScope, add: DealStepAdder, subscription: Subscription): void {
  const { dealId, shape, decidedAt, termMonths } = subscription;
  const { currency } = shape;
  // Churn: most at the end of a term (instead of renewing), some early, inside the clawback window.
  const churns = random.chance(0.15);
  const earlyChurn = churns && random.chance(0.4);
  const churnedAt = earlyChurn ? addDays(decidedAt, random.int(30, 170)) : undefined;
  const termDays = Math.round((termMonths * 365) / 12);
  let bookedLatest = decidedAt;
  let sizeUsd = shape.sizeUsd;
  const expansions: string[] = [];
  if (random.chance(0.35)) expansions.push(addDays(decidedAt, random.int(45, 300)));
  if (expansions.length > 0 && random.chance(0.3)) expansions.push(addDays(expansions[0]!, random.int(60, 200)));
  const renewals: string[] = [];
  const nextRenewal = (from: string) => addDays(from, termDays - random.int(0, 14));
  for (let renewal = nextRenewal(decidedAt); renewal <= scope.end; renewal = nextRenewal(renewal)) {
    renewals.push(renewal);
  }
  // A churn at term end replaces the renewal it would have been.
  const termEndChurn = churns && !earlyChurn && renewals.length > 0 ? random.int(0, renewals.length - 1) : undefined;
  const bookings = [
    ...expansions.map((date) => ({ date, motion: 'expand' as const })),
    ...renewals.map((date, index) => ({ date, motion: 'renew' as const, index })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let churnAt = churnedAt;
  let expansionCount = 0;
  let renewalCount = 0;
  for (const booking of bookings) {
    if (churnAt !== undefined && booking.date >= churnAt) break;
    if (booking.motion === 'renew' && booking.index === termEndChurn) {
      churnAt = booking.date;
      break;
    }
    const rate = optionalRate(fxRateOf(currency, booking.date));
    if (booking.motion === 'expand') {
      expansionCount += 1;
      const extra = roundTo(sizeUsd * (0.1 + random.next() * 0.4), 100);
      const lines = dealLines(random, shape, extra, booking.date).slice(0, 1);
      if (!add(booking.date, `expand:${expansionCount}`, { kind: 'expand', dealId, lines, ...rate })) break;
      sizeUsd += extra;
    } else {
      renewalCount += 1;
      sizeUsd = roundTo(sizeUsd * (1 + random.next() * 0.08), 100);
      const lines = dealLines(random, shape, sizeUsd, booking.date);
      if (!add(booking.date, `renew:${renewalCount}`, { kind: 'renew', dealId, lines, ...rate, termMonths })) break;
    }
    bookedLatest = booking.date;
  }
  if (churnAt !== undefined) add(maxDate(churnAt, addDays(bookedLatest, 1)), 'churn', { kind: 'churn', dealId });
}

/** One to three product lines worth about `totalUsd`, in the deal currency at the rate of `date`. */
function dealLines(random: Random, shape: DealShape, totalUsd: number, date: string): DealLineInput[] {
  const count = random.weighted([
    [1, 50],
    [2, 35],
    [3, 15],
  ] as const);
  const weights = Array.from({ length: count }, (_, index) => (index === 0 ? 2 : random.next() + 0.2));
  const sum = weights.reduce((total, weight) => total + weight, 0);
  return weights.map((weight, index) => {
    const family = index === 0 ? shape.family : random.weighted(families);
    const discount = random.weighted([
      ['0', 60],
      [random.pick(['0.05', '0.1', '0.15']), 28],
      [random.pick(['0.25', '0.3']), 12],
    ] as const);
    return {
      sku: random.pick(skus[family]!),
      family,
      amount: toCurrency(new Decimal(Math.max(100, roundTo((totalUsd * weight) / sum, 10))), shape.currency, date),
      ...(discount === '0' ? {} : { discount }),
    };
  });
}

/** The rate from `currency` to USD on a date: a slow, deterministic wave around the rough rate. */
export function fxRateOf(currency: string, date: string): string | undefined {
  if (currency === 'USD') return undefined;
  const base = usdRates[currency]!;
  const day = daysBetween('2000-01-01', date);
  const phase = currency.charCodeAt(0) + currency.charCodeAt(2);
  const rate = new Decimal(base).times(1 + 0.04 * Math.sin((2 * Math.PI * day) / 180 + phase));
  return formatDecimal(rate.toSignificantDigits(6));
}

function optionalRate(fxRate: string | undefined): { fxRate?: string } {
  return fxRate === undefined ? {} : { fxRate };
}

/** A USD figure in `currency` at the rate of `date`, at the currency's minor unit. */
function toCurrency(usd: Decimal, currency: string, date: string): string {
  const rate = fxRateOf(currency, date);
  const amount = rate === undefined ? usd : usd.div(rate);
  return formatMoney(amount.toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_EVEN), currency);
}

function roundDown(amount: Decimal, currency: string): Decimal {
  return amount.toDecimalPlaces(minorUnits(currency), Decimal.ROUND_DOWN);
}

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
