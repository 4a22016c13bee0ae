import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  ValidateNested,
} from 'class-validator';
import {
  campaignLeadsGoalMax,
  campaignMilestonesMax,
  Decimal,
  DomainError,
  sumDecimals,
  type CampaignStatus,
} from '#domain';
import { idMessage, idPattern, PageQuery } from '../common/read-query.dto.js';
import {
  amountBoundText,
  amountField,
  amountPatternText,
  bodyRule,
  decimalFieldProblem,
  IsAmountString,
  listedTwice,
  notBlank,
} from '../common/field-validators.js';

export const campaignStatuses: readonly CampaignStatus[] = ['proposed', 'approved', 'closed'];

export class CampaignGoalsDto {
  @ApiProperty({
    example: 120,
    description: 'How many leads (attributed deals and registrations) the campaign aims for',
  })
  @IsInt()
  @Min(0)
  @Max(campaignLeadsGoalMax)
  leads!: number;

  @ApiProperty({
    example: '400000.00',
    pattern: amountPatternText,
    description: `The pipeline it aims to create, in the program currency. ${amountBoundText}`,
  })
  @IsAmountString()
  pipeline!: string;
}

export class CampaignMilestoneDto {
  @ApiProperty({ example: 'webinar-1' })
  @IsString()
  @Matches(idPattern, { message: `id ${idMessage}` })
  id!: string;

  @ApiProperty({
    example: '5000.00',
    pattern: amountPatternText,
    description: `Positive; released from the fund when the milestone is completed. ${amountBoundText}`,
  })
  @IsAmountString()
  amount!: string;
}

function milestonesNotBudget(value: unknown, budget: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0 || decimalFieldProblem(budget, 'budget', amountField))
    return undefined;
  const amounts = (value as ({ amount?: unknown } | null | undefined)[]).map((milestone) => milestone?.amount);
  // An amount that is not one is told so by its own rule.
  if (!amounts.every((amount) => decimalFieldProblem(amount, 'amount', amountField) === undefined)) return undefined;
  const total = sumDecimals(amounts.map((amount) => new Decimal(amount as string)));
  // Shown with as many decimals as the figures sent (Decimal drops trailing zeros).
  const places = Math.max(...[budget, ...amounts].map((text) => (text as string).split('.')[1]?.length ?? 0));
  return total.eq(budget as string)
    ? undefined
    : `milestones must sum to exactly the budget ${budget as string}, not ${total.toFixed(places)}`;
}

/**
 * The milestones as a whole: each id once (rule `unique`), the amounts summing to exactly the budget (rule `sum`).
 * The decider checks the same (CAMPAIGN_MILESTONES_INVALID); checked here too, they come back with every other field
 * error of the request.
 */
function IsMilestonesOfBudget(): PropertyDecorator {
  return (target, key) => {
    bodyRule('unique', (value) => listedTwice(value, 'id', 'milestones'))(target, key);
    bodyRule('sum', (value, campaign) => milestonesNotBudget(value, campaign['budget']))(target, key);
  };
}

export class ProposeCampaignDto {
  @ApiProperty({ example: 'cmp-2026-spring', description: 'Client-chosen id; also the default idempotency key' })
  @IsString()
  @Matches(idPattern, { message: `campaignId ${idMessage}` })
  campaignId!: string;

  @ApiProperty({ example: 'acme-emea', description: 'A partner user may only propose for its own partner' })
  @IsString()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId!: string;

  @ApiProperty({ example: 'Spring webinars' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'name must not be blank' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: '15000.00',
    pattern: amountPatternText,
    description:
      "Positive, in the program currency in force today (the fund's currency); " +
      'the milestones sum to it exactly. ' +
      amountBoundText,
  })
  @IsAmountString()
  budget!: string;

