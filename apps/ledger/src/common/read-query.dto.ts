import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** Every GET accepts `after` (read-your-writes, handled by ReadAfterInterceptor). */
export class ReadQuery {
  @ApiPropertyOptional({
    description: 'Answer only once the read models have applied this global position',
    example: '42',
  })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a whole number (a global position)' })
  after?: string;
}

export class PageQuery extends ReadQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  offset: number = 0;
}

/** Client-chosen identifiers: they become part of stream names, so they are kept plain. */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const idMessage =
  'must be 1 to 100 letters, digits, dots, colons, dashes or underscores, starting with a letter or digit';
