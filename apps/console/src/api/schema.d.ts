// Generated from the OpenAPI document the ledger serves at /docs-json: `npm run console:api` rewrites it.
// Do not edit; console-api.e2e-spec.ts fails when it no longer matches the API.
export interface paths {
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['HealthController_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['HealthController_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['MetricsController_scrape'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PartnersController_list'];
    put?: never;
    post: operations['PartnersController_enroll'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/suspend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['PartnersController_suspend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/reinstate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['PartnersController_reinstate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/offboard': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['PartnersController_offboard'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/tier-override': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['PartnersController_overrideTier'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PartnersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/projections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AdminController_projections'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/projections/rebuild': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AdminController_rebuild'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AdminController_events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/rule-sets/simulate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SimulationController_simulate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/registrations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['RegistrationsController_list'];
    put?: never;
    post: operations['RegistrationsController_submit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/registrations/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['RegistrationsController_approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/registrations/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['RegistrationsController_reject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/registrations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['RegistrationsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/customers/{domain}/divisions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Declare a subdomain a separate customer: registrations for it lock the subdomain, not the registrable domain */
    post: operations['CustomersController_declareDivision'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['DealsController_open'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/stage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['DealsController_advance'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/win': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['DealsController_win'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/lose': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['DealsController_lose'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/renew': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['DealsController_renew'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/expand': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['DealsController_expand'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/refund': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['DealsController_refund'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/churn': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['DealsController_churn'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['DealsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/pipeline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PartnerDealsController_pipeline'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/scorecard': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PartnerDealsController_scorecard'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/rule-sets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['RuleSetsController_list'];
    put?: never;
    post: operations['RuleSetsController_publish'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/rule-sets/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['RuleSetsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/periods/{period}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['PeriodsController_close'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/periods': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PeriodsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/commission-lines': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A partner's commission lines (earned and clawback), oldest business date first, with totals per currency over every line that matches */
    get: operations['CommissionsController_lines'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/commission-lines/{lineId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One line: its provenance (source event and position, deal, partner, rule-set version, tier), each component, the rounding, and the calculation step by step */
    get: operations['CommissionsController_line'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/balance': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Commission balances as of a business date: earned, accrued (not vested), vested, clawed back, dispute adjustments, payable, and what payout statements issued, paid and have under dispute */
    get: operations['CommissionsController_balance'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/tier': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The tier paid on a date (override included) and the tier earned, every evaluation with its figures, the overrides, and what is missing for the next tier */
    get: operations['CommissionsController_tier'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/mdf-accruals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** MDF accrued on won, expanded and renewed revenue at the tier rate in force then, each with its figures; the fund itself is GET /partners/:id/mdf */
    get: operations['CommissionsController_mdfAccruals'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Campaigns, oldest proposal first; a partner user sees its own only */
    get: operations['CampaignsController_list'];
    put?: never;
    /** Propose a campaign with a budget in the program currency, goals and milestones summing to the budget */
    post: operations['CampaignsController_propose'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve: commits the budget from the partner's MDF (never beyond what is available: MDF_INSUFFICIENT_FUNDS), then approves */
    post: operations['CampaignsController_approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns/{id}/milestones/{milestoneId}/complete': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Complete a milestone with evidence: releases its amount from the campaign's commitment */
    post: operations['CampaignsController_complete'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns/{id}/leads': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Attribute a deal or a registration of the campaign's partner to the campaign (for goal attainment and ROI) */
    post: operations['CampaignsController_attribute'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns/{id}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Close: the budget of the milestones never completed goes back to the fund */
    post: operations['CampaignsController_close'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns/{id}/claims': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Claim reimbursement of released funds with evidence (never beyond what is released to the campaign and not yet claimed) */
    post: operations['CampaignsController_claim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns/{id}/claims/{claimId}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a claim: it becomes payable on the next payout statement */
    post: operations['CampaignsController_approveClaim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns/{id}/claims/{claimId}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a claim with a reason: its amount can be claimed again */
    post: operations['CampaignsController_rejectClaim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/campaigns/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A campaign with its milestones, leads, MDF figures and claims, goal attainment (leads and pipeline against the goals) and ROI (pipeline and won revenue against the MDF released to it) */
    get: operations['CampaignsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/partners/{id}/mdf': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The MDF fund: accrued, committed, released, claimed, approved, paid and available, per campaign, and its claims */
    get: operations['MdfController_fund'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/statements': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Statements by partner and period (newest data of each), as JSON or as CSV with one row per line and its provenance */
    get: operations['StatementsController_list'];
    put?: never;
    /** Issue the partner's statement for a closed period: a snapshot of its lines with provenance, total = Σ lines */
    post: operations['StatementsController_issue'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/statements/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One statement: its lines as issued (never changed), totals, status, approval, payment, disputes and the later lines that adjust it */
    get: operations['StatementsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/statements/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve: by a finance user other than the issuer, and only with no dispute open */
    post: operations['StatementsController_approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/statements/{id}/pay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record the payment of an approved statement (its payable amount); the MDF claims on it are marked paid */
    post: operations['StatementsController_pay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/statements/{id}/lines/{lineId}/dispute': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The partner disputes a line of its own statement; approval and payment wait until finance resolves it */
    post: operations['StatementsController_dispute'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/statements/{id}/lines/{lineId}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resolve the open dispute of a line: upheld (the line stands) or adjusted (the adjustment goes on the next statement, linked to the line) */
    post: operations['StatementsController_resolve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    EnrollPartnerDto: {
      /**
       * @description Client-chosen id; also the default idempotency key
       * @example acme-emea
       */
      partnerId: string;
      /** @example Acme Resellers GmbH */
      name: string;
      /** @enum {string} */
      kind: 'reseller' | 'referral' | 'technology';
      /** @example EMEA */
      region: string;
    };
    ReasonDto: {
      /** @example Compliance review */
      reason: string;
    };
    OffboardPartnerDto: {
      /**
       * @description accelerate: unvested commission vests now; forfeit_unvested: it is forfeited
       * @enum {string}
       */
      settlement: 'accelerate' | 'forfeit_unvested';
    };
    OverrideTierDto: {
      /**
       * @description A tier of every rule set in force from today through until
       * @example gold
       */
      tier: string;
      /**
       * @description Last day the override applies (inclusive): today at the earliest, at most 730 days ahead
       * @example 2026-06-30
       */
      until: string;
      /** @example Strategic launch partner for the EMEA region */
      reason: string;
    };
    RebuildDto: {
      /**
       * @description Projections to rebuild; all when absent
       * @example [
       *       "partners"
       *     ]
       */
      projections?: string[];
    };
    CustomerDto: {
      /** @example Globex Corporation */
      name: string;
      /**
       * @description The customer's domain. Case, surrounding spaces, one trailing dot and one leading "www." are ignored: "WWW.GLOBEX.COM." is globex.com
       * @example globex.com
       */
      domain: string;
    };
    SubmitRegistrationDto: {
      /**
       * @description Client-chosen id; also the default idempotency key
       * @example reg-2026-0042
       */
      registrationId: string;
      /**
       * @description A partner user may only submit for its own partner
       * @example acme-emea
       */
      partnerId: string;
      customer: components['schemas']['CustomerDto'];
      /** @example platform */
      productFamily: string;
      /**
       * @description Decimal string in `currency`. At most 12 digits before the decimal point (below 1000000000000, so at most 999999999999.99 in a two-decimal currency).
       * @example 50000.00
       */
      estimatedValue: string;
      /**
       * @description ISO 4217; the program currency when absent
       * @example EUR
       */
      currency?: string;
      /** @example 2026-06-30 */
      expectedCloseDate: string;
    };
    RejectRegistrationDto: {
      /**
       * @description Shown to the partner
       * @example Duplicate of an existing opportunity
       */
      reason: string;
    };
    DeclareCustomerDivisionDto: {
      /**
       * @description A subdomain of the customer domain in the path, to be locked as a customer of its own
       * @example eu.globex.com
       */
      domain: string;
      /**
       * @description Why this division is a separate customer
       * @example Globex Europe buys separately
       */
      reason: string;
    };
    DealPartnerDto: {
      /** @example acme-emea */
      partnerId: string;
      /** @enum {string} */
      role: 'sourcing' | 'influencing';
      /**
       * @description A decimal string in (0, 1]; the shares of a deal sum to exactly 1. A JSON number is refused.
       * @example 0.6
       */
      share: string;
    };
    OpenDealDto: {
      /**
       * @description Client-chosen id; also the default idempotency key
       * @example deal-2026-0007
       */
      dealId: string;
      /** @description An approved registration whose protection covers openedAt: its partner becomes the sourcing partner */
      registrationId?: string;
      /** @description Required without a registration */
      customer?: components['schemas']['CustomerDto'];
      /** @description The co-sell split; required without a registration, which otherwise gives its partner a share of 1 */
      partners?: components['schemas']['DealPartnerDto'][];
      /**
       * @description ISO 4217: the currency of every amount on the deal
       * @example EUR
       */
      currency: string;
      /**
       * @description The business date; today when absent
       * @example 2026-02-10
       */
      openedAt?: string;
    };
    AdvanceDealStageDto: {
      /**
       * @description Stages only move forward
       * @enum {string}
       */
      stage: 'prospecting' | 'qualification' | 'proposal' | 'negotiation';
    };
    DealLineDto: {
      /** @example PLAT-12M */
      sku: string;
      /**
       * @description The product family, which may carry its own commission rates
       * @example platform
       */
      family: string;
      /**
       * @description Net of the discount, in the deal currency, at most its minor-unit scale. At most 12 digits before the decimal point (below 1000000000000, so at most 999999999999.99 in a two-decimal currency). The lines of one win, renewal or expansion also sum to below that bound, converted into the program currency too.
       * @example 1000.00
       */
      amount: string;
      /**
       * @description The discount granted, a fraction in [0, 1]
       * @default 0
       * @example 0.1
       */
      discount: string;
    };
    WinDealDto: {
      /** @description 1 to 500 product lines */
      lines: components['schemas']['DealLineDto'][];
      /**
       * @description Deal currency to program currency; required when they differ. Greater than 0 and at most 1000000, with at most 10 decimals.
       * @example 1.1
       */
      fxRate?: string;
      /** @enum {string} */
      billing: 'one_time' | 'recurring';
      /** @description Required for recurring billing, refused for one-time */
      termMonths?: number;
      /** @example 2026-02-10 */
      wonAt: string;
    };
    LoseDealDto: {
      /** @example Went with a competitor */
      reason: string;
      /** @example 2026-02-10 */
      lostAt: string;
    };
    RenewDealDto: {
      /** @description 1 to 500 product lines */
      lines: components['schemas']['DealLineDto'][];
      /**
       * @description Greater than 0 and at most 1000000, with at most 10 decimals.
       * @example 1.1
       */
      fxRate?: string;
      termMonths?: number;
      /** @example 2027-02-10 */
      renewedAt: string;
    };
    ExpandDealDto: {
      /** @description 1 to 500 product lines */
      lines: components['schemas']['DealLineDto'][];
      /**
       * @description Greater than 0 and at most 1000000, with at most 10 decimals.
       * @example 1.1
       */
      fxRate?: string;
      /** @example 2026-06-01 */
      expandedAt: string;
    };
    RefundDealDto: {
      /**
       * @description Positive, at most what was won and not yet refunded, in the deal currency. At most 12 digits before the decimal point (below 1000000000000, so at most 999999999999.99 in a two-decimal currency).
       * @example 100.00
       */
      amount: string;
      /**
       * @description Greater than 0 and at most 1000000, with at most 10 decimals.
       * @example 1.1
       */
      fxRate?: string;
      /** @example 2026-03-01 */
      refundedAt: string;
    };
    ChurnDealDto: {
      /** @example 2026-09-30 */
      churnedAt: string;
    };
    CampaignGoalsDto: {
      /**
       * @description How many leads (attributed deals and registrations) the campaign aims for
       * @example 120
       */
      leads: number;
      /**
       * @description The pipeline it aims to create, in the program currency. At most 12 digits before the decimal point (below 1000000000000, so at most 999999999999.99 in a two-decimal currency).
       * @example 400000.00
       */
      pipeline: string;
    };
    CampaignMilestoneDto: {
      /** @example webinar-1 */
      id: string;
      /**
       * @description Positive; released from the fund when the milestone is completed. At most 12 digits before the decimal point (below 1000000000000, so at most 999999999999.99 in a two-decimal currency).
       * @example 5000.00
       */
      amount: string;
    };
    ProposeCampaignDto: {
      /**
       * @description Client-chosen id; also the default idempotency key
       * @example cmp-2026-spring
       */
      campaignId: string;
      /**
       * @description A partner user may only propose for its own partner
       * @example acme-emea
       */
      partnerId: string;
      /** @example Spring webinars */
      name: string;
      /**
       * @description Positive, in the program currency in force today (the fund's currency); the milestones sum to it exactly. At most 12 digits before the decimal point (below 1000000000000, so at most 999999999999.99 in a two-decimal currency).
       * @example 15000.00
       */
      budget: string;
      goals: components['schemas']['CampaignGoalsDto'];
      /** @description 1 to 50 milestones with distinct ids */
      milestones: components['schemas']['CampaignMilestoneDto'][];
    };
    CompleteMilestoneDto: {
      /**
       * @description What shows the milestone was delivered
       * @example https://files.example/webinar-report.pdf
       */
      evidence: string;
    };
    AttributeLeadDto: {
      /**
       * @description Exactly one of dealId and registrationId; the deal must credit the campaign's partner
       * @example deal-2026-0007
       */
      dealId?: string;
      /**
       * @description Exactly one of dealId and registrationId; the registration must be the campaign partner's
       * @example reg-2026-0042
       */
      registrationId?: string;
    };
    SubmitClaimDto: {
      /**
       * @description Client-chosen id, unique within the partner's fund; also the default idempotency key
       * @example claim-2026-0003
       */
      claimId: string;
      /**
       * @description Positive, in the fund currency; at most what is released to the campaign and not yet claimed. At most 12 digits before the decimal point (below 1000000000000, so at most 999999999999.99 in a two-decimal currency).
       * @example 4800.00
       */
      amount: string;
      /** @example Invoice INV-2026-118, receipts at https://files.example/inv-118.pdf */
      evidence: string;
    };
    RejectClaimDto: {
      /**
       * @description Shown to the partner
       * @example The invoice does not name the campaign
       */
      reason: string;
    };
    IssueStatementDto: {
      /** @example acme-emea */
      partnerId: string;
      /**
       * @description A closed quarter; a partner's statements are issued period after period
       * @example 2026-Q1
       */
      period: string;
    };
    PayStatementDto: {
      /**
       * @description The payment's reference in the bank or payment system
       * @example SEPA-2026-04-0915
       */
      paymentReference: string;
      /**
       * @description The payment's date; today when absent, never after tomorrow
       * @example 2026-04-15
       */
      paidAt?: string;
    };
    DisputeLineDto: {
      /** @example The discount on this deal was 5%, not 10% */
      reason: string;
    };
    ResolveDisputeDto: {
      /**
       * @description upheld: the line stands; adjusted: `adjustment` goes on the partner's next statement
       * @enum {string}
       */
      outcome: 'upheld' | 'adjusted';
      /**
       * @description Signed, non-zero, in the statement currency; required when adjusted, refused when upheld. The line's adjustments, this one included, total at most the line's amount either way (STATEMENT_ADJUSTMENT_EXCEEDS_LINE). At most 12 digits before the decimal point (below 1000000000000, so at most 999999999999.99 in a two-decimal currency).
       * @example 120.50
       */
      adjustment?: string;
      /** @example Discount confirmed at 5% by the deal desk */
      note?: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  HealthController_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  HealthController_ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The Health Check is successful */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example ok
             * @enum {string}
             */
            status?: 'ok' | 'degraded';
            /**
             * @example {
             *       "database": {
             *         "status": "up",
             *         "responseTime": 12
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example {} */
            error?: {
              [key: string]: {
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up",
             *         "responseTime": 12
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
              } & {
                [key: string]: unknown;
              };
            };
          };
        };
      };
      /** @description The Health Check is not successful */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example error
             * @enum {string}
             */
            status?: 'error' | 'shutting_down';
            /**
             * @example {
             *       "database": {
             *         "status": "up",
             *         "responseTime": 12
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "redis": {
             *         "status": "down",
             *         "message": "Could not connect",
             *         "responseTime": 3005
             *       }
             *     }
             */
            error?: {
              [key: string]: {
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up",
             *         "responseTime": 12
             *       },
             *       "redis": {
             *         "status": "down",
             *         "message": "Could not connect",
             *         "responseTime": 3005
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
              } & {
                [key: string]: unknown;
              };
            };
          };
        };
      };
    };
  };
  MetricsController_scrape: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        limit?: number;
        offset?: number;
        status?: 'active' | 'suspended' | 'offboarded';
        kind?: 'reseller' | 'referral' | 'technology';
        region?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_enroll: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EnrollPartnerDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_suspend: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_reinstate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_offboard: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OffboardPartnerDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_overrideTier: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OverrideTierDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminController_projections: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminController_rebuild: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RebuildDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminController_events: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Only this stream; `after` is then a revision within it */
        stream?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SimulationController_simulate: {
    parameters: {
      query?: {
        format?: 'json' | 'csv';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A candidate rule-set document */
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RegistrationsController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        limit?: number;
        offset?: number;
        /** @description Staff only; a partner user always sees its own */
        partnerId?: string;
        status?: 'submitted' | 'approved' | 'rejected';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RegistrationsController_submit: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SubmitRegistrationDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RegistrationsController_approve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RegistrationsController_reject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RejectRegistrationDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RegistrationsController_get: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CustomersController_declareDivision: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        domain: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeclareCustomerDivisionDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealsController_open: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OpenDealDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealsController_advance: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AdvanceDealStageDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealsController_win: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['WinDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealsController_lose: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoseDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealsController_renew: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RenewDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealsController_expand: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExpandDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealsController_refund: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RefundDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealsController_churn: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChurnDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DealsController_get: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnerDealsController_pipeline: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PartnerDealsController_scorecard: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description A calendar quarter; the current one when absent */
        period?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description The business date whose rule set in force is named in `versionInForce` (default: today, UTC) */
        on?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_publish: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The rule-set document of DESIGN §5 with a top-level `rationale` (why the rules change) */
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  RuleSetsController_get: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PeriodsController_close: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        period: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PeriodsController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CommissionsController_lines: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        limit?: number;
        offset?: number;
        /** @description Only lines whose business date falls in this quarter; every line when absent */
        period?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CommissionsController_line: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        lineId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CommissionsController_balance: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description A business date (YYYY-MM-DD); today (UTC) when absent */
        asOf?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CommissionsController_tier: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description A business date (YYYY-MM-DD); today (UTC) when absent */
        asOf?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CommissionsController_mdfAccruals: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Only accruals whose business date falls in this quarter; every accrual when absent */
        period?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        limit?: number;
        offset?: number;
        /** @description Staff only; a partner user always sees its own */
        partnerId?: string;
        status?: 'proposed' | 'approved' | 'closed';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_propose: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ProposeCampaignDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_approve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_complete: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        milestoneId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CompleteMilestoneDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_attribute: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AttributeLeadDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_close: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_claim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SubmitClaimDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_approveClaim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        claimId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_rejectClaim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        claimId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RejectClaimDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CampaignsController_get: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MdfController_fund: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StatementsController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        limit?: number;
        offset?: number;
        /** @description A partner user may only name itself (its own statements are all it sees) */
        partnerId?: string;
        period?: string;
        /** @description csv: one row per statement line with its provenance columns */
        format?: 'json' | 'csv';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StatementsController_issue: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['IssueStatementDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StatementsController_get: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StatementsController_approve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StatementsController_pay: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PayStatementDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StatementsController_dispute: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        lineId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DisputeLineDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StatementsController_resolve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        lineId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ResolveDisputeDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
}
