import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { mayOrphanDeals, programDecider, programStream, type ProgramCommand } from '#domain';
import { canonicalJson, sha256Hex, type CommandResult } from '#event-store';
import { CommandPipeline, type CommandInput, type CommandRequest } from '../common/command-pipeline.js';
import type { RequestContext } from '../common/request-context.js';
import { DealConversionFacts } from './deal-conversion-facts.js';
import { ProgramFacts } from './program-facts.js';

/** A program command as the client asks it; the handler adds the facts the decider needs. */
export type ProgramRequest = CommandRequest<ProgramCommand>;

export class ProgramCommandMessage {
  constructor(
    readonly input: ProgramRequest,
    readonly request: RequestContext,
  ) {}
}

/**
 * One handler per decider: rule-set publications and period closes go through the pipeline on the
 * `program` stream. A publication carries the deal facts from its effectiveFrom on that its currency
 * could not pay, so the decider can refuse a currency change that would orphan recorded deals; when no
 * fact can be orphaned (the same currency as every set, one in force already) they are not read at all.
 *
 * Default keys (without an Idempotency-Key header): a close is keyed by its period, so a retried
 * close replays. A publication is keyed by its version and a digest of what was sent, so a retry of
 * the same document replays, while another document under a published version reaches the decider
 * and is refused as RULE_SET_VERSION_EXISTS, which says more than "key reused".
 */
@CommandHandler(ProgramCommandMessage)
export class ProgramCommandHandler implements ICommandHandler<ProgramCommandMessage, CommandResult> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly deals: DealConversionFacts,
    private readonly program: ProgramFacts,
  ) {}

  async execute({ input, request }: ProgramCommandMessage): Promise<CommandResult> {
    const command = await this.withFacts(input);
    return this.pipeline.run(programDecider, programStream, command, request, { defaultKey: defaultKeyOf(input) });
  }

  private async withFacts(input: ProgramRequest): Promise<CommandInput<ProgramCommand>> {
    if (input.type !== 'PublishRuleSet') return input;
    const rules = input.data.rules as { effectiveFrom?: unknown; currency?: unknown } | null;
    // An invalid document is refused by the decider whatever the deals; it needs no facts.
    const { effectiveFrom, currency } = rules ?? {};
    const named = typeof effectiveFrom === 'string' && typeof currency === 'string';
    const published = named ? (await this.program.ruleSets()).map((publication) => publication.ruleSet) : [];
    const weighed = named && mayOrphanDeals(published, { effectiveFrom, currency });
    const dealFacts = weighed ? await this.deals.unpayableFrom(effectiveFrom, currency) : [];
    return { type: 'PublishRuleSet', data: input.data, facts: { dealFacts } };
  }
}

function defaultKeyOf(input: ProgramRequest): string {
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
