import type { Projection } from './projection.js';
import { campaignsProjection } from './campaigns/campaigns.projection.js';
import type { CommissionSnapshots } from './commissions/commission-snapshots.js';
import { commissionsProjection, commissionsProjectionWith } from './commissions/commissions.projection.js';
import { dealsProjection } from './deals/deals.projection.js';
import { registrationsProjection } from './deals/registrations.projection.js';
import { mdfProjection } from './mdf/mdf.projection.js';
import { partnersProjection } from './partners/partners.projection.js';
import { statementsProjection } from './statements/statements.projection.js';

/** Every read model the projector maintains; each depends only on the log, never on another's tables. */
export const projections: readonly Projection[] = [
  partnersProjection,
  registrationsProjection,
  dealsProjection,
  commissionsProjection,
  statementsProjection,
  campaignsProjection,
  mdfProjection,
];

/** The same read models, the commission one saving its engine state to `snapshots` (the service's data folder). */
export function projectionsWith(options: { readonly snapshots?: CommissionSnapshots }): readonly Projection[] {
  const commissions = commissionsProjectionWith(options.snapshots);
  return projections.map((projection) => (projection === commissionsProjection ? commissions : projection));
}
