import {
  customerKeyOf,
  customerLockDecider,
  customerStream,
  normalizeCustomerDomain,
  type CustomerLockState,
} from '#domain';
import type { CommandPipeline } from '../common/command-pipeline.js';
import { registrableDomainOf } from './registrable-domain.js';

/** What a command about a customer needs of its lock: see customerLockFacts. */
export interface CustomerLockFacts {
  readonly registrableDomain: string | null;
  readonly divisions: readonly string[];
  readonly customerLock: CustomerLockState;
}

/**
 * The facts a registration or a direct deal needs about its customer: the registrable domain (Public Suffix
 * List), the divisions declared on its stream, and the lock the customer key names. The deciders derive the
 * key again from the same facts (customerKeyOf); deriving it here tells which lock stream to read. A domain
 * that does not normalize is refused naming `field`.
 */
export async function customerLockFacts(
  pipeline: CommandPipeline,
  domain: string,
  field: string,
): Promise<CustomerLockFacts> {
  const host = normalizeCustomerDomain(domain, field);
  const registrableDomain = registrableDomainOf(host);
  if (registrableDomain === null) {
    // No registrable domain: nothing to read, and the decider refuses it naming customer.domain.
    return { registrableDomain, divisions: [], customerLock: customerLockDecider.initialState() };
  }
  const registrable = await pipeline.state(customerLockDecider, customerStream(registrableDomain));
  const customerKey = customerKeyOf(host, registrableDomain, registrable.divisions);
  const customerLock =
    customerKey === registrableDomain
      ? registrable
      : await pipeline.state(customerLockDecider, customerStream(customerKey));
  return { registrableDomain, divisions: registrable.divisions, customerLock };
}
