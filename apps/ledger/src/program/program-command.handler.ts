import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { programDecider, programStream, type ProgramCommand } from '#domain';
import { canonicalJson, sha256Hex, type CommandResult } from '#event-store';
import { CommandPipeline, type CommandInput } from '../common/command-pipeline.js';
import type { RequestContext } from '../common/request-context.js';

export class ProgramCommandMessage {
  constructor(
    readonly input: CommandInput<ProgramCommand>,
    readonly request: RequestContext,
  ) {}
}

/**
 * One handler per decider: rule-set publications and period closes go through the pipeline on the
 * `program` stream.
 *
 * Default keys (without an Idempotency-Key header): a close is keyed by its period, so a retried
 * close replays. A publication is keyed by its version and a digest of what was sent, so a retry of
 * the same document replays, while another document under a published version reaches the decider
 * and is refused as RULE_SET_VERSION_EXISTS, which says more than "key reused".
 */
@CommandHandler(ProgramCommandMessage)
export class ProgramCommandHandler implements ICommandHandler<ProgramCommandMessage, CommandResult> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ input, request }: ProgramCommandMessage): Promise<CommandResult> {
    return this.pipeline.run(programDecider, programStream, input, request, { defaultKey: defaultKeyOf(input) });
  }
}

function defaultKeyOf(input: CommandInput<ProgramCommand>): string {
  switch (input.type) {
    case 'PublishRuleSet': {
      const rules = input.data.rules as { version?: unknown } | null;
      const version = typeof rules?.version === 'string' ? rules.version : '';
      return `publish:${version}:${sha256Hex(canonicalJson(input.data)).slice(0, 32)}`;
    }
    case 'ClosePeriod':
      return `close:${input.data.period}`;
  }
}
