import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '#domain';
import { idMessage, idPattern } from './read-query.dto.js';

/** Validates an id in the path; a malformed one cannot name anything, so it is a 400 naming the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: { data?: string }): string {
    const field = metadata.data ?? 'id';
    if (!idPattern.test(value))
      throw new DomainError('VALIDATION_FAILED', `${field} ${idMessage}`, {
        fields: [{ field, rule: 'id', message: `${field} ${idMessage}` }],
      });
    return value;
  }
}
