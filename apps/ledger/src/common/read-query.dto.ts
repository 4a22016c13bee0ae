import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/**
 * A query parameter written in decimal digits read as a number. Anything else (`0x10`, `1e2`, ` 5`, which `Number`
 * would read as 16, 100 and 5) is left as it is for the field's rules to refuse; class-transformer's own conversion
 * throws on an object whose `toString` is not a function (a 500), which a body could carry.
 */
export function NumberFromQuery(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,16}(?:\.\d{1,16})?$/.test(value) ? Number(value) : value,
  );
}

/** Every GET accepts `after` (read-your-writes, handled by ReadAfterGuard). */
export class ReadQuery {
  @ApiPropertyOptional({
    description: 'Answer only once the read models have applied this global position',
    example: '42',
  })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a whole number (a global position)' })
  after?: string;
}

/** The largest page a list answers. */
export const pageLimitMax = 1000;

/**
 * Every list pages with `limit` and the opaque cursor its previous page answered as `next`. Pages
 * follow a stable order (each list's sort key), so a client following `next` meets every row that
 * existed when it started exactly once, while new events keep arriving.
 */
export class PageQuery extends ReadQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: pageLimitMax, default: 100, description: 'Rows per page' })
  @IsOptional()
  @NumberFromQuery()
  @IsInt({ message: `limit must be a whole number from 1 to ${pageLimitMax}` })
  @Min(1, { message: `limit must be a whole number from 1 to ${pageLimitMax}` })
  @Max(pageLimitMax, { message: `limit must be a whole number from 1 to ${pageLimitMax}` })
  limit: number = 100;

  @ApiPropertyOptional({
    description: 'The `next` value of the previous page, unchanged (opaque); leave out for the first page',
    example: 'WyJhY21lLWVtZWEiXQ.3q2-7wAbCdEf',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,2100}$/, {
    message: 'cursor must be the `next` value of an earlier page of the same list, unchanged',
  })
  cursor?: string;
}

/** Client-chosen identifiers: they become part of stream names, so they are kept plain. */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const idMessage =
  'must be 1 to 100 letters, digits, dots, colons, dashes or underscores, starting with a letter or digit';
