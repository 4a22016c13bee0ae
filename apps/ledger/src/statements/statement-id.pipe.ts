import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '#domain';

/** `<partnerId>-<period>` (statementIdOf): a partner id of the id pattern, then a quarter. */
const statementIdPattern = /^([A-Za-z0-9][A-Za-z0-9_.:-]{0,99})-((?:19[7-9]\d|[2-9]\d{3})-Q[1-4])$/;
const statementIdMessage = 'statementId must be "<partnerId>-<period>", such as "acme-emea-2026-Q1"';

/**
 * Statement line ids are the engine's line ids (`<event id>:<partner id>[:<event id>]`) or composed
 * from them (`recomputation:<statement id>:<line id>`, `dispute:…`, `mdf-claim:<claim id>`,
 * `carry-forward:<statement id>`): the id pattern's characters, longer.
 */
const lineIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,599}$/;
const lineIdMessage =
  'lineId must be a statement line id (letters, digits, dots, colons, dashes or underscores, at most 600)';

/** The partner and the period a statement id names. */
export function parseStatementId(statementId: string): { partnerId: string; period: string } | undefined {
  const match = statementIdPattern.exec(statementId);
  return match ? { partnerId: match[1]!, period: match[2]! } : undefined;
}

/** A malformed statement id names no statement: 400 naming the parameter. */
@Injectable()
export class StatementIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!parseStatementId(value))
      throw new DomainError('VALIDATION_FAILED', statementIdMessage, {
        fields: [{ field: 'statementId', rule: 'statementId', message: statementIdMessage }],
      });
    return value;
  }
}

@Injectable()
export class StatementLineIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!lineIdPattern.test(value))
      throw new DomainError('VALIDATION_FAILED', lineIdMessage, {
        fields: [{ field: 'lineId', rule: 'lineId', message: lineIdMessage }],
      });
    return value;
  }
}
