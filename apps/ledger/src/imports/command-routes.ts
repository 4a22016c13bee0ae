import type { Type } from '@nestjs/common';
import { CampaignsController } from '../campaigns/campaigns.controller.js';
import { DealsController } from '../deals/deals.controller.js';
import { PeriodsController } from '../program/periods.controller.js';
import { RuleSetsController } from '../program/rule-sets.controller.js';
import { PartnersController } from '../partners/partners.controller.js';
import { CustomersController } from '../registrations/customers.controller.js';
import { RegistrationsController } from '../registrations/registrations.controller.js';
import { StatementsController } from '../statements/statements.controller.js';

/** One command route an import line may name, and the controller method that serves it over HTTP. */
export interface CommandRoute {
  /** As Nest declares it: `POST /deals/:id/win`. */
  readonly route: string;
  readonly controller: Type<unknown>;
  readonly handler: string;
  /**
   * Its handler makes one append (one `pipeline.run`) and reads nothing after it: the import runs it in a
   * batch (AppendBatch) and starts the next line once that append joins the batch. Declared by reading the
   * handler; enforced at run time: a second append of a batched line is refused (the line answers 500).
   */
  readonly appendsOnce: boolean;
}

/** An entry; the handler must be a method of the controller (checked by the compiler). */
function command<T>(route: string, controller: Type<T>, handler: keyof T & string, appendsOnce = false): CommandRoute {
  return { route, controller, handler, appendsOnce };
}

/** Marks the routes whose handler appends once (partners, deals, divisions, rule sets; not the sagas). */
const once = true;

/**
 * Every command route of the API, which import lines run exactly as the route does (its guard, pipes,
 * controller method, handler and decider) without the HTTP layer. command-routes.spec.ts fails when a POST
 * route exists that is neither here nor in `nonCommandRoutes`; the dispatcher refuses to start when an
 * entry no longer matches its controller's own route.
 */
export const commandRoutes: readonly CommandRoute[] = [
  command('POST /partners', PartnersController, 'enroll', once),
  command('POST /partners/:id/suspend', PartnersController, 'suspend', once),
  command('POST /partners/:id/reinstate', PartnersController, 'reinstate', once),
  command('POST /partners/:id/offboard', PartnersController, 'offboard', once),
  command('POST /partners/:id/tier-override', PartnersController, 'overrideTier', once),
  command('POST /registrations', RegistrationsController, 'submit'),
  command('POST /registrations/:id/approve', RegistrationsController, 'approve'),
  command('POST /registrations/:id/reject', RegistrationsController, 'reject'),
  command('POST /registrations/:id/extend', RegistrationsController, 'extend'),
  command('POST /customers/:domain/divisions', CustomersController, 'declareDivision', once),
  command('POST /deals', DealsController, 'open', once),
  command('POST /deals/:id/stage', DealsController, 'advance', once),
  command('POST /deals/:id/win', DealsController, 'win', once),
  command('POST /deals/:id/lose', DealsController, 'lose', once),
  command('POST /deals/:id/renew', DealsController, 'renew', once),
  command('POST /deals/:id/expand', DealsController, 'expand', once),
  command('POST /deals/:id/refund', DealsController, 'refund', once),
  command('POST /deals/:id/churn', DealsController, 'churn', once),
  command('POST /rule-sets', RuleSetsController, 'publish', once),
  command('POST /periods/:period/close', PeriodsController, 'close'),
  command('POST /campaigns', CampaignsController, 'propose'),
  command('POST /campaigns/:id/approve', CampaignsController, 'approve'),
  command('POST /campaigns/:id/milestones/:milestoneId/complete', CampaignsController, 'complete'),
  command('POST /campaigns/:id/leads', CampaignsController, 'attribute'),
  command('POST /campaigns/:id/close', CampaignsController, 'close'),
  command('POST /campaigns/:id/claims', CampaignsController, 'claim'),
  command('POST /campaigns/:id/claims/:claimId/approve', CampaignsController, 'approveClaim'),
  command('POST /campaigns/:id/claims/:claimId/reject', CampaignsController, 'rejectClaim'),
  command('POST /statements', StatementsController, 'issue'),
  command('POST /statements/:id/approve', StatementsController, 'approve'),
  command('POST /statements/:id/pay', StatementsController, 'pay'),
  command('POST /statements/:id/lines/:lineId/dispute', StatementsController, 'dispute'),
  command('POST /statements/:id/lines/:lineId/resolve', StatementsController, 'resolve'),
];

/** POST routes that are not commands an import carries (they append nothing, or are the import itself). */
export const nonCommandRoutes: readonly string[] = [
  'POST /imports',
  'POST /admin/projections/rebuild',
  'POST /rule-sets/simulate',
];
