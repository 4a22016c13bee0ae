import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '#domain';
import { lineIdPattern } from './commissions.dto.js';

const message =
  'lineId must be a commission line id such as "<event id>:<partner id>" ' +
  '(letters, digits, dots, colons, dashes or underscores, at most 300)';

/** A malformed line id cannot name a line: 400 naming the parameter, like IdPipe. */
@Injectable()
export class LineIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!lineIdPattern.test(value))
      throw new DomainError('VALIDATION_FAILED', message, { fields: [{ field: 'lineId', rule: 'lineId', message }] });
    return value;
  }
}
