// Reading a registration another aggregate's command carries in its facts (deals opened from one, campaign leads).
import { DomainError, invariant } from '../errors.js';
import type { RegistrationOwnerFacts } from './registration.state.js';

/** The registration of the facts, which must have been submitted under `registrationId`. */
export function requireSubmittedRegistration<Facts extends RegistrationOwnerFacts>(
  registration: Facts | undefined,
  registrationId: string,
): Exclude<Facts, { status: 'none' }> {
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
  return registration as Exclude<Facts, { status: 'none' }>;
}
