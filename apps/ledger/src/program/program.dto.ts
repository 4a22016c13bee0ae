import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReadQuery } from '../common/read-query.dto.js';
import { IsBusinessDate } from '../common/field-validators.js';

export class ListRuleSetsQuery extends ReadQuery {
  @ApiPropertyOptional({
    description: 'The business date whose rule set in force is named in `versionInForce` (default: today, UTC)',
    example: '2026-04-15',
  })
  @IsOptional()
  @IsBusinessDate()
  on?: string;
}

export class RuleSetCommandResponse {
  @ApiProperty({ example: '2026.1' }) version!: string;
  @ApiProperty({ example: '2026-01-01' }) effectiveFrom!: string;
  @ApiProperty({ description: 'Global position of the event; pass it as ?after= to read your write', example: '42' })
  position!: string;
}

export class PeriodCommandResponse {
  @ApiProperty({ example: '2026-Q1' }) period!: string;
  @ApiProperty({ description: 'Global position of the event; pass it as ?after= to read your write', example: '42' })
  position!: string;
}

export class GoverningSpan {
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Last day it governs; null while no later rule set takes over',
    example: '2026-03-31',
  })
  through!: string | null;
}

export class RuleSetSummary {
  @ApiProperty({ example: '2026.1' }) version!: string;
  @ApiProperty({ example: '2026-01-01' }) effectiveFrom!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 'Launch of the 2026 program' }) rationale!: string;
  @ApiProperty({ example: '2025-12-15', description: 'The date it was published' }) publishedAt!: string;
  @ApiProperty({ example: 'olga', description: 'Who published it' }) publishedBy!: string;
  @ApiProperty({ description: 'True when it takes effect before the day it was published (a retroactive correction)' })
  retroactive!: boolean;
  @ApiProperty({
    type: GoverningSpan,
    nullable: true,
    description:
      'The days on which it is the rule set in force; ' +
      'null when a later publication with the same effectiveFrom replaced it',
  })
  governs!: GoverningSpan | null;
  @ApiProperty({ example: '42' }) position!: string;
}

/**
 * The rule-set document of DESIGN §5 as published, its keys at the top level beside `rationale` and the
 * publication's read-only facts (publishedAt, publishedBy, retroactive, governs, position). The same
 * document, with a new version, is a body for `POST /rule-sets` and `POST /rule-sets/simulate`.
 */
export class RuleSetView extends RuleSetSummary {
  [key: string]: unknown;
}

export class RuleSetList {
  @ApiProperty({ example: '2026-04-15' }) on!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The version in force on `on`; null before the first effectiveFrom',
    example: '2026.1',
  })
  versionInForce!: string | null;
  @ApiProperty({ type: [RuleSetSummary], description: 'Every published rule set, in publication order' })
  ruleSets!: RuleSetSummary[];
}

export class ClosedPeriodView {
  @ApiProperty({ example: '2026-Q1' }) period!: string;
  @ApiProperty({ example: '2026-04-02' }) closedAt!: string;
  @ApiProperty({ example: 'fiona' }) closedBy!: string;
  @ApiProperty({ example: '42' }) position!: string;
}

export class PeriodList {
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-Q1',
    description: 'The last closed quarter; it and every earlier quarter are frozen',
  })
  closedThrough!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-03-31',
    description: 'No fact may carry a business date on or before this day',
  })
  frozenThrough!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-Q2',
    description:
      'The only quarter that may be closed next: after the last closed one, or before any close the quarter the ' +
      'earliest rule set takes effect in (null before any rule set)',
  })
  nextToClose!: string | null;
  @ApiProperty({ type: [ClosedPeriodView], description: 'Closes in the order they happened' })
  closed!: ClosedPeriodView[];
}

export class ClosePeriodQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: append nothing and answer what the close would do (PeriodClosePreviewResponse): the same refusals, ' +
      "each active partner's tier evaluation with its figures, and how many lines and facts it would freeze",
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

export class ClosePreviewFreezes {
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-01-01',
    description: 'First day the close freezes: the day after the last closed quarter (null: from the beginning)',
  })
  from!: string | null;
  @ApiProperty({ example: '2026-03-31', description: 'Last day it freezes: the end of the quarter' })
  through!: string;
  @ApiProperty({ example: 42, description: 'Commission lines dated in those days' })
  commissionLines!: number;
  @ApiProperty({
    example: 17,
    description: 'Deal facts dated in those days: wins, expansions, renewals, refunds, losses and churns',
  })
  dealFacts!: number;
}

export class PreviewedTierEvaluation {
  @ApiProperty({ example: 'acme' }) partnerId!: string;
  @ApiProperty({ example: '2026-Q1' }) period!: string;
  @ApiProperty({ example: '2026.1' }) ruleSetVersion!: string;
  @ApiProperty({ type: [String], example: ['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1'] }) quarters!: string[];
  @ApiProperty({
    type: Object,
    description: 'attributedRevenue (decimal string), wonDeals, lostDeals, winRate (4 places or null)',
  })
  figures!: Record<string, unknown>;
  @ApiProperty({ example: 'registered' }) previousTier!: string;
  @ApiProperty({ example: 'silver' }) qualifiedTier!: string;
  @ApiProperty({ example: 'silver', description: 'The tier the partner would hold after the close' }) tier!: string;
  @ApiProperty({ enum: ['promoted', 'demoted', 'unchanged', 'held', 'requalified'] }) change!: string;
  @ApiProperty({ example: 0, description: 'Consecutive evaluations below the held tier, after this one (grace)' })
  shortfallCount!: number;
  @ApiProperty({ example: 1 }) demotionGraceQuarters!: number;
  @ApiProperty({ example: '2026-04-01', description: 'When a promotion or demotion would take effect' })
  effectiveFrom!: string;
  @ApiProperty({ type: Object, nullable: true, description: 'The tier above and what is missing for it' })
  nextTier!: Record<string, unknown> | null;
  @ApiProperty({ type: [String] }) explanation!: string[];
}

export class PeriodClosePreviewResponse {
  @ApiProperty({ example: '2026-Q1' }) period!: string;
  @ApiProperty({ example: true }) dryRun!: true;
  @ApiProperty({ example: '2026.1', description: 'The rule set in force on the last day of the quarter' })
  ruleSetVersion!: string;
  @ApiProperty({ type: ClosePreviewFreezes }) freezes!: ClosePreviewFreezes;
  @ApiProperty({ type: [PreviewedTierEvaluation], description: 'Per active partner, in partner id order' })
  partners!: PreviewedTierEvaluation[];
}
