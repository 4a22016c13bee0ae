import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { disputeOutcomes, type DisputeOutcome } from '#domain';
import { statementListStatuses, type StatementListStatus } from '#read-models';
import { idMessage, idPattern, PageQuery } from '../common/read-query.dto.js';
import {
  amountBoundText,
  bodyRule,
  IsBusinessDate,
  IsSignedAmountString,
  notBlank,
  periodPattern,
  signedAmountPatternText,
} from '../common/field-validators.js';

const periodMessage = 'period must be a quarter such as "2026-Q1"';

export class IssueStatementDto {
  @ApiProperty({ example: 'acme-emea' })
  @IsString()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId!: string;

  @ApiProperty({
    example: '2026-Q1',
    description: "A closed quarter; a partner's statements are issued period after period",
  })
  @IsString()
  @Matches(periodPattern, { message: periodMessage })
  period!: string;
}

export class PayStatementDto {
  @ApiProperty({ example: 'SEPA-2026-04-0915', description: "The payment's reference in the bank or payment system" })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'paymentReference must not be blank' })
  @MaxLength(200)
  paymentReference!: string;

  @ApiPropertyOptional({
    example: '2026-04-15',
    description: "The payment's date; today when absent, never after tomorrow",
  })
  @IsOptional()
  @IsBusinessDate()
  paidAt?: string;
}

export class DisputeLineDto {
  @ApiProperty({ example: 'The discount on this deal was 5%, not 10%' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(1000)
  reason!: string;
}

export class ResolveDisputeDto {
  @ApiProperty({
    enum: disputeOutcomes,
    example: 'adjusted',
    description: "upheld: the line stands; adjusted: `adjustment` goes on the partner's next statement",
  })
  @IsIn(disputeOutcomes)
  outcome!: DisputeOutcome;

  @ApiPropertyOptional({
    example: '120.50',
    pattern: signedAmountPatternText,
    description:
      'Signed, non-zero, in the statement currency; required when adjusted, refused when upheld. ' +
      "The line's adjustments, this one included, total at most the line's amount either way, and take back " +
      'no more than the partner holds of a commission line after its clawbacks (STATEMENT_ADJUSTMENT_EXCEEDS_LINE, ' +
      `rules withinLine and withinHeld). ${amountBoundText}`,
  })
  // Required when adjusted, refused when upheld: the decider's rule, told with the other field errors.
  @ValidateIf(
    (resolution: ResolveDisputeDto) => resolution.adjustment !== undefined || resolution.outcome === 'adjusted',
  )
  @bodyRule('unexpected', (_value, resolution) =>
    resolution['outcome'] === 'upheld' ? 'adjustment is only sent with the outcome adjusted' : undefined,
  )
  @IsSignedAmountString()
  adjustment?: string;

  @ApiPropertyOptional({ example: 'Discount confirmed at 5% by the deal desk' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'note must not be blank' })
  @MaxLength(1000)
  note?: string;
}

export class ListStatementsQuery extends PageQuery {
  @ApiPropertyOptional({
    example: 'acme-emea',
    description: 'A partner user may only name itself (its own statements are all it sees)',
  })
  @IsOptional()
  @IsString()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId?: string;

  @ApiPropertyOptional({ example: '2026-Q1' })
  @IsOptional()
  @IsString()
  @Matches(periodPattern, { message: periodMessage })
  period?: string;

  @ApiPropertyOptional({
    enum: statementListStatuses,
    description: 'disputed: a dispute is not yet resolved (whatever the status); issued: issued, none disputed',
  })
  @IsOptional()
  @IsIn(statementListStatuses)
  status?: StatementListStatus;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description: 'csv: one row per statement line with its provenance columns',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class StatementCommandResponse {
  @ApiProperty({ example: 'acme-emea-2026-Q1' })
  statementId!: string;

  @ApiProperty({
    example: '42',
    description: 'Global position of the last event written; pass it as ?after= to read your write',
  })
  position!: string;
}
