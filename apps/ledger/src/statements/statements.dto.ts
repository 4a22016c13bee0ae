import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { disputeOutcomes, isDecimalString, type DisputeOutcome } from '#domain';
import { idMessage, idPattern, PageQuery } from '../common/read-query.dto.js';
import { periodPattern } from '../deals/deals.dto.js';
import { IsBusinessDate, notBlank } from '../common/field-validators.js';

const periodMessage = 'period must be a quarter such as "2026-Q1"';

export class IssueStatementDto {
  @ApiProperty({ example: 'acme-emea' })
  @IsString()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId!: string;

  @ApiProperty({ example: '2026-Q1', description: 'A closed quarter; a partner\'s statements are issued period after period' })
  @IsString()
  @Matches(periodPattern, { message: periodMessage })
  period!: string;
}

export class PayStatementDto {
  @ApiProperty({ example: 'SEPA-2026-04-0915', description: 'The payment\'s reference in the bank or payment system' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'paymentReference must not be blank' })
  @MaxLength(200)
  paymentReference!: string;

  @ApiPropertyOptional({ example: '2026-04-15', description: 'The payment\'s date; today when absent, never after tomorrow' })
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

/** A signed amount written as a decimal string ("-120.50"); a JSON number is refused like everywhere money is sent. */
function IsSignedAmountString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'signedAmountString',
      validator: {
        validate: (value: unknown) => isDecimalString(value),
        defaultMessage: (args) => `${args?.property ?? 'amount'} must be a signed decimal string such as "120.50" or "-40.00", not a number`,
      },
    },
    options,
  );
}

export class ResolveDisputeDto {
  @ApiProperty({ enum: disputeOutcomes, description: 'upheld: the line stands; adjusted: `adjustment` goes on the partner\'s next statement' })
  @IsIn(disputeOutcomes)
  outcome!: DisputeOutcome;

  @ApiPropertyOptional({ example: '120.50', description: 'Signed, non-zero, in the statement currency; required when adjusted, refused when upheld' })
  @IsOptional()
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
  @ApiPropertyOptional({ example: 'acme-emea', description: 'A partner user may only name itself (its own statements are all it sees)' })
  @IsOptional()
  @IsString()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId?: string;

  @ApiPropertyOptional({ example: '2026-Q1' })
  @IsOptional()
  @IsString()
  @Matches(periodPattern, { message: periodMessage })
  period?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: one row per statement line with its provenance columns' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class StatementCommandResponse {
  @ApiProperty({ example: 'acme-emea-2026-Q1' })
  statementId!: string;

  @ApiProperty({ example: '42', description: 'Global position of the last event written; pass it as ?after= to read your write' })
  position!: string;
}
