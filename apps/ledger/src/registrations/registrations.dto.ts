import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { RegistrationView } from '#read-models';
import { idMessage, idPattern, PageQuery } from '../common/read-query.dto.js';
import {
  amountBoundText,
  amountPatternText,
  currencyText,
  IsCurrencyCode,
  IsAmountString,
  IsBusinessDate,
  notBlank,
} from '../common/field-validators.js';

/** `expired` is computed: approved, and past its last protected day today (docs/decisions.md). */
type RegistrationStatus = RegistrationView['status'];
export const registrationStatuses: readonly RegistrationStatus[] = ['submitted', 'approved', 'expired', 'rejected'];

export class CustomerDto {
  @ApiProperty({ example: 'Globex Corporation' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'name must not be blank' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'globex.com',
    description:
      'The customer\'s domain. Case, surrounding spaces, one trailing dot and one leading "www." are ignored: ' +
      '"WWW.GLOBEX.COM." is globex.com',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  domain!: string;
}

export class SubmitRegistrationDto {
  @ApiProperty({ example: 'reg-2026-0042', description: 'Client-chosen id; also the default idempotency key' })
  @IsString()
  @Matches(idPattern, { message: `registrationId ${idMessage}` })
  registrationId!: string;

  @ApiProperty({ example: 'acme-emea', description: 'A partner user may only submit for its own partner' })
  @IsString()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId!: string;

  @ApiProperty({ type: CustomerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty({ example: 'platform' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'productFamily must not be blank' })
  @MaxLength(100)
  productFamily!: string;

  @ApiProperty({
    example: '50000.00',
    pattern: amountPatternText,
    description: `Decimal string in \`currency\`. ${amountBoundText}`,
  })
  @IsAmountString()
  estimatedValue!: string;

  @ApiPropertyOptional({ example: 'EUR', description: `The program currency when absent. ${currencyText}` })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiProperty({ example: '2026-06-30' })
  @IsBusinessDate()
  expectedCloseDate!: string;
}

export class RejectRegistrationDto {
  @ApiProperty({ example: 'Duplicate of an existing opportunity', description: 'Shown to the partner' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason!: string;
}

export class ExtendRegistrationDto {
  @ApiProperty({
    example: 'Procurement moved the signature to next quarter',
    description:
      'Why the protection is extended. Once per registration, while it is protected: by the protection days of ' +
      'the rules in force, from its current last day.',
  })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason!: string;
}

export class ListRegistrationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Staff only; a partner user always sees its own' })
  @IsOptional()
  @Matches(idPattern, { message: `partnerId ${idMessage}` })
  partnerId?: string;

  @ApiPropertyOptional({ enum: registrationStatuses })
  @IsOptional()
  @IsIn(registrationStatuses)
  status?: RegistrationStatus;
}

export class RegistrationCommandResponse {
  @ApiProperty() registrationId!: string;
  @ApiProperty({
    description: 'Global position of the last event; pass it as ?after= to read your write',
    example: '42',
  })
  position!: string;
}

export class DeclareCustomerDivisionDto {
  @ApiProperty({
    example: 'eu.globex.com',
    description: 'A subdomain of the customer domain in the path, to be locked as a customer of its own',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  domain!: string;

  @ApiProperty({ example: 'Globex Europe buys separately', description: 'Why this division is a separate customer' })
  @IsString()
  @IsNotEmpty()
  @Matches(notBlank, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason!: string;
}

export class CustomerDivisionResponse {
  @ApiProperty({ example: 'globex.com' }) customerKey!: string;
  @ApiProperty({ example: 'eu.globex.com' }) division!: string;
  @ApiProperty({
    description: 'Global position of the last event; pass it as ?after= to read your write',
    example: '42',
  })
  position!: string;
}
