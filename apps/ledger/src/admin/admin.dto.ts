import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NumberFromQuery, PageQuery } from '../common/read-query.dto.js';

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

/**
 * `after` (from ReadQuery) is a global position, with or without `stream`; `fromRevision` starts a
 * stream's page at a revision; `cursor` is the previous page's `next`.
 */
export class EventsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only this stream, in revision order', example: 'partner-acme' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  stream?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'With `stream`: the first revision to answer', example: 1 })
  @IsOptional()
  @NumberFromQuery()
  @IsInt({ message: 'fromRevision must be a whole number of at least 1' })
  @Min(1, { message: 'fromRevision must be a whole number of at least 1' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'fromRevision must be a whole number of at least 1' })
  fromRevision?: number;
}
