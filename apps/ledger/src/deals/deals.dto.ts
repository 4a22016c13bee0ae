import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  billings,
  dealLinesMax,
  dealPartnersMax,
  dealStages,
  partnerRoles,
  termMonthsMax,
  type Billing,
  type DealStage,
  type PartnerRole,
} from '#domain';
import { idMessage, idPattern, PageQuery, ReadQuery } from '../common/read-query.dto.js';
import { dealStatuses, type DealStatus } from '#read-models';
import { CustomerDto } from '../registrations/registrations.dto.js';
import {
  amountBoundText,
  amountPatternText,
  currencyText,
  IsCurrencyCode,
  fxRateBoundText,
  fxRatePatternText,
  IsAmountString,
  IsBusinessDate,
  bodyRule,
  IsCoSellSplit,
  IsFractionString,
  IsRateString,
  IsShareString,
  IsSearchText,
  notBlank,
  periodPattern,
} from '../common/field-validators.js';

const fxRateProperty: ApiPropertyOptions = { example: '1.1', pattern: fxRatePatternText, description: fxRateBoundText };

export class DealPartnerDto {
  @ApiProperty({ example: 'acme-emea' })
  @IsString()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId!: string;

  @ApiProperty({ enum: partnerRoles })
  @IsIn(partnerRoles)
  role!: PartnerRole;

  @ApiProperty({
    example: '0.6',
    description: 'A decimal string in (0, 1]; the shares of a deal sum to exactly 1. A JSON number is refused.',
  })
  @IsShareString()
  share!: string;
}

export class DealLineDto {
  @ApiProperty({ example: 'PLAT-12M' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'sku must not be blank' })
  @MaxLength(100)
  sku!: string;

  @ApiProperty({ example: 'platform', description: 'The product family, which may carry its own commission rates' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'family must not be blank' })
  @MaxLength(100)
  family!: string;

  @ApiProperty({
    example: '1000.00',
    pattern: amountPatternText,
    description:
      `Net of the discount, in the deal currency, at most its minor-unit scale. ${amountBoundText} ` +
      'The lines of one win, renewal or expansion also sum to below that bound, ' +
      'converted into the program currency too.',
  })
  @IsAmountString()
  amount!: string;

  @ApiPropertyOptional({ example: '0.1', default: '0', description: 'The discount granted, a fraction in [0, 1]' })
  @IsOptional()
  @IsFractionString()
  discount?: string;
}

const linesProperty: ApiPropertyOptions = { type: [DealLineDto], description: `1 to ${dealLinesMax} product lines` };

function Lines(): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    IsObject({ each: true, message: 'each of lines must be an object' })(target, key);
    ArrayMinSize(1, { message: 'lines must list at least one product line' })(target, key);
    ArrayMaxSize(dealLinesMax)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => DealLineDto)(target, key);
  };
}

