// Reading a registration another aggregate's command carries in its facts (deals opened from one, campaign leads).
import { DomainError, invariant } from '../errors.js';
import type { RegistrationState } from './registration.state.js';

export type SubmittedRegistration = Exclude<RegistrationState, { status: 'none' }>;

/** The registration of the facts, which must have been submitted under `registrationId`. */
export function requireSubmittedRegistration(
  registration: RegistrationState | undefined,
  registrationId: string,
): SubmittedRegistration {
  if (registration === undefined || registration.status === 'none') {
    throw new DomainError('REGISTRATION_NOT_FOUND', `Registration ${registrationId} was not submitted`, {
      field: 'registrationId',
      registrationId,
    });
  }
  invariant(
    registration.registrationId === registrationId,
    `facts.registration is ${registration.registrationId}, not ${registrationId}`,
  );
  return registration;
}
