import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '#domain';

/**
 * For a command that takes no body (approving): none, or an empty object. Any field is refused like an
 * unknown field elsewhere, so a client that thinks it is sending something learns it is not.
 */
@Injectable()
export class EmptyBodyPipe implements PipeTransform<unknown, Record<string, never>> {
  transform(value: unknown): Record<string, never> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      const fields = [{ field: 'body', rule: 'empty', message: 'body must be empty' }];
      throw new DomainError('VALIDATION_FAILED', 'This command takes no body, or an empty JSON object', { fields });
    }
    const fields = Object.keys(value).map((field) => ({
      field,
      rule: 'whitelistValidation',
      message: `property ${field} should not exist`,
    }));
    if (fields.length > 0)
      throw new DomainError('VALIDATION_FAILED', fields.map((field) => field.message).join('; '), { fields });
    return {};
  }
}
