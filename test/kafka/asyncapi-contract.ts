import { Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordMessage } from '../support/contract.js';
import type { ReceivedMessage } from './kafka-collector.js';

const asyncApiPath = join(import.meta.dirname, '..', '..', 'docs', 'asyncapi.yaml');

/** A diagnostic of the AsyncAPI parser that makes the document wrong (errors) or doubtful (warnings). */
export interface Problem {
  readonly severity: number;
  readonly code: string | number;
  readonly message: string;
  readonly path: string;
}

/** docs/asyncapi.yaml parsed and validated by the AsyncAPI parser (its schema and its spectral rule set). */
export async function parseAsyncApi(): Promise<{ document?: AsyncAPIDocumentInterface; problems: Problem[] }> {
  const { document, diagnostics } = await new Parser().parse(readFileSync(asyncApiPath, 'utf8'));
  const problems = diagnostics.map(({ severity, code, message, path }) => ({
    severity,
    code,
    message,
    path: path.join('.'),
  }));
  return { document, problems };
}

interface MessageCheck {
  readonly payload: ValidateFunction;
  readonly headers?: ValidateFunction;
}

/**
 * Checks relayed messages against docs/asyncapi.yaml: the topic's channel (`{prefix}.<category>`) must list the
 * message named by the payload's `type`, and the payload and headers must satisfy that message's schemas (ajv,
 * with formats). Every message counts in the run's tally; a violation fails the test (contract-setup.ts).
 */
export class AsyncApiContract {
  private constructor(private readonly checks: Map<string, Map<string, MessageCheck>>) {}

  static async load(): Promise<AsyncApiContract> {
    const { document, problems } = await parseAsyncApi();
    const errors = problems.filter((problem) => problem.severity === 0);
    if (!document || errors.length > 0)
      throw new Error(`docs/asyncapi.yaml is invalid: ${errors.map((error) => error.message).join('; ')}`);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    // The document's own format: an exact decimal as a string (docs/kafka.md).
    ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
    const checks = new Map<string, Map<string, MessageCheck>>();
    for (const channel of document.channels().all()) {
      const category = channel.address()!.replace('{prefix}.', '');
      const messages = new Map<string, MessageCheck>();
      for (const message of channel.messages().all()) {
        const headers = message.headers()?.json();
        messages.set(message.name() ?? message.id(), {
          payload: ajv.compile(message.payload()!.json()),
          ...(headers ? { headers: ajv.compile(headers) } : {}),
        });
      }
      checks.set(category, messages);
    }
    return new AsyncApiContract(checks);
  }

  /** The violations of one message (empty when it keeps to the document). */
  check(message: ReceivedMessage): string[] {
    const category = message.topic.split('.').at(-1)!;
    const where = `${message.topic} ${message.key}@${message.offset}`;
    let payload: { type?: unknown };
    try {
      payload = JSON.parse(message.value) as { type?: unknown };
    } catch {
      return recordMessage([`${where}: the value is not JSON`]);
    }
    const check = this.checks.get(category)?.get(String(payload.type));
    if (!check) return recordMessage([`${where}: ${String(payload.type)} is not a message of channel ${category}`]);
    const found = [
      ...errorsOf(check.payload, payload, 'payload'),
      ...(check.headers ? errorsOf(check.headers, message.headers, 'headers') : []),
    ];
    return recordMessage(found.map((violation) => `${where} ${String(payload.type)}: ${violation}`));
  }
}

function errorsOf(validate: ValidateFunction, value: unknown, part: string): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${part}${error.instancePath} ${error.message ?? ''}`);
}