  @ApiProperty({ type: CampaignGoalsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignGoalsDto)
  goals!: CampaignGoalsDto;

  @ApiProperty({
    type: [CampaignMilestoneDto],
    description: `1 to ${campaignMilestonesMax} milestones with distinct ids`,
    example: [
      { id: 'webinar-1', amount: '5000.00' },
      { id: 'webinar-2', amount: '10000.00' },
    ],
  })
  @IsArray()
  @IsObject({ each: true, message: 'each of milestones must be an object' })
  @ArrayMinSize(1, { message: 'milestones must list at least one milestone' })
  @ArrayMaxSize(campaignMilestonesMax)
  @IsMilestonesOfBudget()
  @ValidateNested({ each: true })
  @Type(() => CampaignMilestoneDto)
  milestones!: CampaignMilestoneDto[];
}

export class CompleteMilestoneDto {
  @ApiProperty({
    example: 'https://files.example/webinar-report.pdf',
    description: 'What shows the milestone was delivered',
  })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'evidence must not be blank' })
  @MaxLength(2000)
  evidence!: string;
}

export class AttributeLeadDto {
  @ApiPropertyOptional({
    example: 'deal-2026-0007',
    description: "Exactly one of dealId and registrationId; the deal must credit the campaign's partner",
  })
  @IsOptional()
  @IsString()
  @Matches(idPattern, { message: `dealId ${idMessage}` })
  dealId?: string;

  @ApiPropertyOptional({
    example: 'reg-2026-0042',
    description: "Exactly one of dealId and registrationId; the registration must be the campaign partner's",
  })
  @IsOptional()
  @IsString()
  @Matches(idPattern, { message: `registrationId ${idMessage}` })
  registrationId?: string;
}

export class SubmitClaimDto {
  @ApiProperty({
    example: 'claim-2026-0003',
    description: "Client-chosen id, unique within the partner's fund; also the default idempotency key",
  })
  @IsString()
  @Matches(idPattern, { message: `claimId ${idMessage}` })
  claimId!: string;

  @ApiProperty({
    example: '4800.00',
    pattern: amountPatternText,
    description:
      'Positive, in the fund currency; at most what is released to the campaign and not yet claimed. ' +
      amountBoundText,
  })
  @IsAmountString()
  amount!: string;

  @ApiProperty({ example: 'Invoice INV-2026-118, receipts at https://files.example/inv-118.pdf' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'evidence must not be blank' })
  @MaxLength(2000)
  evidence!: string;
}

export class RejectClaimDto {
  @ApiProperty({ example: 'The invoice does not name the campaign', description: 'Shown to the partner' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason!: string;
}

/** The body of closing a campaign: none, an empty object, or `{ reason }`. */
export interface CloseCampaignBody {
  readonly reason?: string;
}

/**
 * Closing takes an optional reason, so an absent body is as good as an empty one; anything else is
 * refused naming the field, like every other body.
 */
@Injectable()
export class CloseCampaignPipe implements PipeTransform<unknown, CloseCampaignBody> {
  transform(value: unknown): CloseCampaignBody {
    if (value === undefined || value === null) return {};
    const fail = (field: string, rule: string, message: string) =>
      new DomainError('VALIDATION_FAILED', message, { fields: [{ field, rule, message }] });
    if (typeof value !== 'object' || Array.isArray(value))
      throw fail('body', 'object', 'The body must be a JSON object with an optional reason');
    const { reason, ...rest } = value as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
      const fields = unknown.map((field) => ({
        field,
        rule: 'whitelistValidation',
        message: `property ${field} should not exist`,
      }));
      throw new DomainError('VALIDATION_FAILED', fields.map((field) => field.message).join('; '), { fields });
    }
    if (reason === undefined) return {};
    if (typeof reason !== 'string' || !notBlank.test(reason) || reason.length > 500)
      throw fail('reason', 'reason', 'reason must be a non-blank string of at most 500 characters');
    return { reason };
  }
}

export class ListCampaignsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Staff only; a partner user always sees its own' })
  @IsOptional()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId?: string;

  @ApiPropertyOptional({ enum: campaignStatuses })
  @IsOptional()
  @IsIn(campaignStatuses)
  status?: CampaignStatus;
}

export class CampaignCommandResponse {
  @ApiProperty() campaignId!: string;
  @ApiProperty({
    description: 'Global position of the last event; pass it as ?after= to read your write',
    example: '42',
  })
  position!: string;
}

export class ClaimCommandResponse extends CampaignCommandResponse {
  @ApiProperty() claimId!: string;
}
