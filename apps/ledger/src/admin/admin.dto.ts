import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ReadQuery } from '../common/read-query.dto.js';

export class RebuildDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Projections to rebuild; all when absent',
    example: ['partners'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  projections?: string[];
}

/** `after` (from ReadQuery) is the cursor: a global position, or a revision when `stream` is set. */
export class EventsQuery extends ReadQuery {
  @ApiPropertyOptional({
    description: 'Only this stream; `after` is then a revision within it',
    example: 'partner-acme',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  stream?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 100;
}
