// The folded state of a deal registration: a leaf module, so other aggregates' commands and helpers can name it
// without importing the decider (and the decider's own imports) back.
import type { Customer } from './registration.events.js';

export type RegistrationStatus = 'submitted' | 'approved' | 'rejected';

export type RegistrationState =
  | { readonly status: 'none' }
  | {
      readonly status: RegistrationStatus;
      readonly registrationId: string;
      readonly partnerId: string;
      readonly customer: Customer;
      readonly customerKey: string;
      readonly productFamily: string;
      /** Set once approved: the last protected day, inclusive. */
      readonly protectedUntil: string | null;
    };
