import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { categoryOf, occurredAtOf, topicFor } from './envelope.js';
import { renderAsyncApi, toYaml } from './testing/asyncapi.js';
import { eventCatalog } from './testing/event-catalog.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const asyncApiPath = join(root, 'docs', 'asyncapi.yaml');
const guidePath = join(root, 'docs', 'kafka.md');

/** DESIGN §4, stream by stream: every one of these must be documented for consumers. */
const designTypes: Record<string, readonly string[]> = {
  program: ['RuleSetPublished', 'PeriodClosed'],
  partner: ['PartnerEnrolled', 'PartnerSuspended', 'PartnerReinstated', 'PartnerOffboarded', 'TierOverridden'],
  registration: ['DealRegistrationSubmitted', 'DealRegistrationApproved', 'DealRegistrationRejected'],
  customer: ['CustomerClaimed', 'CustomerReleased', 'CustomerDivisionDeclared'],
  deal: [
    'DealOpened',
    'DealStageAdvanced',
    'DealWon',
    'DealLost',
    'DealRenewed',
    'DealExpanded',
    'DealRefunded',
    'DealChurned',
  ],
  campaign: [
    'CampaignProposed',
    'CampaignApproved',
    'CampaignMilestoneCompleted',
    'CampaignLeadAttributed',
    'CampaignClosed',
  ],
  mdf: [
    'MdfAccrued',
    'MdfCommitted',
    'MdfReleased',
    'MdfClaimSubmitted',
    'MdfClaimApproved',
    'MdfClaimRejected',
    'MdfDecommitted',
  ],
  statement: [
    'PayoutStatementIssued',
    'PayoutStatementApproved',
    'PayoutStatementPaid',
    'PayoutLineDisputed',
    'PayoutDisputeResolved',
  ],
};

describe('consumer documentation', () => {
  it('has an example of every event type of DESIGN §4, on the stream category it belongs to', () => {
    const documented = new Map(eventCatalog.map((entry) => [entry.type, categoryOf(entry.stream)]));
    for (const [category, types] of Object.entries(designTypes)) {
      for (const type of types) expect([type, documented.get(type)]).toEqual([type, category]);
    }
    expect(new Set(eventCatalog.map((entry) => entry.type)).size).toBe(eventCatalog.length);
  });

  it('gives every example a business date that the envelope picks as occurredAt', () => {
    const recordedAt = '2099-01-01T00:00:00.000Z';
    for (const entry of eventCatalog) {
      expect([entry.type, occurredAtOf(entry.type, entry.data, recordedAt)]).not.toEqual([entry.type, recordedAt]);
    }
  });

  it('docs/asyncapi.yaml is generated from the catalog and up to date (UPDATE_DOCS=1 rewrites it)', () => {
    const rendered = renderAsyncApi(eventCatalog);
    if (process.env['UPDATE_DOCS'] === '1') writeFileSync(asyncApiPath, rendered);
    const current = existsSync(asyncApiPath) ? readFileSync(asyncApiPath, 'utf8') : '';
    if (current !== rendered) {
      throw new Error(
        'docs/asyncapi.yaml is out of date with the event catalog: ' +
          'run UPDATE_DOCS=1 npm test -- libs/messaging/src/asyncapi.spec.ts',
      );
    }
  });

  it('docs/kafka.md names every topic and every event type', () => {
    const guide = readFileSync(guidePath, 'utf8');
    for (const entry of eventCatalog) {
      expect([entry.type, guide.includes(`\`${entry.type}\``)]).toEqual([entry.type, true]);
      expect([entry.stream, guide.includes(topicFor(entry.stream, 'partner-ledger'))]).toEqual([entry.stream, true]);
    }
  });

  it('writes YAML that keeps strings, numbers, nesting and empty collections apart', () => {
    expect(toYaml({ a: 'x: "y"', b: 2, c: [1, { d: [] }], e: {}, 'event-id': null, $ref: true })).toBe(
      'a: "x: \\"y\\""\nb: 2\nc:\n  - 1\n  - d: []\ne: {}\nevent-id: null\n"$ref": true\n',
    );
    expect(toYaml([{ a: 1, b: { c: 'z' } }])).toBe('- a: 1\n  b:\n    c: "z"\n');
  });
});