export class ProtectionOverrideDto {
  @ApiProperty({ example: 'The customer asked in writing to buy through this partner', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason!: string;
}

export class OpenDealDto {
  @ApiProperty({ example: 'deal-2026-0007', description: 'Client-chosen id; also the default idempotency key' })
  @IsString()
  @Matches(idPattern, { message: `dealId ${idMessage}` })
  dealId!: string;

  @ApiPropertyOptional({
    description: 'An approved registration whose protection covers openedAt: its partner becomes the sourcing partner',
  })
  @IsOptional()
  @IsString()
  @Matches(idPattern, { message: `registrationId ${idMessage}` })
  registrationId?: string;

  @ApiPropertyOptional({ type: CustomerDto, description: 'Required without a registration' })
  // Required unless the deal is opened from a registration (whose customer is the one of record).
  @ValidateIf((deal: OpenDealDto) => deal.customer !== undefined || deal.registrationId === undefined)
  @IsObject({ message: 'customer is required when the deal is not opened from a registration' })
  @ValidateNested()
  @Type(() => CustomerDto)
  customer?: CustomerDto;

  @ApiPropertyOptional({
    type: [DealPartnerDto],
    description: 'The co-sell split; required without a registration, which otherwise gives its partner a share of 1',
    example: [
      { partnerId: 'acme-emea', role: 'sourcing', share: '0.6' },
      { partnerId: 'globex-partners', role: 'influencing', share: '0.4' },
    ],
  })
  @ValidateIf((deal: OpenDealDto) => deal.partners !== undefined || deal.registrationId === undefined)
  @IsArray({ message: 'partners is required when the deal is not opened from a registration' })
  @IsObject({ each: true, message: 'each of partners must be an object' })
  @ArrayMinSize(1, { message: 'partners must list at least one partner' })
  @ArrayMaxSize(dealPartnersMax)
  @IsCoSellSplit()
  @ValidateNested({ each: true })
  @Type(() => DealPartnerDto)
  partners?: DealPartnerDto[];

  @ApiProperty({ example: 'EUR', description: `The currency of every amount on the deal. ${currencyText}` })
  @IsCurrencyCode()
  currency!: string;

  @ApiPropertyOptional({ example: '2026-02-10', description: 'The business date; today when absent' })
  @IsOptional()
  @IsBusinessDate()
  openedAt?: string;

  @ApiPropertyOptional({
    type: ProtectionOverrideDto,
    description:
      'Opens a direct deal for a customer another partner’s registration protects (409 CUSTOMER_PROTECTED ' +
      'otherwise): recorded as its own event, DealProtectionOverridden. Refused when nothing protects the customer.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProtectionOverrideDto)
  protectionOverride?: ProtectionOverrideDto;
}

export class AdvanceDealStageDto {
  @ApiProperty({ enum: dealStages, description: 'Stages only move forward' })
  @IsIn(dealStages)
  stage!: DealStage;
}

/** termMonths only with recurring billing: the decider's DEAL_TERM_INVALID, told with the other field errors. */
const IsTermForBilling = () =>
  bodyRule('billing', (value, win) =>
    value === undefined || win['billing'] === 'recurring' ? undefined : 'termMonths applies to recurring billing only',
  );

export class WinDealDto {
  @ApiProperty(linesProperty)
  @Lines()
  lines!: DealLineDto[];

  @ApiPropertyOptional({
    ...fxRateProperty,
    description: `Deal currency to program currency; required when they differ. ${fxRateBoundText}`,
  })
  @IsOptional()
  @IsRateString()
  fxRate?: string;

  @ApiProperty({ enum: billings })
  @IsIn(billings)
  billing!: Billing;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: termMonthsMax,
    description: 'Required for recurring billing, refused for one-time',
  })
  @ValidateIf((win: WinDealDto) => win.termMonths !== undefined || win.billing === 'recurring')
  @IsTermForBilling()
  @IsInt()
  @Min(1)
  @Max(termMonthsMax)
  termMonths?: number;

  @ApiProperty({ example: '2026-02-10' })
  @IsBusinessDate()
  wonAt!: string;
}

export class LoseDealDto {
  @ApiProperty({ example: 'Went with a competitor' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: '2026-02-10' })
  @IsBusinessDate()
  lostAt!: string;
}

export class RenewDealDto {
  @ApiProperty(linesProperty)
  @Lines()
  lines!: DealLineDto[];

  @ApiPropertyOptional(fxRateProperty)
  @IsOptional()
  @IsRateString()
  fxRate?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: termMonthsMax })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(termMonthsMax)
  termMonths?: number;

  @ApiProperty({ example: '2027-02-10' })
  @IsBusinessDate()
  renewedAt!: string;
}

export class ExpandDealDto {
  @ApiProperty(linesProperty)
  @Lines()
  lines!: DealLineDto[];

  @ApiPropertyOptional(fxRateProperty)
  @IsOptional()
  @IsRateString()
  fxRate?: string;

