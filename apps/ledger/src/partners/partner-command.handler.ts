import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { partnerDecider, partnerStream, type PartnerCommand } from '#domain';
import type { CommandResult } from '#event-store';
import { CommandPipeline, type CommandInput } from '../common/command-pipeline.js';
import type { RequestContext } from '../common/request-context.js';

export class PartnerCommandMessage {
  constructor(
    readonly input: CommandInput<PartnerCommand>,
    readonly request: RequestContext,
  ) {}
}

/** One handler per decider: every partner command goes through the pipeline on `partner-<id>`. */
@CommandHandler(PartnerCommandMessage)
export class PartnerCommandHandler implements ICommandHandler<PartnerCommandMessage, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ input, request }: PartnerCommandMessage): Promise<CommandResult> {
    const { partnerId } = input.data;
    const defaultKey = input.type === 'EnrollPartner' ? `enroll:${partnerId}` : undefined;
    return this.pipeline.run(partnerDecider, partnerStream(partnerId), input, request, { defaultKey });
  }
}
