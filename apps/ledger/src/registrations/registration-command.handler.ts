import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  customerLockDecider,
  customerKeyOf,
  customerStream,
  DomainError,
  normalizeCustomerDomain,
  partnerDecider,
  partnerStream,
  registrationDecider,
  registrationStream,
  requireCustomerKey,
  type Customer,
  type CustomerLockState,
  type RegistrationState,
} from '#domain';
import type { CommandResult } from '#event-store';
import { FactsCommandHandler } from '../common/facts-command-handler.js';
import { maxPosition, protocolOutcome, stepsOf } from '../common/protocol-steps.js';
import type { RequestContext } from '../common/request-context.js';
import { registrableDomainOf } from './registrable-domain.js';

/** What a client asks of a registration; the handler loads the facts each command carries in `context`. */
export type RegistrationRequest =
  | {
      type: 'SubmitRegistration';
      data: {
        registrationId: string;
        partnerId: string;
        customer: Customer;
        productFamily: string;
        estimatedValue: string;
        currency?: string;
        expectedCloseDate: string;
      };
    }
  | { type: 'ApproveRegistration'; data: { registrationId: string } }
  | { type: 'RejectRegistration'; data: { registrationId: string; reason: string } };

/** What a submission's context says about its customer; see customerLockOf. */
interface CustomerFacts {
  readonly registrableDomain: string | null;
  readonly divisions: readonly string[];
  readonly customerLock: CustomerLockState;
}

export class RegistrationCommandMessage {
  constructor(
    readonly request: RegistrationRequest,
    readonly context: RequestContext,
  ) {}
}

export interface RegistrationOutcome {
  /** The global position of the latest event the request touched, across every stream it wrote. */
  readonly position: bigint;
  /** True when the request's deciding step had already taken effect (a retry). */
  readonly replayed: boolean;
}

/**
 * One handler for `registration-<id>`. Submitting is one command; approving and rejecting run the
 * approval protocol of registration.decider.ts, whose steps also write the lock stream
 * `customer-<customerKey>`. Each step is keyed by the request's idempotency key plus the step name,
 * so retrying a request that crashed half-way replays the steps that happened and runs the rest.
 */
