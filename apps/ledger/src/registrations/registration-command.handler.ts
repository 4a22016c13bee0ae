import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  customerLockDecider,
  customerStream,
  DomainError,
  partnerDecider,
  partnerStream,
  registrationDecider,
  registrationStream,
  requireCustomerKey,
  requireExtendable,
  requireText,
  addDays,
  type Customer,
  type RegistrationState,
} from '#domain';
import type { CommandResult } from '#event-store';
import { FactsCommandHandler } from '../common/facts-command-handler.js';
import { maxPosition, protocolOutcome, stepsOf } from '../common/protocol-steps.js';
import type { RequestContext } from '../common/request-context.js';
import { customerLockFacts } from './customer-lock-facts.js';

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
  | { type: 'RejectRegistration'; data: { registrationId: string; reason: string } }
  | { type: 'ExtendRegistration'; data: { registrationId: string; reason: string } };

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
      case 'ExtendRegistration':
        return this.extend(request.data.registrationId, request.data.reason, context);
    }
  }

  private async submit(
    data: Extract<RegistrationRequest, { type: 'SubmitRegistration' }>['data'],
    context: RequestContext,
  ): Promise<RegistrationOutcome> {
    const [partner, lock, facts] = await Promise.all([
      this.pipeline.state(partnerDecider, partnerStream(data.partnerId)),
      customerLockFacts(this.pipeline, data.customer.domain, 'customer.domain'),
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

  /**
   * 1. Fold the registration; extend only an approved, live one never extended (a retry whose steps all ran
   * goes straight to step 3, which replays). 2. ExtendCustomerClaim by the protection days of the rules in
   * force today, from the current last day. 3. Fold the lock and ExtendRegistration, which copies its date.
   * Extending happens once, so without an Idempotency-Key header the request is keyed by the registration.
   */
  private async extend(registrationId: string, reason: string, context: RequestContext): Promise<RegistrationOutcome> {
    const steps = stepsOf(context, `extend:${registrationId}`);
    const registration = await this.requireRegistration(registrationId);
    const results: CommandResult[] = [];
    if (registration.status === 'approved' && !registration.extended) {
      const approved = requireExtendable(registration, registrationId, this.today());
      // Step 3 refuses a blank reason; checked first so that no extended claim is left without its record.
      requireText(reason, 'reason', 500);
      const { protectionDays } = await this.program.on(this.today());
      const protectedUntil = addDays(approved.protectedUntil, protectionDays);
      results.push(
        await this.pipeline.run(
          customerLockDecider,
          customerStream(registration.customerKey),
          {
            type: 'ExtendCustomerClaim',
            data: { customerKey: registration.customerKey, registrationId, protectedUntil },
          },
          steps('claim'),
        ),
      );
    }
    const customerLock = await this.pipeline.state(customerLockDecider, customerStream(registration.customerKey));
    results.push(
      await this.pipeline.run(
        registrationDecider,
        registrationStream(registrationId),
        { type: 'ExtendRegistration', data: { registrationId, reason }, facts: { customerLock } },
        steps('extend'),
      ),
    );
    return protocolOutcome(results);
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
