import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQuery, ReadQuery } from '../common/read-query.dto.js';
import { IsBusinessDate, periodPattern } from '../common/field-validators.js';

/** A partner's commission lines or MDF accruals, a page at a time, of one quarter or of all. */
export class PeriodPageQuery extends PageQuery {
  @ApiPropertyOptional({
    example: '2026-Q1',
    description: 'Only lines (or accruals) whose business date falls in this quarter; every one when absent',
  })
  @IsOptional()
  @Matches(periodPattern, { message: 'period must be a quarter such as "2026-Q1"' })
  period?: string;
}

export class AsOfQuery extends ReadQuery {
  @ApiPropertyOptional({ example: '2026-04-30', description: 'A business date (YYYY-MM-DD); today (UTC) when absent' })
  @IsOptional()
  @IsBusinessDate()
  asOf?: string;
}

/**
 * Line ids are `<event id>:<partner id>` or `<event id>:<partner id>:<event id>`: the id pattern's
 * characters, up to three ids long.
 */
export const lineIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,299}$/;
