import type { Projection } from './projection.js';
import { partnersProjection } from './partners/partners.projection.js';

/** Every read model the projector maintains, in the order they are applied to each event. */
export const projections: readonly Projection[] = [partnersProjection];
