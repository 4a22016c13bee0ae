import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isBusinessDate, partnerDecider, partnerStream, type PartnerCommand } from '#domain';
import type { CommandResult } from '#event-store';
import type { CommandInput, CommandRequest } from '../common/command-pipeline.js';
import { FactsCommandHandler } from '../common/facts-command-handler.js';
import type { RequestContext } from '../common/request-context.js';

/** A partner command as the client asks it; the handler adds the facts the decider needs. */
export type PartnerRequest = CommandRequest<PartnerCommand>;

export class PartnerCommandMessage {
  constructor(
    readonly input: PartnerRequest,
    readonly request: RequestContext,
  ) {}
}

/**
 * One handler per decider: every partner command goes through the pipeline on `partner-<id>`. A tier
 * override carries the rule sets that govern its days (from today through `until`) with their tier
 * names, so the decider can refuse a tier that any of them lacks.
 */
@CommandHandler(PartnerCommandMessage)
export class PartnerCommandHandler
  extends FactsCommandHandler
  implements ICommandHandler<PartnerCommandMessage, CommandResult>
{
  async execute({ input, request }: PartnerCommandMessage): Promise<CommandResult> {
    const { partnerId } = input.data;
    const defaultKey = input.type === 'EnrollPartner' ? `enroll:${partnerId}` : undefined;
    return this.pipeline.run(partnerDecider, partnerStream(partnerId), await this.withFacts(input), request, {
      defaultKey,
    });
  }

  private async withFacts(input: PartnerRequest): Promise<CommandInput<PartnerCommand>> {
    if (input.type !== 'OverrideTier') return input;
    const today = this.today();
    // A malformed or past `until` is refused by the decider; today's rule set stands in until then.
    const through = isBusinessDate(input.data.until) && input.data.until > today ? input.data.until : today;
    const ruleSets = await this.program.governing(today, through);
    return { type: 'OverrideTier', data: input.data, facts: { ruleSets } };
  }
}
