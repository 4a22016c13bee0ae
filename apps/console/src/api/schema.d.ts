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
    /** Liveness: the process answers */
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
    /** Readiness: the event store, the read models and the projector lag */
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
    /** Prometheus metrics: requests, commands, projector lag */
    get: operations['MetricsController_scrape'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/config': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How the console signs in: the OpenID Connect provider and client, if any */
    get: operations['SignInController_signIn'];
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
    /** Partners by id, filtered by status, tier, kind, region and q; a partner user sees itself */
    get: operations['PartnersController_list'];
    put?: never;
    /** Enroll a partner */
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
    /** Suspend a partner, with a reason */
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
    /** Reinstate a suspended partner, with an optional reason */
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
    /** Offboard a partner, accelerating or forfeiting unvested commission */
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
    /** Pay a partner at a tier through a date, whatever it earned */
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
    /** One partner */
    get: operations['PartnersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/verification': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The outcome of the newest `ledger verify` on this data folder (null if it never ran) */
    get: operations['AdminController_verification'];
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
    /** Each projection's state, and the rebuild in progress */
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
    /** Rebuild projections from the log, in the background */
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
    /** The raw event log, paged: globally or one stream */
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
    /** Simulate a candidate rule set against the whole history (writes nothing) */
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
    /** Registrations, oldest first, by partner and status; a partner user sees its own */
    get: operations['RegistrationsController_list'];
    put?: never;
    /** Submit a deal registration */
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
    /** Approve a registration: its customer is protected for the partner */
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
    /** Reject a registration, with a reason */
    post: operations['RegistrationsController_reject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/registrations/{id}/extend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Extend an approved registration's protection once, with a reason */
    post: operations['RegistrationsController_extend'];
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
    /** One registration */
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
    /** Deals, oldest first, by partner, status, period and q; a partner user sees its own */
    get: operations['DealsController_list'];
    put?: never;
    /** Open a deal with its co-sell split */
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
    /** Advance an open deal to a later stage */
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
    /** Win a deal with its product lines */
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
    /** Lose a deal, with a reason */
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
    /** Renew a won deal */
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
    /** Expand a won deal */
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
    /** Refund part of a won deal (commission is clawed back) */
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
    /** Record that the customer churned */
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
    /** One deal with its partners and the revenue attributed to each */
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
    /** A partner's pipeline, a page at a time: open deals, then registrations not yet a deal, with estimated values and the totals of both */
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
    /** A partner's scorecard for a period: revenue, deals won and lost, win rate */
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
    /** Every published rule set, and the version in force on a date */
    get: operations['RuleSetsController_list'];
    put?: never;
    /** Publish a rule set (the document GET /rule-sets/:version answers, new version) */
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
    /** One rule set: the publishable document with its publication facts */
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
    /** Close a quarter: evaluates tiers and freezes its deal facts */
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
    /** The closed quarters */
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
    /** A partner's commission lines (earned, clawback and an offboarding's forfeiture), oldest business date first, with the accelerated vesting of an offboarding on the line; totals per currency over every line that matches */
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
    /** Commission balances as of a business date: earned, accrued (not vested), vested, forfeited (offboarding with forfeit_unvested), clawed back (a negative payable is owed by the partner), dispute adjustments, payable, and what payout statements issued, paid and have under dispute */
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
    /** MDF accrued on won, expanded and renewed revenue at the tier rate in force then, each with its figures, oldest business date first; totals per currency over every accrual that matches; the fund itself is GET /partners/:id/mdf */
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
  '/imports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Import commands, one per NDJSON line, through their routes in file order */
    post: operations['ImportsController_start'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An import's progress (done/total, rate, ETA, errors so far) and, once done, its result */
    get: operations['ImportsController_get'];
    put?: never;
    post?: never;
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
    OidcSignInView: {
      /**
       * @description The provider (its tokens' iss)
       * @example https://login.example.com/realms/acme
       */
      issuer: string;
      /**
       * @description The console's public client id (authorization code with PKCE)
       * @example ledger
       */
      clientId: string;
      /**
       * @description The scope the console asks for
       * @example openid
       */
      scope: string;
      /**
       * @description The claim holding the ledger role
       * @example role
       */
      roleClaim: string;
      /**
       * @description The claim holding a partner user's partner id
       * @example partner_id
       */
      partnerClaim: string;
    };
    SignInView: {
      /** @description Set when the console signs in with an OpenID Connect provider; null: local tokens only */
      oidc?: components['schemas']['OidcSignInView'] | (never | null);
    };
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
      /**
       * @description The business date the partner joined the program; today when absent (a program migrating from another system sends the real date). No deal may credit the partner for an earlier business date.
       * @example 2024-05-01
       */
      enrolledAt?: string;
    };
    PartnerCommandResponse: {
      partnerId: string;
      /**
       * @description Global position of the last event; pass it as ?after= to read your write
       * @example 42
       */
      position: string;
    };
    ReasonDto: {
      /** @example Compliance review */
      reason: string;
    };
    OptionalReasonDto: {
      /** @example Review closed */
      reason?: string;
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
       * @description The program currency when absent. ISO 4217 (list one), with at most 3 decimals: amounts in it carry its minor unit (JPY 0, USD 2, KWD 3).
       * @example EUR
       */
      currency?: string;
      /** @example 2026-06-30 */
      expectedCloseDate: string;
    };
    RegistrationCommandResponse: {
      registrationId: string;
      /**
       * @description Global position of the last event; pass it as ?after= to read your write
       * @example 42
       */
      position: string;
    };
    RejectRegistrationDto: {
      /**
       * @description Shown to the partner
       * @example Duplicate of an existing opportunity
       */
      reason: string;
    };
    ExtendRegistrationDto: {
      /**
       * @description Why the protection is extended. Once per registration, while it is protected: by the protection days of the rules in force, from its current last day.
       * @example Procurement moved the signature to next quarter
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
    CustomerDivisionResponse: {
      /** @example globex.com */
      customerKey: string;
      /** @example eu.globex.com */
      division: string;
      /**
       * @description Global position of the last event; pass it as ?after= to read your write
       * @example 42
       */
      position: string;
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
    ProtectionOverrideDto: {
      /** @example The customer asked in writing to buy through this partner */
      reason: string;
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
      /**
       * @description The co-sell split; required without a registration, which otherwise gives its partner a share of 1
       * @example [
       *       {
       *         "partnerId": "acme-emea",
       *         "role": "sourcing",
       *         "share": "0.6"
       *       },
       *       {
       *         "partnerId": "globex-partners",
       *         "role": "influencing",
       *         "share": "0.4"
       *       }
       *     ]
       */
      partners?: components['schemas']['DealPartnerDto'][];
      /**
       * @description The currency of every amount on the deal. ISO 4217 (list one), with at most 3 decimals: amounts in it carry its minor unit (JPY 0, USD 2, KWD 3).
       * @example EUR
       */
      currency: string;
      /**
       * @description The business date; today when absent
       * @example 2026-02-10
       */
      openedAt?: string;
      /** @description Opens a direct deal for a customer another partner’s registration protects (409 CUSTOMER_PROTECTED otherwise): recorded as its own event, DealProtectionOverridden. Refused when nothing protects the customer. */
      protectionOverride?: components['schemas']['ProtectionOverrideDto'];
    };
    DealCommandResponse: {
      dealId: string;
      /**
       * @description Global position of the last event; pass it as ?after= to read your write
       * @example 42
       */
      position: string;
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
    ScorecardLifetimeValue: {
      /**
       * @description Attributed revenue of the partner's deals over their whole history up to the period end, net
       * @example 125000.00
       */
      revenue: string;
      /**
       * @description The part of it from deals churned by the period end
       * @example 25000.00
       */
      churnedRevenue: string;
      /**
       * @description churned / revenue, 4 places
       * @example 0.2000
       */
      churnedShare: string | null;
    };
    ScorecardView: {
      /** @example acme */
      partnerId: string;
      /** @example 2026-Q1 */
      period: string;
      /** @example USD */
      currency: string;
      /** @example 1800.00 */
      revenueAttributed: string;
      /** @example 60.00 */
      revenueRefunded: string;
      /** @example 1740.00 */
      revenueNet: string;
      /** @example 140000.00 */
      openPipeline: string;
      /** @example 2 */
      openDeals: number;
      /** @example 1 */
      wonDeals: number;
      /** @example 1 */
      lostDeals: number;
      /** @example 0.5000 */
      winRate: string | null;
      /** @example 10000.00 */
      averageDealSize: string | null;
      /** @example 30 */
      medianDaysToClose: number | null;
      /** @example 30.00 */
      averageDaysToClose: string | null;
      /**
       * @description Deals renewed or churned in the period (each once) still active at its end / those deals
       * @example 0.6667
       */
      renewalRate: string | null;
      /** @example 0.7000 */
      netRevenueRetention: string | null;
      /**
       * @description Open deals × win rate × average deal size ÷ average days to close (at least 1), per day
       * @example 666.67
       */
      pipelineVelocity: string | null;
      lifetimeValue: components['schemas']['ScorecardLifetimeValue'];
    };
    RuleSetCommandResponse: {
      /** @example 2026.1 */
      version: string;
      /** @example 2026-01-01 */
      effectiveFrom: string;
      /**
       * @description Global position of the event; pass it as ?after= to read your write
       * @example 42
       */
      position: string;
    };
    GoverningSpan: {
      /** @example 2026-01-01 */
      from: string;
      /**
       * @description Last day it governs; null while no later rule set takes over
       * @example 2026-03-31
       */
      through: string | null;
    };
    RuleSetSummary: {
      /** @example 2026.1 */
      version: string;
      /** @example 2026-01-01 */
      effectiveFrom: string;
      /** @example USD */
      currency: string;
      /** @example Launch of the 2026 program */
      rationale: string;
      /**
       * @description The date it was published
       * @example 2025-12-15
       */
      publishedAt: string;
      /**
       * @description Who published it
       * @example olga
       */
      publishedBy: string;
      /** @description True when it takes effect before the day it was published (a retroactive correction) */
      retroactive: boolean;
      /** @description The days on which it is the rule set in force; null when a later publication with the same effectiveFrom replaced it */
      governs: components['schemas']['GoverningSpan'] | (never | null);
      /** @example 42 */
      position: string;
    };
    RuleSetList: {
      /** @example 2026-04-15 */
      on: string;
      /**
       * @description The version in force on `on`; null before the first effectiveFrom
       * @example 2026.1
       */
      versionInForce: string | null;
      /** @description Every published rule set, in publication order */
      ruleSets: components['schemas']['RuleSetSummary'][];
    };
    RuleSetView: {
      /** @example 2026.1 */
      version: string;
      /** @example 2026-01-01 */
      effectiveFrom: string;
      /** @example USD */
      currency: string;
      /** @example Launch of the 2026 program */
      rationale: string;
      /**
       * @description The date it was published
       * @example 2025-12-15
       */
      publishedAt: string;
      /**
       * @description Who published it
       * @example olga
       */
      publishedBy: string;
      /** @description True when it takes effect before the day it was published (a retroactive correction) */
      retroactive: boolean;
      /** @description The days on which it is the rule set in force; null when a later publication with the same effectiveFrom replaced it */
      governs: components['schemas']['GoverningSpan'] | (never | null);
      /** @example 42 */
      position: string;
    } & {
      [key: string]: unknown;
    };
    PeriodCommandResponse: {
      /** @example 2026-Q1 */
      period: string;
      /**
       * @description Global position of the event; pass it as ?after= to read your write
       * @example 42
       */
      position: string;
    };
    ClosePreviewFreezes: {
      /**
       * @description First day the close freezes: the day after the last closed quarter (null: from the beginning)
       * @example 2026-01-01
       */
      from: string | null;
      /**
       * @description Last day it freezes: the end of the quarter
       * @example 2026-03-31
       */
      through: string;
      /**
       * @description Commission lines dated in those days
       * @example 42
       */
      commissionLines: number;
      /**
       * @description Deal facts dated in those days: wins, expansions, renewals, refunds, losses and churns
       * @example 17
       */
      dealFacts: number;
    };
    PreviewedTierEvaluation: {
      /** @example acme */
      partnerId: string;
      /** @example 2026-Q1 */
      period: string;
      /** @example 2026.1 */
      ruleSetVersion: string;
      /**
       * @example [
       *       "2025-Q2",
       *       "2025-Q3",
       *       "2025-Q4",
       *       "2026-Q1"
       *     ]
       */
      quarters: string[];
      /** @description attributedRevenue (decimal string), wonDeals, lostDeals, winRate (4 places or null) */
      figures: Record<string, never>;
      /** @example registered */
      previousTier: string;
      /** @example silver */
      qualifiedTier: string;
      /**
       * @description The tier the partner would hold after the close
       * @example silver
       */
      tier: string;
      /** @enum {string} */
      change: 'promoted' | 'demoted' | 'unchanged' | 'held' | 'requalified';
      /**
       * @description Consecutive evaluations below the held tier, after this one (grace)
       * @example 0
       */
      shortfallCount: number;
      /** @example 1 */
      demotionGraceQuarters: number;
      /**
       * @description When a promotion or demotion would take effect
       * @example 2026-04-01
       */
      effectiveFrom: string;
      /** @description The tier above and what is missing for it */
      nextTier: Record<string, never> | null;
      explanation: string[];
    };
    PeriodClosePreviewResponse: {
      /** @example 2026-Q1 */
      period: string;
      /** @example true */
      dryRun: boolean;
      /**
       * @description The rule set in force on the last day of the quarter
       * @example 2026.1
       */
      ruleSetVersion: string;
      freezes: components['schemas']['ClosePreviewFreezes'];
      /** @description Per active partner, in partner id order */
      partners: components['schemas']['PreviewedTierEvaluation'][];
    };
    ClosedPeriodView: {
      /** @example 2026-Q1 */
      period: string;
      /** @example 2026-04-02 */
      closedAt: string;
      /** @example fiona */
      closedBy: string;
      /** @example 42 */
      position: string;
    };
    PeriodList: {
      /**
       * @description The last closed quarter; it and every earlier quarter are frozen
       * @example 2026-Q1
       */
      closedThrough: string | null;
      /**
       * @description No fact may carry a business date on or before this day
       * @example 2026-03-31
       */
      frozenThrough: string | null;
      /**
       * @description The only quarter that may be closed next: after the last closed one, or before any close the quarter the earliest rule set takes effect in (null before any rule set)
       * @example 2026-Q2
       */
      nextToClose: string | null;
      /** @description Closes in the order they happened */
      closed: components['schemas']['ClosedPeriodView'][];
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
      /**
       * @description 1 to 50 milestones with distinct ids
       * @example [
       *       {
       *         "id": "webinar-1",
       *         "amount": "5000.00"
       *       },
       *       {
       *         "id": "webinar-2",
       *         "amount": "10000.00"
       *       }
       *     ]
       */
      milestones: components['schemas']['CampaignMilestoneDto'][];
    };
    CampaignCommandResponse: {
      campaignId: string;
      /**
       * @description Global position of the last event; pass it as ?after= to read your write
       * @example 42
       */
      position: string;
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
    ClaimCommandResponse: {
      campaignId: string;
      /**
       * @description Global position of the last event; pass it as ?after= to read your write
       * @example 42
       */
      position: string;
      claimId: string;
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
    StatementCommandResponse: {
      /** @example acme-emea-2026-Q1 */
      statementId: string;
      /**
       * @description Global position of the last event written; pass it as ?after= to read your write
       * @example 42
       */
      position: string;
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
       * @example adjusted
       * @enum {string}
       */
      outcome: 'upheld' | 'adjusted';
      /**
       * @description Signed, non-zero, in the statement currency; required when adjusted, refused when upheld. The line's adjustments, this one included, total at most the line's amount either way, and take back no more than the partner holds of a commission line after its clawbacks (STATEMENT_ADJUSTMENT_EXCEEDS_LINE, rules withinLine and withinHeld). At most 12 digits before the decimal point (below 1000000000000, so at most 999999999999.99 in a two-decimal currency).
       * @example 120.50
       */
      adjustment?: string;
      /** @example Discount confirmed at 5% by the deal desk */
      note?: string;
    };
    ImportProgress: {
      /**
       * @description Lines acknowledged (committed and synced), in file order
       * @example 4000
       */
      done: number;
      /** @example 100000 */
      total: number;
      /** @example 9500 */
      linesPerSecond: number;
      /** @example 10 */
      etaSeconds: number | null;
      /**
       * @description Lines refused so far
       * @example 3
       */
      errors: number;
    };
    ImportLineError: {
      /**
       * @description The line of the file (1 is the first)
       * @example 17
       */
      line: number;
      /** @example 400 */
      status: number;
      /** @example VALIDATION_FAILED */
      error: string;
      /** @example amount must be a decimal string */
      message: string;
      /**
       * @example {
       *       "fields": []
       *     }
       */
      details: Record<string, never>;
    };
    ImportResult: {
      /**
       * @description Lines that appended their events in this run
       * @example 99997
       */
      applied: number;
      /**
       * @description Lines whose key had already taken effect: nothing appended
       * @example 0
       */
      replayed: number;
      /** @example 3 */
      refused: number;
      /**
       * @description Lines after a stop (stopOnError) or a failure
       * @example 0
       */
      notRun: number;
      /**
       * @description A dry run's lines checked by their route's validation alone: statements are decided on read models, which a dry run does not build from its lines (0 in a real run)
       * @example 0
       */
      validatedOnly: number;
      /**
       * @description Per line of a real run: its position, or its refusal as the route answered it; a dry run lists its refused lines alone. Sent as it is read from disk
       * @example [
       *       {
       *         "line": 1,
       *         "status": 201,
       *         "position": "42",
       *         "replayed": false
       *       }
       *     ]
       */
      lines: Record<string, never>[];
    };
    ImportView: {
      /** @example imp-0b6f3c1e-5f0e-4a47-9a43-32ef7a1c6b1d */
      importId: string;
      /** @enum {string} */
      status: 'running' | 'completed' | 'stopped' | 'failed' | 'interrupted';
      dryRun: boolean;
      stopOnError: boolean;
      /** @example 2026-02-10T12:00:00.000Z */
      startedAt: string;
      finishedAt: string | null;
      progress: components['schemas']['ImportProgress'];
      /** @description The first 100 refused lines, by line number (progress.errors counts them all; result.lines lists every one once the import is done) */
      errors: components['schemas']['ImportLineError'][];
      result: components['schemas']['ImportResult'] | (never | null);
      /** @description Why the import itself failed, if it did */
      failure: string | null;
    };
    Error: {
      /**
       * @description A stable SCREAMING_SNAKE code
       * @example VALIDATION_FAILED
       */
      error: string;
      /**
       * @description One sentence for a person
       * @example name is required
       */
      message: string;
      /**
       * @description What the code is about; a validation error lists its fields as { field, rule, message }, the first 100 (fieldsTotal counts them when there are more)
       * @example {
       *       "fields": [
       *         {
       *           "field": "name",
       *           "rule": "required",
       *           "message": "name is required"
       *         }
       *       ]
       *     }
       */
      details: {
        [key: string]: unknown;
      };
    };
    AcceleratorSlice: {
      revenueFrom: string;
      revenueTo: string;
      threshold: string | null;
      multiplier: string;
    };
    AdjustmentStatementLine: {
      lineId: string;
      amount: string;
      description: string;
      /** @enum {string} */
      kind: 'adjustment';
      adjustment: components['schemas']['StatementAdjustment'];
    };
    AppliedTier: {
      name: string;
      basis: components['schemas']['TierBasis'];
      since: string | null;
      note: string | null;
    };
    BalanceView: {
      partnerId: string;
      asOf: string;
      balances: components['schemas']['CommissionBalance'][];
    };
    CampaignLeadView: {
      dealId?: string;
      registrationId?: string;
      attributedAt: string;
    };
    CampaignList: {
      campaigns: components['schemas']['CampaignSummary'][];
      next: string | null;
    };
    CampaignMilestoneView: {
      milestoneId: string;
      amount: string;
      completed: boolean;
      completedAt: string | null;
      evidence: string | null;
    };
    CampaignReturn: {
      currency: string;
      mdfSpent: string;
      mdfClaimed: string;
      mdfApproved: string;
      mdfPaid: string;
      pipeline: string;
      wonRevenue: string;
      wonDeals: number;
      unpricedLeads: number;
      pipelinePerMdf: string | null;
      revenuePerMdf: string | null;
    };
    /** @enum {string} */
    CampaignStatus: 'proposed' | 'approved' | 'closed';
    CampaignSummary: {
      campaignId: string;
      partnerId: string;
      name: string;
      currency: string;
      budget: string;
      goals: {
        leads: number;
        pipeline: string;
      };
      status: components['schemas']['CampaignStatus'];
      proposedAt: string;
      approvedAt: string | null;
      closedAt: string | null;
      closeReason: string | null;
      amountUnspent: string | null;
      position: string;
    };
    CampaignView: {
      attainment: {
        leads: components['schemas']['GoalAttainmentOfNumber'];
        pipeline: components['schemas']['GoalAttainmentOfString'];
      };
      roi: components['schemas']['CampaignReturn'];
      campaignId: string;
      partnerId: string;
      name: string;
      currency: string;
      budget: string;
      goals: {
        leads: number;
        pipeline: string;
      };
      status: components['schemas']['CampaignStatus'];
      proposedAt: string;
      approvedAt: string | null;
      closedAt: string | null;
      closeReason: string | null;
      amountUnspent: string | null;
      position: string;
      milestones: components['schemas']['CampaignMilestoneView'][];
      leads: components['schemas']['CampaignLeadView'][];
      mdf: components['schemas']['MdfCampaignFigures'] | (never | null);
      claims: components['schemas']['MdfClaimView'][];
    };
    CapCalculation: {
      limit: string;
      usedBefore: string;
      room: string;
      capped: string;
    };
    CarryForwardStatementLine: {
      lineId: string;
      amount: string;
      description: string;
      /** @enum {string} */
      kind: 'carry_forward';
      carryForward: {
        statementId: string;
        period: string;
      };
    };
    CommissionBalance: {
      currency: string;
      earned: string;
      accrued: string;
      vested: string;
      forfeited: string;
      clawedBack: string;
      adjustments: string;
      payable: string;
      issued: string;
      paid: string;
      disputed: string;
      carriedForward: string;
      mdfClaimsApproved: string;
      payableNext: string;
    };
    CommissionLine: {
      lineId: string;
      /** @enum {string} */
      kind: 'earned' | 'clawback' | 'forfeiture';
      revision: number;
      partnerId: string;
      dealId: string;
      source: components['schemas']['SourceReference'];
      businessDate: string;
      period: string;
      vestsOn: string;
      currency: string;
      amount: string;
      ruleSet: {
        version: string;
        effectiveFrom: string;
      };
      tier: components['schemas']['AppliedTier'];
      components: components['schemas']['LineComponents'];
      rounding: components['schemas']['RoundingApplied'];
      earned: components['schemas']['EarnedCalculation'] | (never | null);
      reversal: components['schemas']['ReversalCalculation'] | (never | null);
      accelerated?: components['schemas']['LineAccelerationDetail'];
      explanation: string[];
    };
    CommissionLineList: {
      partnerId: string;
      period: string | null;
      total: number;
      totals: components['schemas']['CommissionTotals'][];
      lines: components['schemas']['CommissionLineSummary'][];
      next: string | null;
    };
    CommissionLineSummary: components['schemas']['ComputedCommissionLine'];
    CommissionLineView: {
      lineId: string;
      /** @enum {string} */
      kind: 'earned' | 'clawback' | 'forfeiture';
      revision: number;
      partnerId: string;
      dealId: string;
      source: components['schemas']['SourceReference'];
      businessDate: string;
      period: string;
      vestsOn: string;
      currency: string;
      amount: string;
      ruleSet: {
        version: string;
        effectiveFrom: string;
      };
      tier: components['schemas']['AppliedTier'];
      components: components['schemas']['LineComponents'];
      rounding: components['schemas']['RoundingApplied'];
      earned: components['schemas']['EarnedCalculation'] | (never | null);
      reversal: components['schemas']['ReversalCalculation'] | (never | null);
      accelerated?: components['schemas']['LineAccelerationDetail'];
      explanation: string[];
      reversedBy: {
        lineId: string;
        amount: string;
        businessDate: string;
      }[];
    };
    CommissionStatementLine: {
      lineId: string;
      amount: string;
      description: string;
      /** @enum {string} */
      kind: 'commission' | 'clawback';
      commission: components['schemas']['CommissionLine'];
    };
    CommissionTotals: {
      currency: string;
      earned: string;
      clawedBack: string;
      forfeited: string;
      net: string;
      lines: number;
    };
    ComputedCommissionLine: {
      lineId: string;
      /** @enum {string} */
      kind: 'earned' | 'clawback' | 'forfeiture';
      revision: number;
      partnerId: string;
      dealId: string;
      source: components['schemas']['SourceReference'];
      businessDate: string;
      period: string;
      vestsOn: string;
      currency: string;
      amount: string;
      ruleSet: {
        version: string;
        effectiveFrom: string;
      };
      tier: components['schemas']['AppliedTier'];
      components: components['schemas']['LineComponents'];
      rounding: components['schemas']['RoundingApplied'];
      earned: components['schemas']['EarnedCalculation'] | (never | null);
      reversal: components['schemas']['ReversalCalculation'] | (never | null);
      accelerated?: components['schemas']['LineAccelerationDetail'];
    };
    DealAnswer: components['schemas']['DealView'] | components['schemas']['PartnerDealView'];
    DealList: {
      deals: components['schemas']['DealAnswer'][];
      next: string | null;
    };
    /** @enum {string} */
    DealStatus: 'open' | 'won' | 'lost' | 'churned';
    DealView: {
      dealId: string;
      registrationId: string | null;
      customer: {
        name: string;
        domain: string;
      };
      currency: string;
      status: components['schemas']['DealStatus'];
      stage: string | null;
      billing: string | null;
      termMonths: number | null;
      fxRate: string | null;
      amountWon: string;
      amountRefunded: string;
      openedAt: string;
      wonAt: string | null;
      lostAt: string | null;
      lostReason: string | null;
      churnedAt: string | null;
      partners: {
        revenueAttributed: string;
        partnerId: string;
        role: components['schemas']['PartnerRole'];
        share: string;
      }[];
      coSold: boolean;
      protectionOverride: {
        reason: string;
        overriddenAt: string;
      } | null;
      programCurrency: string;
      position: string;
    };
    /** @enum {string} */
    DisputeOutcome: 'upheld' | 'adjusted';
    EarnedCalculation: {
      motion: components['schemas']['Motion'];
      role: components['schemas']['PartnerRole'];
      share: string;
      dealCurrency: string;
      base: string;
      productLines: components['schemas']['ProductLineCalculation'][];
      quarter: string;
      quarterRevenueBefore: string;
      quarterRevenueAfter: string;
      perDealCap: components['schemas']['CapCalculation'] | (never | null);
      perQuarterCap: components['schemas']['CapCalculation'] | (never | null);
    };
    EventList: {
      events: components['schemas']['EventView'][];
      next: string | null;
    };
    EventMetadata: {
      actor: string;
      actorRole: string;
      correlationId: string;
      causationId: string;
      recordedAt: string;
      idempotencyKey: string;
      commandHash: string;
    } & {
      [key: string]: unknown;
    };
    EventView: {
      position: string;
      stream: string;
      revision: number;
      eventId: string;
      type: string;
      data: unknown;
      metadata: components['schemas']['EventMetadata'];
    };
    GoalAttainmentOfNumber: {
      goal: number;
      actual: number;
      ratio: string | null;
    };
    GoalAttainmentOfString: {
      goal: string;
      actual: string;
      ratio: string | null;
    };
    IssuedLineReference: {
      statementId: string;
      lineId: string;
      amount: string;
    };
    LastVerifyView: {
      finishedAt: string;
      ok: boolean;
      checks: string[];
      failure: string | null;
    };
    LineAccelerationDetail: {
      source: components['schemas']['SourceReference'];
      offboardedAt: string;
      originalVestsOn: string;
    };
    LineComponents: {
      standard: string;
      accelerated: string;
      cappedPerDeal: string;
      cappedPerQuarter: string;
      reversal: string;
      rounding: string;
    };
    Liveness: {
      /** @enum {string} */
      status: 'ok';
    };
    MdfAccrual: {
      accrualId: string;
      partnerId: string;
      dealId: string;
      source: components['schemas']['SourceReference'];
      businessDate: string;
      period: string;
      ruleSetVersion: string;
      tier: string;
      currency: string;
      base: string;
      rate: string;
      unrounded: string;
      amount: string;
      explanation: string[];
    };
    MdfAccrualList: {
      partnerId: string;
      period: string | null;
      total: number;
      totals: components['schemas']['MdfAccrualTotals'][];
      accruals: components['schemas']['MdfAccrual'][];
      next: string | null;
    };
    MdfAccrualTotals: {
      currency: string;
      accrued: string;
      accruals: number;
    };
    MdfCampaignFigures: {
      campaignId: string;
      currency: string;
      committed: string;
      decommitted: string;
      released: string;
      releasedMilestones: string[];
      unreleased: string;
      claimed: string;
      claimable: string;
      approved: string;
      paid: string;
      committedAt: string;
      decommittedAt: string | null;
    };
    MdfClaimStatementLine: {
      lineId: string;
      amount: string;
      description: string;
      /** @enum {string} */
      kind: 'mdf_claim';
      claim: {
        claimId: string;
        campaignId: string;
        evidence: string;
        approvedAt: string;
      };
    };
    /** @enum {string} */
    MdfClaimStatus: 'submitted' | 'approved' | 'rejected' | 'paid';
    MdfClaimView: {
      claimId: string;
      partnerId: string;
      campaignId: string;
      amount: string;
      currency: string;
      evidence: string;
      status: components['schemas']['MdfClaimStatus'];
      submittedAt: string;
      approvedAt: string | null;
      rejectedAt: string | null;
      rejectionReason: string | null;
      statementId: string | null;
      paidAt: string | null;
      position: string;
    };
    MdfFundFigures: {
      currency: string | null;
      accrued: string;
      committed: string;
      released: string;
      claimed: string;
      approved: string;
      paid: string;
      available: string;
    };
    MdfFundView: {
      partnerId: string;
      figures: components['schemas']['MdfFundFigures'];
      accruals: number;
      campaigns: components['schemas']['MdfCampaignFigures'][];
      claims: components['schemas']['MdfClaimView'][];
      position: string;
    };
    /** @enum {string} */
    Motion: 'new' | 'renewal' | 'expansion';
    PartnerAdjustmentStatementLine: {
      /** @enum {string} */
      kind: 'adjustment';
      lineId: string;
      amount: string;
      description: string;
      adjustment:
        | {
            /** @enum {string} */
            reason: 'recomputation';
            adjusts: components['schemas']['IssuedLineReference'];
            amountBefore: string;
            recomputed: components['schemas']['CommissionLine'] | (never | null);
          }
        | components['schemas']['PartnerDisputeAdjustment'];
    };
    PartnerDealView: {
      dealId: string;
      registrationId: string | null;
      customer: {
        name: string;
        domain: string;
      };
      currency: string;
      status: components['schemas']['DealStatus'];
      stage: string | null;
      billing: string | null;
      termMonths: number | null;
      fxRate: string | null;
      amountWon: string;
      amountRefunded: string;
      openedAt: string;
      wonAt: string | null;
      lostAt: string | null;
      lostReason: string | null;
      churnedAt: string | null;
      partners: {
        revenueAttributed: string;
        partnerId: string;
        role: components['schemas']['PartnerRole'];
        share: string;
      }[];
      coSold: boolean;
      programCurrency: string;
      position: string;
    };
    PartnerDisputeAdjustment: {
      /** @enum {string} */
      reason: 'dispute';
      adjusts: components['schemas']['IssuedLineReference'];
      dispute: {
        disputeNumber: number;
        disputeReason: string;
        resolvedAt: string;
        note?: string;
      };
    };
    /** @enum {string} */
    PartnerKind: 'reseller' | 'referral' | 'technology';
    PartnerList: {
      partners: components['schemas']['PartnerView'][];
      next: string | null;
    };
    /** @enum {string} */
    PartnerRole: 'sourcing' | 'influencing';
    PartnerStatementLine:
      | components['schemas']['CommissionStatementLine']
      | components['schemas']['MdfClaimStatementLine']
      | components['schemas']['CarryForwardStatementLine']
      | components['schemas']['PartnerAdjustmentStatementLine'];
    PartnerStatementView: {
      lines: components['schemas']['PartnerStatementLine'][];
      approval: {
        approvedAt: string;
      } | null;
      payment: {
        paymentReference: string;
        paidAt: string;
        amount: string;
        currency: string;
      } | null;
      disputes: {
        lineId: string;
        disputeNumber: number;
        reason: string;
        disputedAt: string;
        /** @enum {string} */
        status: 'open' | 'resolved';
        outcome: components['schemas']['DisputeOutcome'] | (never | null);
        adjustment: string | null;
        note: string | null;
        resolvedAt: string | null;
        adjustmentLine: {
          statementId: string;
          lineId: string;
        } | null;
      }[];
      statementId: string;
      partnerId: string;
      period: string;
      currency: string;
      subtotals: {
        carry_forward: string;
        commission: string;
        clawback: string;
        adjustment: string;
        mdf_claim: string;
      };
      total: string;
      payable: string;
      carriedForward: string;
      issuedAt: string;
      status: components['schemas']['StatementStatus'];
      openDisputes: number;
      adjustedBy: components['schemas']['StatementAdjustmentLink'][];
      issuedPosition: string;
      position: string;
    };
    /** @enum {string} */
    PartnerStatus: 'active' | 'suspended' | 'offboarded';
    PartnerView: {
      partnerId: string;
      name: string;
      kind: components['schemas']['PartnerKind'];
      region: string;
      status: components['schemas']['PartnerStatus'];
      statusReason: string | null;
      enrolledAt: string;
      updatedAt: string;
      position: string;
    };
    PipelineDeal: {
      dealId: string;
      registrationId: string | null;
      customer: {
        name: string;
        domain: string;
      };
      currency: string;
      stage: string | null;
      openedAt: string;
      role: string;
      share: string;
      estimatedValue: string | null;
      estimatedCurrency: string | null;
    };
    PipelinePage: {
      partnerId: string;
      registrations: components['schemas']['RegistrationView'][];
      deals: components['schemas']['PipelineDeal'][];
      totals: {
        registrations: number;
        deals: number;
      };
      next: string | null;
    };
    ProductLineCalculation: {
      sku: string;
      family: string;
      amount: string;
      fxRate: string;
      share: string;
      base: string;
      rate: string;
      rateClause: string;
      roleMultiplier: string;
      motionMultiplier: string;
      discount: string;
      discountMultiplier: string;
      maxDiscount: string;
      factor: string;
      standard: string;
      slices: components['schemas']['AcceleratorSlice'][];
      accelerated: string;
    };
    /** @enum {string} */
    ProjectionState: 'caught_up' | 'catching_up' | 'rebuilding' | 'recomputing' | 'failed';
    ProjectionsView: {
      headPosition: string;
      projections: components['schemas']['ProjectionView'][];
      rebuild: components['schemas']['RebuildProgressView'] | (never | null);
    };
    ProjectionView: {
      name: string;
      version: number;
      position: string;
      lag: string;
      state: components['schemas']['ProjectionState'];
      failure?: {
        position: string;
        error: string;
        at: string;
      };
      recompute?: {
        position: string;
        reason: string;
      };
      progress?: components['schemas']['RebuildProgressView'];
    };
    RebuildAnswer: {
      rebuild: components['schemas']['RebuildProgressView'] | (never | null);
    };
    RebuildProgressView: {
      done: string;
      total: string;
      projections: string[];
      /** @enum {string} */
      kind: 'rebuild' | 'recompute';
      /** @enum {string} */
      state: 'building' | 'swapping' | 'restoring' | 'done' | 'failed';
      ratePerSecond: number;
      etaSeconds: number | null;
      startedAt: string;
      resumed?: boolean;
      error?: string;
      code?: string;
    };
    RegistrationList: {
      registrations: components['schemas']['RegistrationView'][];
      next: string | null;
    };
    /** @enum {string} */
    RegistrationStatus: 'submitted' | 'approved' | 'rejected' | 'expired';
    RegistrationView: {
      registrationId: string;
      partnerId: string;
      customer: {
        name: string;
        domain: string;
      };
      customerKey: string;
      productFamily: string;
      estimatedValue: string;
      currency: string;
      expectedCloseDate: string;
      status: components['schemas']['RegistrationStatus'];
      protectedUntil: string | null;
      extension: {
        reason: string;
        extendedAt: string;
        previousProtectedUntil: string;
      } | null;
      rejectionReason: string | null;
      submittedAt: string;
      decidedAt: string | null;
      position: string;
    };
    RequirementGap: {
      /** @enum {string} */
      requirement: 'trailingRevenue' | 'wonDeals' | 'winRate';
      required: string;
      actual: string;
      shortBy: string;
    };
    ReversalCalculation: {
      /** @enum {string} */
      reason: 'refund' | 'churn' | 'forfeiture';
      reversedLineId: string;
      reversedAmount: string;
      reversedBusinessDate: string;
      daysAfter: number;
      clawbackDays: number;
      dealCurrency: string | null;
      refundAmount: string | null;
      dealAmount: string | null;
      ratio: string | null;
      refundedBefore: string | null;
      refundedAfter: string | null;
      remainingBefore: string;
    };
    RoundingApplied: {
      mode: components['schemas']['RoundingMode'];
      decimalPlaces: number;
      unrounded: string;
      rounded: string;
      adjustment: string;
    };
    /** @enum {string} */
    RoundingMode: 'HALF_EVEN' | 'HALF_UP' | 'HALF_DOWN' | 'UP' | 'DOWN' | 'CEIL' | 'FLOOR';
    SimulationReport: {
      candidate: {
        version: string;
        effectiveFrom: string;
      };
      eventsReplayed: number;
      headPosition: string;
      rows: components['schemas']['SimulationRow'][];
      totals: {
        currency: string;
        commissionBefore: string;
        commissionAfter: string;
        commissionDelta: string;
        mdfAccrualDelta: string;
      };
    };
    SimulationRow: {
      partnerId: string;
      period: string;
      currency: string;
      commissionBefore: string;
      commissionAfter: string;
      commissionDelta: string;
      tierBefore: string | null;
      tierAfter: string | null;
      mdfAccrualBefore: string;
      mdfAccrualAfter: string;
      mdfAccrualDelta: string;
    };
    SourceReference: {
      eventId: string;
      position: string;
      stream: string;
      type: string;
    };
    StatementAdjustment:
      | {
          /** @enum {string} */
          reason: 'recomputation';
          adjusts: components['schemas']['IssuedLineReference'];
          amountBefore: string;
          recomputed: components['schemas']['CommissionLine'] | (never | null);
        }
      | {
          /** @enum {string} */
          reason: 'dispute';
          adjusts: components['schemas']['IssuedLineReference'];
          dispute: {
            disputeNumber: number;
            disputeReason: string;
            resolvedBy: string;
            resolvedAt: string;
            note?: string;
          };
        };
    StatementAdjustmentLink: {
      statementId: string;
      lineId: string;
      adjustsLineId: string;
      /** @enum {string} */
      reason: 'recomputation' | 'dispute';
      amount: string;
    };
    StatementAnswer: components['schemas']['StatementView'] | components['schemas']['PartnerStatementView'];
    StatementDisputeView: {
      lineId: string;
      disputeNumber: number;
      reason: string;
      disputedBy: string;
      disputedAt: string;
      /** @enum {string} */
      status: 'open' | 'resolved';
      outcome: components['schemas']['DisputeOutcome'] | (never | null);
      adjustment: string | null;
      note: string | null;
      resolvedBy: string | null;
      resolvedAt: string | null;
      adjustmentLine: {
        statementId: string;
        lineId: string;
      } | null;
    };
    StatementLine:
      | components['schemas']['CommissionStatementLine']
      | components['schemas']['MdfClaimStatementLine']
      | components['schemas']['AdjustmentStatementLine']
      | components['schemas']['CarryForwardStatementLine'];
    StatementList: {
      statements: components['schemas']['StatementAnswer'][];
      next: string | null;
    };
    /** @enum {string} */
    StatementStatus: 'issued' | 'approved' | 'paid';
    StatementView: {
      statementId: string;
      partnerId: string;
      period: string;
      currency: string;
      lines: components['schemas']['StatementLine'][];
      subtotals: {
        carry_forward: string;
        commission: string;
        clawback: string;
        adjustment: string;
        mdf_claim: string;
      };
      total: string;
      payable: string;
      carriedForward: string;
      issuedBy: string;
      issuedAt: string;
      status: components['schemas']['StatementStatus'];
      approval: {
        approvedBy: string;
        approvedAt: string;
      } | null;
      payment: {
        paymentReference: string;
        paidAt: string;
        paidBy: string;
        amount: string;
        currency: string;
      } | null;
      disputes: components['schemas']['StatementDisputeView'][];
      openDisputes: number;
      adjustedBy: components['schemas']['StatementAdjustmentLink'][];
      issuedPosition: string;
      position: string;
    };
    /** @enum {string} */
    TierBasis: 'earned' | 'override' | 'entry';
    /** @enum {string} */
    TierChange: 'promoted' | 'demoted' | 'unchanged' | 'held' | 'requalified';
    TierEvaluation: {
      evaluationId: string;
      partnerId: string;
      period: string;
      source: components['schemas']['SourceReference'];
      ruleSetVersion: string;
      quarters: string[];
      figures: {
        attributedRevenue: string;
        wonDeals: number;
        lostDeals: number;
        winRate: string | null;
      };
      previousTier: string;
      qualifiedTier: string;
      tier: string;
      change: components['schemas']['TierChange'];
      shortfallCount: number;
      demotionGraceQuarters: number;
      effectiveFrom: string;
      nextTier: {
        name: string;
        missing: components['schemas']['RequirementGap'][];
      } | null;
      explanation: string[];
    };
    TierOverrideView: {
      eventId: string;
      tier: string;
      from: string;
      until: string;
      reason: string;
      position: string;
    };
    TierView: {
      partnerId: string;
      asOf: string;
      ruleSetVersion: string | null;
      tier: components['schemas']['AppliedTier'] | (never | null);
      earnedTier: components['schemas']['AppliedTier'] | (never | null);
      override: components['schemas']['TierOverrideView'] | (never | null);
      shortfallCount: number;
      demotionGraceQuarters: number | null;
      history: components['schemas']['TierEvaluation'][];
      overrides: components['schemas']['TierOverrideView'][];
      outlook: {
        quarters: string[];
        figures: {
          attributedRevenue: string;
          wonDeals: number;
          lostDeals: number;
        };
        qualifiedTier: string;
        nextTier: {
          name: string;
          missing: components['schemas']['RequirementGap'][];
        } | null;
      } | null;
    };
    VerificationAnswer: {
      verification: components['schemas']['LastVerifyView'] | (never | null);
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
        content: {
          'application/json': components['schemas']['Liveness'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  HealthController_ready: {
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
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
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
      /** @description The Prometheus text exposition format */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SignInController_signIn: {
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
        content: {
          'application/json': components['schemas']['SignInView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PartnersController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Rows per page */
        limit?: number;
        /** @description The `next` value of the previous page, unchanged (opaque); leave out for the first page */
        cursor?: string;
        status?: 'active' | 'suspended' | 'offboarded';
        kind?: 'reseller' | 'referral' | 'technology';
        region?: string;
        /** @description The tier each partner is paid at today (overrides included) */
        tier?: string;
        /** @description A part of the name or of the partner id, any case */
        q?: string;
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
        content: {
          'application/json': components['schemas']['PartnerList'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PartnersController_enroll: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "partnerId": "acme-emea",
         *       "name": "Acme Resellers GmbH",
         *       "kind": "reseller",
         *       "region": "EMEA",
         *       "enrolledAt": "2024-05-01"
         *     }
         */
        'application/json': components['schemas']['EnrollPartnerDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PartnerCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PartnersController_suspend: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example acme-emea */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "reason": "Compliance review"
         *     }
         */
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PartnerCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PartnersController_reinstate: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example acme-emea */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        /**
         * @example {
         *       "reason": "Review closed"
         *     }
         */
        'application/json': components['schemas']['OptionalReasonDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PartnerCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PartnersController_offboard: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example acme-emea */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "settlement": "accelerate"
         *     }
         */
        'application/json': components['schemas']['OffboardPartnerDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PartnerCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PartnersController_overrideTier: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example acme-emea */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "tier": "gold",
         *       "until": "2026-06-30",
         *       "reason": "Strategic launch partner for the EMEA region"
         *     }
         */
        'application/json': components['schemas']['OverrideTierDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PartnerCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PartnersController_get: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        /** @example acme-emea */
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
        content: {
          'application/json': components['schemas']['PartnerView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  AdminController_verification: {
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
        content: {
          'application/json': components['schemas']['VerificationAnswer'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  AdminController_projections: {
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
        content: {
          'application/json': components['schemas']['ProjectionsView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
    requestBody?: {
      content: {
        /**
         * @example {
         *       "projections": [
         *         "partners"
         *       ]
         *     }
         */
        'application/json': components['schemas']['RebuildDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RebuildAnswer'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  AdminController_events: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Rows per page */
        limit?: number;
        /** @description The `next` value of the previous page, unchanged (opaque); leave out for the first page */
        cursor?: string;
        /** @description Only this stream, in revision order */
        stream?: string;
        /** @description With `stream`: the first revision to answer */
        fromRevision?: number;
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
        content: {
          'application/json': components['schemas']['EventList'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
    /** @description The rule-set document GET /rule-sets/:version answers and POST /rule-sets takes; rationale optional, version optional (then `candidate`), read-only keys ignored */
    requestBody?: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description The simulation report, or with ?format=csv one row per partner and quarter */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SimulationReport'];
          'text/csv': string;
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RegistrationsController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Rows per page */
        limit?: number;
        /** @description The `next` value of the previous page, unchanged (opaque); leave out for the first page */
        cursor?: string;
        /** @description Staff only; a partner user always sees its own */
        partnerId?: string;
        status?: 'submitted' | 'approved' | 'expired' | 'rejected';
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
        content: {
          'application/json': components['schemas']['RegistrationList'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RegistrationsController_submit: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "registrationId": "reg-2026-0042",
         *       "partnerId": "acme-emea",
         *       "customer": {
         *         "name": "Globex Corporation",
         *         "domain": "globex.com"
         *       },
         *       "productFamily": "platform",
         *       "estimatedValue": "50000.00",
         *       "currency": "EUR",
         *       "expectedCloseDate": "2026-06-30"
         *     }
         */
        'application/json': components['schemas']['SubmitRegistrationDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistrationCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RegistrationsController_approve: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example reg-2026-0042 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistrationCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RegistrationsController_reject: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example reg-2026-0042 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "reason": "Duplicate of an existing opportunity"
         *     }
         */
        'application/json': components['schemas']['RejectRegistrationDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistrationCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RegistrationsController_extend: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example reg-2026-0042 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "reason": "Procurement moved the signature to next quarter"
         *     }
         */
        'application/json': components['schemas']['ExtendRegistrationDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistrationCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example reg-2026-0042 */
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
        content: {
          'application/json': components['schemas']['RegistrationView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CustomersController_declareDivision: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example globex.com */
        domain: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "domain": "eu.globex.com",
         *       "reason": "Globex Europe buys separately"
         *     }
         */
        'application/json': components['schemas']['DeclareCustomerDivisionDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CustomerDivisionResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DealsController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Rows per page */
        limit?: number;
        /** @description The `next` value of the previous page, unchanged (opaque); leave out for the first page */
        cursor?: string;
        /** @description Deals this partner is on; a partner user sees its own */
        partnerId?: string;
        status?: 'open' | 'won' | 'lost' | 'churned';
        /** @description Deals opened or won in this quarter */
        period?: string;
        /** @description A part of the customer name or domain, any case */
        q?: string;
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
        content: {
          'application/json': components['schemas']['DealList'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DealsController_open: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "dealId": "deal-2026-0007",
         *       "customer": {
         *         "name": "Globex Corporation",
         *         "domain": "globex.com"
         *       },
         *       "partners": [
         *         {
         *           "partnerId": "acme-emea",
         *           "role": "sourcing",
         *           "share": "0.6"
         *         },
         *         {
         *           "partnerId": "globex-partners",
         *           "role": "influencing",
         *           "share": "0.4"
         *         }
         *       ],
         *       "currency": "EUR",
         *       "openedAt": "2026-02-10",
         *       "protectionOverride": {
         *         "reason": "The customer asked in writing to buy through this partner"
         *       }
         *     }
         */
        'application/json': components['schemas']['OpenDealDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DealCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DealsController_advance: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example deal-2026-0007 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "stage": "prospecting"
         *     }
         */
        'application/json': components['schemas']['AdvanceDealStageDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DealCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DealsController_win: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example deal-2026-0007 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "lines": [
         *         {
         *           "sku": "PLAT-12M",
         *           "family": "platform",
         *           "amount": "1000.00",
         *           "discount": "0.1"
         *         }
         *       ],
         *       "fxRate": "1.1",
         *       "billing": "one_time",
         *       "wonAt": "2026-02-10"
         *     }
         */
        'application/json': components['schemas']['WinDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DealCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DealsController_lose: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example deal-2026-0007 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "reason": "Went with a competitor",
         *       "lostAt": "2026-02-10"
         *     }
         */
        'application/json': components['schemas']['LoseDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DealCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DealsController_renew: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example deal-2026-0007 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "lines": [
         *         {
         *           "sku": "PLAT-12M",
         *           "family": "platform",
         *           "amount": "1000.00",
         *           "discount": "0.1"
         *         }
         *       ],
         *       "fxRate": "1.1",
         *       "renewedAt": "2027-02-10"
         *     }
         */
        'application/json': components['schemas']['RenewDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DealCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DealsController_expand: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example deal-2026-0007 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "lines": [
         *         {
         *           "sku": "PLAT-12M",
         *           "family": "platform",
         *           "amount": "1000.00",
         *           "discount": "0.1"
         *         }
         *       ],
         *       "fxRate": "1.1",
         *       "expandedAt": "2026-06-01"
         *     }
         */
        'application/json': components['schemas']['ExpandDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DealCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DealsController_refund: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example deal-2026-0007 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "amount": "100.00",
         *       "fxRate": "1.1",
         *       "refundedAt": "2026-03-01"
         *     }
         */
        'application/json': components['schemas']['RefundDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DealCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DealsController_churn: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example deal-2026-0007 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "churnedAt": "2026-09-30"
         *     }
         */
        'application/json': components['schemas']['ChurnDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DealCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example deal-2026-0007 */
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
        content: {
          'application/json': components['schemas']['DealAnswer'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PartnerDealsController_pipeline: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Rows per page */
        limit?: number;
        /** @description The `next` value of the previous page, unchanged (opaque); leave out for the first page */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @example acme-emea */
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
        content: {
          'application/json': components['schemas']['PipelinePage'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example acme-emea */
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
        content: {
          'application/json': components['schemas']['ScorecardView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        content: {
          'application/json': components['schemas']['RuleSetList'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RuleSetsController_publish: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description The rule-set document of DESIGN §5 with a top-level `rationale` (why the rules change) */
    requestBody?: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      201: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RuleSetCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example 2026.1 */
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
        content: {
          'application/json': components['schemas']['RuleSetView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PeriodsController_close: {
    parameters: {
      query?: {
        /** @description true: append nothing and answer what the close would do (PeriodClosePreviewResponse): the same refusals, each active partner's tier evaluation with its figures, and how many lines and facts it would freeze */
        dryRun?: 'true' | 'false';
      };
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example 2026-Q1 */
        period: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The close (PeriodCommandResponse), or with ?dryRun=true its preview (PeriodClosePreviewResponse) */
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json':
            components['schemas']['PeriodCommandResponse'] | components['schemas']['PeriodClosePreviewResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        content: {
          'application/json': components['schemas']['PeriodList'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CommissionsController_lines: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Rows per page */
        limit?: number;
        /** @description The `next` value of the previous page, unchanged (opaque); leave out for the first page */
        cursor?: string;
        /** @description Only lines (or accruals) whose business date falls in this quarter; every one when absent */
        period?: string;
      };
      header?: never;
      path: {
        /** @example acme-emea */
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
        content: {
          'application/json': components['schemas']['CommissionLineList'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f:acme-emea */
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
        content: {
          'application/json': components['schemas']['CommissionLineView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example acme-emea */
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
        content: {
          'application/json': components['schemas']['BalanceView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example acme-emea */
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
        content: {
          'application/json': components['schemas']['TierView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CommissionsController_mdfAccruals: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Rows per page */
        limit?: number;
        /** @description The `next` value of the previous page, unchanged (opaque); leave out for the first page */
        cursor?: string;
        /** @description Only lines (or accruals) whose business date falls in this quarter; every one when absent */
        period?: string;
      };
      header?: never;
      path: {
        /** @example acme-emea */
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
        content: {
          'application/json': components['schemas']['MdfAccrualList'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Rows per page */
        limit?: number;
        /** @description The `next` value of the previous page, unchanged (opaque); leave out for the first page */
        cursor?: string;
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
        content: {
          'application/json': components['schemas']['CampaignList'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_propose: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "campaignId": "cmp-2026-spring",
         *       "partnerId": "acme-emea",
         *       "name": "Spring webinars",
         *       "budget": "15000.00",
         *       "goals": {
         *         "leads": 120,
         *         "pipeline": "400000.00"
         *       },
         *       "milestones": [
         *         {
         *           "id": "webinar-1",
         *           "amount": "5000.00"
         *         },
         *         {
         *           "id": "webinar-2",
         *           "amount": "10000.00"
         *         }
         *       ]
         *     }
         */
        'application/json': components['schemas']['ProposeCampaignDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_approve: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example cmp-2026-spring */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_complete: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example cmp-2026-spring */
        id: string;
        /** @example webinar-1 */
        milestoneId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "evidence": "https://files.example/webinar-report.pdf"
         *     }
         */
        'application/json': components['schemas']['CompleteMilestoneDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_attribute: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example cmp-2026-spring */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        /**
         * @example {
         *       "dealId": "deal-2026-0007",
         *       "registrationId": "reg-2026-0042"
         *     }
         */
        'application/json': components['schemas']['AttributeLeadDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_close: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example cmp-2026-spring */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CampaignCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_claim: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example cmp-2026-spring */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "claimId": "claim-2026-0003",
         *       "amount": "4800.00",
         *       "evidence": "Invoice INV-2026-118, receipts at https://files.example/inv-118.pdf"
         *     }
         */
        'application/json': components['schemas']['SubmitClaimDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ClaimCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_approveClaim: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example cmp-2026-spring */
        id: string;
        /** @example claim-2026-0001 */
        claimId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ClaimCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_rejectClaim: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example cmp-2026-spring */
        id: string;
        /** @example claim-2026-0001 */
        claimId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "reason": "The invoice does not name the campaign"
         *     }
         */
        'application/json': components['schemas']['RejectClaimDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ClaimCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example cmp-2026-spring */
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
        content: {
          'application/json': components['schemas']['CampaignView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example acme-emea */
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
        content: {
          'application/json': components['schemas']['MdfFundView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  StatementsController_list: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
        /** @description Rows per page */
        limit?: number;
        /** @description The `next` value of the previous page, unchanged (opaque); leave out for the first page */
        cursor?: string;
        /** @description A partner user may only name itself (its own statements are all it sees) */
        partnerId?: string;
        period?: string;
        /** @description disputed: a dispute is not yet resolved (whatever the status); issued: issued, none disputed */
        status?: 'issued' | 'disputed' | 'approved' | 'paid';
        /** @description csv: one row per statement line with its provenance columns */
        format?: 'json' | 'csv';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Statements, or with ?format=csv one row per line with its provenance */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatementList'];
          'text/csv': string;
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  StatementsController_issue: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "partnerId": "acme-emea",
         *       "period": "2026-Q1"
         *     }
         */
        'application/json': components['schemas']['IssueStatementDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatementCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
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
        /** @example acme-emea-2026-Q1 */
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
        content: {
          'application/json': components['schemas']['StatementAnswer'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  StatementsController_approve: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example acme-emea-2026-Q1 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatementCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  StatementsController_pay: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example acme-emea-2026-Q1 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "paymentReference": "SEPA-2026-04-0915",
         *       "paidAt": "2026-04-15"
         *     }
         */
        'application/json': components['schemas']['PayStatementDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatementCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  StatementsController_dispute: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example acme-emea-2026-Q1 */
        id: string;
        /** @example 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f:acme-emea */
        lineId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "reason": "The discount on this deal was 5%, not 10%"
         *     }
         */
        'application/json': components['schemas']['DisputeLineDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatementCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  StatementsController_resolve: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes a retry safe: the same key with the same request replays the first answer (Idempotent-Replayed), with another request answers 409 IDEMPOTENCY_KEY_REUSED. Kept per caller and per stream the command targets. Without it, a command that creates an entity is keyed by its id. */
        'Idempotency-Key'?: string;
        /** @description Recorded on the command's events (metadata.correlationId); the request's id when absent */
        'X-Correlation-Id'?: string;
      };
      path: {
        /** @example acme-emea-2026-Q1 */
        id: string;
        /** @example 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f:acme-emea */
        lineId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "outcome": "adjusted",
         *       "adjustment": "120.50",
         *       "note": "Discount confirmed at 5% by the deal desk"
         *     }
         */
        'application/json': components['schemas']['ResolveDisputeDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description Sent, as `true`, when the answer replays the first one given for the same key */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatementCommandResponse'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ImportsController_start: {
    parameters: {
      query?: {
        /** @description Run every line through its route and decider on the lines before it, list the refused ones by line number, append nothing */
        dryRun?: 'true' | 'false';
        /** @description Stop at the first refused line (by default a refused line is reported and the rest still run) */
        stopOnError?: 'true' | 'false';
      };
      header: {
        authorization: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/x-ndjson': string;
      };
    };
    responses: {
      202: {
        headers: {
          /** @description The import's progress: GET /imports/<id> */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description It conflicts with what is recorded */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_ALREADY_ENROLLED",
           *       "message": "Partner acme-emea is already enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PAYLOAD_TOO_LARGE",
           *       "message": "Request body is too large",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNSUPPORTED_MEDIA_TYPE",
           *       "message": "The body must be JSON, sent with Content-Type: application/json",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A business rule refuses it */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PERIOD_CLOSED",
           *       "message": "Period 2026-Q1 is closed",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ImportsController_get: {
    parameters: {
      query?: {
        /** @description Answer only once the read models have applied this global position */
        after?: string;
      };
      header?: never;
      path: {
        /** @example imp-0b6f3c1e-5f0e-4a47-9a43-32ef7a1c6b1d */
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
        content: {
          'application/json': components['schemas']['ImportView'];
        };
      };
      /** @description The request is invalid: every offending field with its rule */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "VALIDATION_FAILED",
           *       "message": "name is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No valid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "UNAUTHENTICATED",
           *       "message": "A bearer token is required",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The role may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "FORBIDDEN",
           *       "message": "The role finance may not do this",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such entity (named by the path, the body or a filter) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "PARTNER_NOT_FOUND",
           *       "message": "Partner acme-emea is not enrolled",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "RATE_LIMITED",
           *       "message": "Too many requests: at most 600 a minute",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Retry after Retry-After: read models behind `?after=`, a failed projection, or a full disk */
      503: {
        headers: {
          /** @description Seconds to wait before trying again */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": "READ_MODEL_BEHIND",
           *       "message": "The read models have not reached position 42 yet",
           *       "details": {}
           *     }
           */
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
}