@CommandHandler(RegistrationCommandMessage)
export class RegistrationCommandHandler
  extends FactsCommandHandler
  implements ICommandHandler<RegistrationCommandMessage, RegistrationOutcome>
{
  execute({ request, context }: RegistrationCommandMessage): Promise<RegistrationOutcome> {
    switch (request.type) {
      case 'SubmitRegistration':
        return this.submit(request.data, context);
      case 'ApproveRegistration':
        return this.approve(request.data.registrationId, context);
      case 'RejectRegistration':
        return this.reject(request.data.registrationId, request.data.reason, context);
    }
  }

  private async submit(
    data: Extract<RegistrationRequest, { type: 'SubmitRegistration' }>['data'],
    context: RequestContext,
  ): Promise<RegistrationOutcome> {
    const [partner, lock, facts] = await Promise.all([
      this.pipeline.state(partnerDecider, partnerStream(data.partnerId)),
      this.customerLockOf(data.customer.domain),
      this.program.on(this.today()),
    ]);
    const result = await this.pipeline.run(
      registrationDecider,
      registrationStream(data.registrationId),
      {
        type: 'SubmitRegistration',
        data: { ...data },
        facts: { partnerStatus: partner.status, ...lock, programCurrency: facts.programCurrency },
      },
      context,
      { defaultKey: `submit:${data.registrationId}` },
    );
    return { position: result.position, replayed: result.replayed };
  }

  /**
   * The facts a submission needs about its customer: the registrable domain (Public Suffix List), the
   * divisions declared on its stream, and the lock the customer key names. The decider derives the key
   * again from the same facts (customerKeyOf); deriving it here tells which lock stream to read.
   */
  private async customerLockOf(domain: string): Promise<CustomerFacts> {
    const host = normalizeCustomerDomain(domain, 'customer.domain');
    const registrableDomain = registrableDomainOf(host);
    if (registrableDomain === null) {
      // No registrable domain: nothing to read, and the decider refuses it naming customer.domain.
      return { registrableDomain, divisions: [], customerLock: customerLockDecider.initialState() };
    }
    const registrable = await this.pipeline.state(customerLockDecider, customerStream(registrableDomain));
    const customerKey = customerKeyOf(host, registrableDomain, registrable.divisions);
    const customerLock =
      customerKey === registrableDomain
        ? registrable
        : await this.pipeline.state(customerLockDecider, customerStream(customerKey));
    return { registrableDomain, divisions: registrable.divisions, customerLock };
  }

  /**
   * 1. Fold the registration; claim the customer only for a submitted one. 2. ClaimCustomer (refused
   * with REGISTRATION_CONFLICT while another registration holds a live claim; nothing to record when
   * this one already holds it). 3. Fold the lock and ApproveRegistration. 4. When the registration was
   * rejected meanwhile, release the claim this request may have taken, then answer the refusal.
   */
  private async approve(registrationId: string, context: RequestContext): Promise<RegistrationOutcome> {
    const steps = stepsOf(context, `approve:${registrationId}`);
    const registration = await this.requireRegistration(registrationId);
    const results: CommandResult[] = [];
    if (registration.status === 'submitted') {
      const { protectionDays } = await this.program.on(this.today());
      results.push(
        await this.pipeline.run(
          customerLockDecider,
          customerStream(registration.customerKey),
          {
            type: 'ClaimCustomer',
            data: { customerKey: registration.customerKey, registrationId, partnerId: registration.partnerId },
            facts: { protectionDays },
          },
          steps('claim'),
        ),
      );
    }
    // For an approved registration this replays a retried request, or refuses a new one (not pending);
    // for a rejected one it refuses, and the catch below heals a claim a crashed approval left.
    const customerLock = await this.pipeline.state(customerLockDecider, customerStream(registration.customerKey));
    try {
      results.push(
        await this.pipeline.run(
          registrationDecider,
          registrationStream(registrationId),
          { type: 'ApproveRegistration', data: { registrationId }, facts: { customerLock } },
          steps('approve'),
        ),
      );
    } catch (error) {
      if (
        error instanceof DomainError &&
        error.code === 'REGISTRATION_NOT_PENDING' &&
        error.details['status'] === 'rejected'
      ) {
        await this.release(registrationId, registration.customerKey, steps('release'));
      }
      throw error;
    }
    return protocolOutcome(results);
  }

  /**
   * 1. RejectRegistration. 2. Fold the registration and ReleaseCustomer, which records nothing unless
   * this registration holds the lock. Step 2's preconditions (the registration exists, its lock key is
   * well-formed) are checked before step 1 appends, so a recorded rejection is never answered with a
   * 4xx. A registration another request already rejected still gets step 2 (it heals a rejection that
   * crashed after step 1): when that frees the customer the request completed the rejection and
   * answers 2xx (replayed), otherwise it is refused as not pending, having changed nothing.
   */
  private async reject(registrationId: string, reason: string, context: RequestContext): Promise<RegistrationOutcome> {
    const steps = stepsOf(context, `reject:${registrationId}`);
    const { customerKey } = await this.requireRegistration(registrationId);
    requireCustomerKey(customerKey);
    let rejected: CommandResult;
    try {
      rejected = await this.pipeline.run(
        registrationDecider,
        registrationStream(registrationId),
        { type: 'RejectRegistration', data: { registrationId, reason } },
        steps('reject'),
      );
    } catch (error) {
      if (
        error instanceof DomainError &&
        error.code === 'REGISTRATION_NOT_PENDING' &&
        error.details['status'] === 'rejected'
      ) {
        const released = await this.release(registrationId, customerKey, steps('release'));
        if (released.events.length > 0) return { position: released.position, replayed: true };
      }
      throw error;
    }
    const released = await this.release(registrationId, customerKey, steps('release'));
    return { position: maxPosition([rejected, released]), replayed: rejected.replayed };
  }

  private async release(registrationId: string, customerKey: string, context: RequestContext): Promise<CommandResult> {
    const registration = await this.pipeline.state(registrationDecider, registrationStream(registrationId));
    return this.pipeline.run(
      customerLockDecider,
      customerStream(customerKey),
      {
        type: 'ReleaseCustomer',
        data: { customerKey, registrationId },
        facts: { registrationStatus: registration.status },
      },
      context,
    );
  }

  private async requireRegistration(
    registrationId: string,
  ): Promise<Extract<RegistrationState, { registrationId: string }>> {
    const registration = await this.pipeline.state(registrationDecider, registrationStream(registrationId));
    if (registration.status === 'none') {
      throw new DomainError('REGISTRATION_NOT_FOUND', `Registration ${registrationId} was not submitted`, {
        registrationId,
      });
    }
    return registration;
  }
}
