import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { customerLockDecider, customerStream, normalizeCustomerDomain } from '#domain';
import type { CommandResult } from '#event-store';
import { CommandPipeline } from '../common/command-pipeline.js';
import type { RequestContext } from '../common/request-context.js';
import { registrableDomainOf } from './registrable-domain.js';

export interface CustomerDivisionOutcome {
  readonly customerKey: string;
  readonly division: string;
  readonly result: CommandResult;
}

export class DeclareCustomerDivisionMessage {
  constructor(
    readonly request: { customerDomain: string; division: string; reason: string },
    readonly context: RequestContext,
  ) {}
}

/**
 * Records that a subdomain is a separate customer, on the lock stream of the registrable domain, where
 * every submission for that customer reads it. The decider checks that the customer domain is itself
 * registrable and the division one of its subdomains, given the Public Suffix List's answer.
 */
@CommandHandler(DeclareCustomerDivisionMessage)
export class DeclareCustomerDivisionHandler implements ICommandHandler<
  DeclareCustomerDivisionMessage,
  CustomerDivisionOutcome
> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ request, context }: DeclareCustomerDivisionMessage): Promise<CustomerDivisionOutcome> {
    const host = normalizeCustomerDomain(request.customerDomain, 'customerDomain');
    const division = normalizeCustomerDomain(request.division, 'domain');
    const registrableDomain = registrableDomainOf(host);
    // When the host is not registrable the decider refuses before anything is appended to this stream.
    const result = await this.pipeline.run(
      customerLockDecider,
      customerStream(registrableDomain ?? host),
      // Normalized, so a retry spelled differently is recognized as the same request under its default key.
      {
        type: 'DeclareCustomerDivision',
        data: { customerDomain: host, division, reason: request.reason },
        facts: { registrableDomain },
      },
      context,
      { defaultKey: `division:${division}` },
    );
    return { customerKey: host, division, result };
  }
}
