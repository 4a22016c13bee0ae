import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
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
      'The only quarter that may be closed next (null before the first close: any ended quarter a rule set governs)',
  })
  nextToClose!: string | null;
  @ApiProperty({ type: [ClosedPeriodView], description: 'Closes in the order they happened' })
  closed!: ClosedPeriodView[];
}
