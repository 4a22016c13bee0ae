import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { partnerKinds, settlements, type PartnerKind, type PartnerStatus, type Settlement } from '#domain';
import { idMessage, idPattern, PageQuery } from '../common/read-query.dto.js';
import { IsBusinessDate, IsSearchText } from '../common/field-validators.js';

const notBlank = /\S/;
const tierNamePattern = /^[a-z][a-z0-9_-]{0,49}$/;
const tierNameMessage =
  'tier must be a tier name: 1 to 50 lowercase letters, digits, dashes or underscores, starting with a letter';

export class EnrollPartnerDto {
  @ApiProperty({ example: 'acme-emea', description: 'Client-chosen id; also the default idempotency key' })
  @IsString()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId!: string;

  @ApiProperty({ example: 'Acme Resellers GmbH' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'name must not be blank' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: partnerKinds })
  @IsIn(partnerKinds)
  kind!: PartnerKind;

  @ApiProperty({ example: 'EMEA' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'region must not be blank' })
  @MaxLength(50)
  region!: string;

  @ApiPropertyOptional({
    example: '2024-05-01',
    description:
      'The business date the partner joined the program; today when absent (a program migrating from another ' +
      'system sends the real date). No deal may credit the partner for an earlier business date.',
  })
  @IsOptional()
  @IsBusinessDate()
  enrolledAt?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Compliance review' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason!: string;
}

/** A reason that may be left out, or the body with it: an empty JSON body is `{}`. */
export class OptionalReasonDto {
  @ApiPropertyOptional({ example: 'Review closed' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason?: string;
}

export class OffboardPartnerDto {
  @ApiProperty({
    enum: settlements,
    description: 'accelerate: unvested commission vests now; forfeit_unvested: it is forfeited',
  })
  @IsIn(settlements)
  settlement!: Settlement;
}

export class OverrideTierDto {
  @ApiProperty({ example: 'gold', description: 'A tier of every rule set in force from today through until' })
  @IsString()
  @Matches(tierNamePattern, { message: tierNameMessage })
  tier!: string;

  @ApiProperty({
    example: '2026-06-30',
    description: 'Last day the override applies (inclusive): today at the earliest, at most 730 days ahead',
  })
  @IsBusinessDate()
  until!: string;

  @ApiProperty({ example: 'Strategic launch partner for the EMEA region' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason!: string;
}

export class ListPartnersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['active', 'suspended', 'offboarded'] })
  @IsOptional()
  @IsIn(['active', 'suspended', 'offboarded'])
  status?: PartnerStatus;

  @ApiPropertyOptional({ enum: partnerKinds })
  @IsOptional()
  @IsIn(partnerKinds)
  kind?: PartnerKind;

  @ApiPropertyOptional({ example: 'EMEA' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  region?: string;

  @ApiPropertyOptional({
    example: 'silver',
    description: 'The tier each partner is paid at today (overrides included)',
  })
  @IsOptional()
  @Matches(tierNamePattern, { message: tierNameMessage })
  tier?: string;

  @ApiPropertyOptional({ example: 'acme', description: 'A part of the name or of the partner id, any case' })
  @IsSearchText()
  q?: string;
}

export class PartnerCommandResponse {
  @ApiProperty() partnerId!: string;
  @ApiProperty({
    description: 'Global position of the last event; pass it as ?after= to read your write',
    example: '42',
  })
  position!: string;
}
