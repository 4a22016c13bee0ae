import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '#domain';
import { periodPattern } from '../common/field-validators.js';

const message = 'period must be a calendar quarter such as "2026-Q1" (years 1970 to 9999)';

/** Validates a period in the path: a malformed one names no quarter, so it is a 400 naming `period`. */
@Injectable()
export class PeriodPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!periodPattern.test(value))
      throw new DomainError('VALIDATION_FAILED', message, {
        field: 'period',
        rule: 'period',
        fields: [{ field: 'period', rule: 'period', message }],
      });
    return value;
  }
}
