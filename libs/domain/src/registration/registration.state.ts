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
      /** Set once approved: the last protected day, inclusive (the extended one after an extension). */
      readonly protectedUntil: string | null;
      /** True once its protection was extended: a protection is extended at most once. */
      readonly extended: boolean;
    };

type SubmittedRegistrationState = Exclude<RegistrationState, { status: 'none' }>;

/** What a campaign reads of a registration it attributes as a lead: whose it is. */
export type RegistrationOwnerFacts =
  { readonly status: 'none' } | Pick<SubmittedRegistrationState, 'status' | 'registrationId' | 'partnerId'>;

/** What opening a deal reads of its registration: whose it is, its customer and its protection. */
export type RegistrationFacts =
  | { readonly status: 'none' }
  | Pick<
      SubmittedRegistrationState,
      'status' | 'registrationId' | 'partnerId' | 'customer' | 'customerKey' | 'protectedUntil'
    >;

/** The owner facts of a folded registration. */
export function registrationOwnerFacts(state: RegistrationState): RegistrationOwnerFacts {
  if (state.status === 'none') return { status: 'none' };
  const { status, registrationId, partnerId } = state;
  return { status, registrationId, partnerId };
}

/** The facts of a folded registration that opening a deal reads. */
export function registrationFacts(state: RegistrationState): RegistrationFacts {
  if (state.status === 'none') return { status: 'none' };
  const { status, registrationId, partnerId, customer, customerKey, protectedUntil } = state;
  return { status, registrationId, partnerId, customer, customerKey, protectedUntil };
}