  @ApiProperty({ example: '2026-06-01' })
  @IsBusinessDate()
  expandedAt!: string;
}

export class RefundDealDto {
  @ApiProperty({
    example: '100.00',
    pattern: amountPatternText,
    description: `Positive, at most what was won and not yet refunded, in the deal currency. ${amountBoundText}`,
  })
  @IsAmountString()
  amount!: string;

  @ApiPropertyOptional(fxRateProperty)
  @IsOptional()
  @IsRateString()
  fxRate?: string;

  @ApiProperty({ example: '2026-03-01' })
  @IsBusinessDate()
  refundedAt!: string;
}

export class ChurnDealDto {
  @ApiProperty({ example: '2026-09-30' })
  @IsBusinessDate()
  churnedAt!: string;
}

export class DealCommandResponse {
  @ApiProperty() dealId!: string;
  @ApiProperty({
    description: 'Global position of the last event; pass it as ?after= to read your write',
    example: '42',
  })
  position!: string;
}

export class ScorecardQuery extends ReadQuery {
  @ApiPropertyOptional({ example: '2026-Q1', description: 'A calendar quarter; the current one when absent' })
  @IsOptional()
  @Matches(periodPattern, { message: 'period must be a quarter such as "2026-Q1"' })
  period?: string;
}

export class ScorecardLifetimeValue {
  @ApiProperty({
    example: '125000.00',
    description: "Attributed revenue of the partner's deals over their whole history up to the period end, net",
  })
  revenue!: string;
  @ApiProperty({ example: '25000.00', description: 'The part of it from deals churned by the period end' })
  churnedRevenue!: string;
  @ApiProperty({ nullable: true, type: String, example: '0.2000', description: 'churned / revenue, 4 places' })
  churnedShare!: string | null;
}

/** GET /partners/:id/scorecard (definitions with worked examples: docs/decisions.md, "Scorecard figures"). */
export class ScorecardView {
  @ApiProperty({ example: 'acme' }) partnerId!: string;
  @ApiProperty({ example: '2026-Q1' }) period!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '1800.00' }) revenueAttributed!: string;
  @ApiProperty({ example: '60.00' }) revenueRefunded!: string;
  @ApiProperty({ example: '1740.00' }) revenueNet!: string;
  @ApiProperty({ example: '140000.00' }) openPipeline!: string;
  @ApiProperty({ example: 2 }) openDeals!: number;
  @ApiProperty({ example: 1 }) wonDeals!: number;
  @ApiProperty({ example: 1 }) lostDeals!: number;
  @ApiProperty({ nullable: true, type: String, example: '0.5000' }) winRate!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '10000.00' }) averageDealSize!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 30 }) medianDaysToClose!: number | null;
  @ApiProperty({ nullable: true, type: String, example: '30.00' }) averageDaysToClose!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '0.6667',
    description: 'Deals renewed or churned in the period (each once) still active at its end / those deals',
  })
  renewalRate!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '0.7000' }) netRevenueRetention!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '666.67',
    description: 'Open deals × win rate × average deal size ÷ average days to close (at least 1), per day',
  })
  pipelineVelocity!: string | null;
  @ApiProperty({ type: ScorecardLifetimeValue }) lifetimeValue!: ScorecardLifetimeValue;
}

export class ListDealsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'acme-emea', description: 'Deals this partner is on; a partner user sees its own' })
  @IsOptional()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId?: string;

  @ApiPropertyOptional({ enum: dealStatuses })
  @IsOptional()
  @IsIn(dealStatuses)
  status?: DealStatus;

  @ApiPropertyOptional({ example: '2026-Q1', description: 'Deals opened or won in this quarter' })
  @IsOptional()
  @Matches(periodPattern, { message: 'period must be a quarter such as 2026-Q1' })
  period?: string;

  @ApiPropertyOptional({ example: 'globex', description: 'A part of the customer name or domain, any case' })
  @IsSearchText()
  q?: string;
}
