import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { dateOf, designRuleSetDocument, DomainError, ruleSetInForce } from '#domain';
import type { CommandResult } from '#event-store';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.js';
import { IdPipe } from '../common/id.pipe.js';
import { ReadQuery } from '../common/read-query.dto.js';
import { Context, type RequestContext } from '../common/request-context.js';
import { CLOCK, type Clock } from '../common/tokens.js';
import { ProgramCommandMessage } from './program-command.handler.js';
import { ProgramFacts } from './program-facts.js';
import { ListRuleSetsQuery, RuleSetCommandResponse, RuleSetList, RuleSetView } from './program.dto.js';
import { governingSpans, publishInput, ruleSetSummary, ruleSetView } from './rule-set-views.js';
import { ReadModels } from '../common/read-after.guard.js';

/**
 * Who reads rule sets: the roles that run, pay, audit or sell the program. Partner users do not: DESIGN
 * §9 lists the rule-set routes for ops only, and a partner sees the rate, tier and rule-set version of
 * each of its own commission lines, explained step by step, without reading the whole program.
 */
const ruleSetReaders = ['ops', 'finance', 'auditor', 'partner_manager'] as const;

/** An example body: the rule-set document of DESIGN §5 with a top-level rationale. */
const exampleBody = { ...designRuleSetDocument(), rationale: 'Launch of the 2026 partner program' };

@ApiTags('rule sets')
@ApiBearerAuth()
@Controller('rule-sets')
@ReadModels()
export class RuleSetsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly program: ProgramFacts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The body is the rule-set document itself plus `rationale`; it is checked by the rule-set schema
   * (which knows every key), not by a DTO, so every issue comes back at once with its JSON path.
   */
  @Post()
  @ApiOperation({ summary: 'Publish a rule set (the document GET /rule-sets/:version answers, new version)' })
  @Roles('ops')
  @ApiBody({
    description: 'The rule-set document of DESIGN §5 with a top-level `rationale` (why the rules change)',
    schema: { type: 'object', example: exampleBody },
  })
  @ApiCreatedResponse({ type: RuleSetCommandResponse })
  async publish(
    @Body() body: unknown,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RuleSetCommandResponse> {
    const { rules, rationale } = publishInput(body);
    const result = await this.commands.execute<ProgramCommandMessage, CommandResult>(
      new ProgramCommandMessage({ type: 'PublishRuleSet', data: { rules, rationale } }, context),
    );
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return {
      version: rules['version'] as string,
      effectiveFrom: rules['effectiveFrom'] as string,
      position: result.position.toString(),
    };
  }

  @Get()
  @ApiOperation({ summary: 'Every published rule set, and the version in force on a date' })
  @Roles(...ruleSetReaders)
  @ApiOkResponse({ type: RuleSetList })
  async list(@Query() query: ListRuleSetsQuery): Promise<RuleSetList> {
    const publications = await this.program.ruleSets();
    const spans = governingSpans(publications);
    const on = query.on ?? dateOf(this.clock.now());
    return {
      on,
      versionInForce: ruleSetInForce(publications, on)?.version ?? null,
      ruleSets: publications.map((publication) => ruleSetSummary(publication, spans)),
    };
  }

  @Get(':version')
  @ApiOperation({ summary: 'One rule set: the publishable document with its publication facts' })
  @Roles(...ruleSetReaders)
  @ApiOkResponse({ type: RuleSetView })
  async get(@Param('version', IdPipe) version: string, @Query() _query: ReadQuery): Promise<RuleSetView> {
    const publications = await this.program.ruleSets();
    const publication = publications.find((candidate) => candidate.version === version);
    if (!publication) throw new DomainError('RULE_SET_NOT_FOUND', `No rule set ${version} is published`, { version });
    return ruleSetView(publication, governingSpans(publications));
  }
}
