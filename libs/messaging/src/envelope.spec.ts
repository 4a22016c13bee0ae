import { describe, expect, it } from '@jest/globals';
import {
  assertTopicPrefix,
  categoryOf,
  groupByTopic,
  occurredAtOf,
  toEnvelope,
  toOutboundMessage,
  topicFor,
} from './envelope.js';
import { aStoredEvent, metadataExample } from './testing/stored-events.js';

describe('envelope mapping', () => {
  it.each([
    ['partner-42', 'partner'],
    ['registration-5f0c8a52-1b6e-4c39-9d51-0c1c7f6e2a10', 'registration'],
    ['customer-acme.example', 'customer'],
    ['deal-d-1', 'deal'],
    ['statement-p-1-2026-Q1', 'statement'],
    ['mdf-p-1', 'mdf'],
    ['program', 'program'],
  ])('puts stream %s in category %s', (stream, category) => {
    expect(categoryOf(stream)).toBe(category);
    expect(topicFor(stream, 'partner-ledger')).toBe(`partner-ledger.${category}`);
  });

  it('refuses a stream or a prefix that makes an illegal topic name', () => {
    expect(() => topicFor('bad stream-1', 'p')).toThrow(
      'maps to "p.bad stream", which is not a legal Kafka topic name',
    );
    expect(() => assertTopicPrefix('with space')).toThrow('topic prefix');
    expect(() => assertTopicPrefix('')).toThrow('topic prefix');
    expect(assertTopicPrefix('acme.prod_ledger-1')).toBe('acme.prod_ledger-1');
  });

  describe('occurredAt', () => {
    const recordedAt = '2026-02-10T12:00:00.000Z';

    it('is the field named after the verb of the type', () => {
      expect(occurredAtOf('DealWon', { wonAt: '2026-01-31', expectedCloseDate: '2026-03-01' }, recordedAt)).toBe(
        '2026-01-31',
      );
      expect(occurredAtOf('DealStageAdvanced', { advancedAt: '2026-01-30' }, recordedAt)).toBe('2026-01-30');
      expect(occurredAtOf('PartnerEnrolled', { enrolledAt: '2026-01-02T09:30:00Z' }, recordedAt)).toBe(
        '2026-01-02T09:30:00Z',
      );
    });

    it('prefers the verb field over other date fields, and never picks dates of other moments', () => {
      expect(
        occurredAtOf(
          'DealRegistrationApproved',
          { protectedUntil: '2026-05-01', approvedAt: '2026-02-01' },
          recordedAt,
        ),
      ).toBe('2026-02-01');
      expect(
        occurredAtOf('RuleSetPublished', { effectiveFrom: '2026-04-01', publishedAt: '2026-02-01' }, recordedAt),
      ).toBe('2026-02-01');
      expect(occurredAtOf('Whatever', { effectiveFrom: '2026-04-01', protectedUntil: '2026-05-01' }, recordedAt)).toBe(
        recordedAt,
      );
    });

    it('falls back to a single ...At date field, else to recordedAt', () => {
      expect(occurredAtOf('MdfClaimFiled', { submittedAt: '2026-02-03' }, recordedAt)).toBe('2026-02-03');
      expect(occurredAtOf('Ambiguous', { startedAt: '2026-02-03', endedAt: '2026-02-04' }, recordedAt)).toBe(
        recordedAt,
      );
      expect(occurredAtOf('DealWon', { wonAt: 'yesterday' }, recordedAt)).toBe(recordedAt);
      expect(occurredAtOf('DealWon', { wonAt: 20260131 }, recordedAt)).toBe(recordedAt);
      expect(occurredAtOf('DealWon', null, recordedAt)).toBe(recordedAt);
      expect(occurredAtOf('DealWon', ['2026-01-01'], recordedAt)).toBe(recordedAt);
    });
  });

  it('publishes only the public metadata, never the idempotency key or command hash', () => {
    const event = aStoredEvent({
      stream: 'partner-1',
      revision: 1,
      position: 9n,
      metadata: { ...metadataExample, internalNote: 'x' },
    });
    expect(toEnvelope(event).metadata).toEqual({
      actor: 'alice',
      actorRole: 'partner_manager',
      correlationId: 'corr-1',
      causationId: 'cause-1',
    });
    expect(toOutboundMessage(event, 'p').value).not.toMatch(/idempotencyKey|commandHash|key-1|hash-1|internalNote/);
  });

  it('takes the schema version from metadata when a type has one, else 1', () => {
    const base = { stream: 'partner-1', revision: 1, position: 1n };
    expect(toEnvelope(aStoredEvent(base)).schemaVersion).toBe(1);
    const versioned = aStoredEvent({ ...base, metadata: { ...metadataExample, schemaVersion: 2 } });
    expect(toEnvelope(versioned).schemaVersion).toBe(2);
    expect(toOutboundMessage(versioned, 'p').headers['schema-version']).toBe('2');
    expect(
      toEnvelope(aStoredEvent({ ...base, metadata: { ...metadataExample, schemaVersion: 'two' } })).schemaVersion,
    ).toBe(1);
  });

  it('writes positions beyond 2^53 exactly, as decimal strings', () => {
    const event = aStoredEvent({ stream: 'deal-1', revision: 1, position: 18_446_744_073_709_551_000n });
    expect(toEnvelope(event).position).toBe('18446744073709551000');
  });

  it('groups messages by topic without reordering them', () => {
    const events = [
      aStoredEvent({ stream: 'deal-1', revision: 1, position: 1n }),
      aStoredEvent({ stream: 'partner-1', revision: 1, position: 2n }),
      aStoredEvent({ stream: 'deal-2', revision: 1, position: 3n }),
      aStoredEvent({ stream: 'deal-1', revision: 2, position: 4n }),
    ];
    const grouped = groupByTopic(events.map((event) => toOutboundMessage(event, 'p')));
    expect([...grouped.keys()]).toEqual(['p.deal', 'p.partner']);
    expect(grouped.get('p.deal')!.map((message) => message.envelope.position)).toEqual(['1', '3', '4']);
  });
});
