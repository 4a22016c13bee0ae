import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class StartImportQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'Run every line through its route and decider on the lines before it, list the refused ones by line number, ' +
      'append nothing',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Stop at the first refused line (by default a refused line is reported and the rest still run)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  stopOnError?: 'true' | 'false';
}

export class ImportProgress {
  @ApiProperty({ example: 4000, description: 'Lines acknowledged (committed and synced), in file order' })
  done!: number;
  @ApiProperty({ example: 100000 }) total!: number;
  @ApiProperty({ example: 9500 }) linesPerSecond!: number;
  @ApiProperty({ nullable: true, type: Number, example: 10 }) etaSeconds!: number | null;
  @ApiProperty({ example: 3, description: 'Lines refused so far' }) errors!: number;
}

export class ImportLineError {
  @ApiProperty({ example: 17, description: 'The line of the file (1 is the first)' }) line!: number;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) error!: string;
  @ApiProperty({ example: 'amount must be a decimal string' }) message!: string;
  @ApiProperty({ type: Object, example: { fields: [] } }) details!: Record<string, unknown>;
}

export class ImportResult {
  @ApiProperty({ example: 99997, description: 'Lines that appended their events in this run' }) applied!: number;
  @ApiProperty({ example: 0, description: 'Lines whose key had already taken effect: nothing appended' })
  replayed!: number;
  @ApiProperty({ example: 3 }) refused!: number;
  @ApiProperty({ example: 0, description: 'Lines after a stop (stopOnError) or a failure' }) notRun!: number;
  @ApiProperty({
    example: 0,
    description:
      "A dry run's lines checked by their route's validation alone: statements are decided on read models, " +
      'which a dry run does not build from its lines (0 in a real run)',
  })
  validatedOnly!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [{ line: 1, status: 201, position: '42', replayed: false }],
    description:
      'Per line of a real run: its position, or its refusal as the route answered it; a dry run lists its refused ' +
      'lines alone. Sent as it is read from disk',
  })
  lines!: Array<Record<string, unknown>>;
}

export class ImportView {
  @ApiProperty({ example: 'imp-0b6f3c1e-5f0e-4a47-9a43-32ef7a1c6b1d' }) importId!: string;
  @ApiProperty({ enum: ['running', 'completed', 'stopped', 'failed', 'interrupted'] }) status!: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() stopOnError!: boolean;
  @ApiProperty({ example: '2026-02-10T12:00:00.000Z' }) startedAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ type: ImportProgress }) progress!: ImportProgress;
  @ApiProperty({
    type: [ImportLineError],
    description:
      'The first 100 refused lines, by line number (progress.errors counts them all; result.lines lists every one ' +
      'once the import is done)',
  })
  errors!: ImportLineError[];
  @ApiProperty({ type: ImportResult, nullable: true }) result!: ImportResult | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the import itself failed, if it did' })
  failure!: string | null;
}
