import { parentPort, workerData } from 'node:worker_threads';
import { statementDecider, statementStream } from '#domain';
import { decideElsewhere, loadState } from '#event-store';
import {
  CommissionQueries,
  computeScorecard,
  DealQueries,
  openReadModels,
  openStore,
  RegistrationQueries,
  sendableError,
  StatementFigures,
  StatementQueries,
  type StatementView,
} from '#read-models';
import { listAnswer } from '../common/cursor.js';
import { pipelineOf } from '../deals/pipeline.js';
import { partnerStatementView } from '../statements/partner-statement-view.js';
import { statementsCsv } from '../statements/statement-csv.js';
import { issueFactsOf } from '../statements/issue-facts.js';
import type {
  IssueAsked,
  IssueDecision,
  ReadThreadSettings,
  StatementAudience,
  ThreadAnswer,
  ThreadAsked,
  ThreadRead,
} from './read-thread.js';

/** The read thread (ReadThread is the API's side): its own connections, one read at a time. */
const settings = workerData as ReadThreadSettings;
const port = parentPort!;
// With the API's connection's page cache: these reads walk a partner's whole history, and they ran at half the rate
// on SQLite's default 2 MB.
const db = openReadModels(settings.readModelsPath);
// Each prepared at its first read: a read needs only its own read model's tables.
const store = once(() => openStore(settings.store));
const statements = once(() => new StatementQueries(db, store()));
const figures = once(() => new StatementFigures(db));
const commissions = once(() => new CommissionQueries(db));
const deals = once(() => new DealQueries(db));
const registrations = once(() => new RegistrationQueries(db));
const encoder = new TextEncoder();

port.on('message', (asked: ThreadAsked) => void answer(asked));

async function answer(asked: ThreadAsked): Promise<void> {
  const { id } = asked;
  try {
    if ('issue' in asked) {
      port.postMessage({ id, decision: await decisionOf(asked.issue) } satisfies ThreadAnswer);
      return;
    }
    const text = await textOf(asked.read);
    // Its own buffer (TextEncoder never pools), handed over without a copy.
    const body = text === null ? null : encoder.encode(text);
    port.postMessage({ id, body } satisfies ThreadAnswer, body ? [body.buffer] : []);
  } catch (error) {
    port.postMessage({ id, error: sendableError(error) } satisfies ThreadAnswer);
  }
}

/** Issuing: the facts that grow with the partner's history, then steps 1 to 3 of the command pipeline. */
async function decisionOf({ partnerId, period, facts: small, stamp }: IssueAsked): Promise<IssueDecision> {
  const sources = {
    statementOf: async (stream: string) => (await loadState(store(), statementDecider, stream)).state,
    periodsOf: (partner: string) => figures().periodsOf(partner),
    currentLinesOf: (partner: string) => commissions().currentLinesOf(partner),
  };
  const facts = await issueFactsOf(sources, { partnerId, period }, small);
  const command = { type: 'IssueStatement' as const, data: { partnerId, period }, facts, metadata: stamp.metadata };
  const stream = statementStream(partnerId, period);
  const decision = await decideElsewhere(store(), statementDecider, stream, command, stamp.context);
  return { ...decision, firstStatement: facts.issuedStatements.length === 0 };
}

async function textOf(read: ThreadRead): Promise<string | null> {
  switch (read.kind) {
    case 'statement': {
      const statement = await statements().get(read.statementId);
      return statement ? JSON.stringify(visibleTo(read.audience, statement)) : null;
    }
    case 'statements': {
      const page = await statements().page(read.filters, read.request);
      if (read.format === 'csv') return statementsCsv(page.items);
      const items = page.items.map((statement) => visibleTo(read.audience, statement));
      return JSON.stringify(listAnswer('statements', { ...page, items }));
    }
    case 'mdfAccruals':
      return JSON.stringify(commissions().mdfAccruals(read.partnerId, read.period));
    case 'pipeline':
      return JSON.stringify(pipelineOf(read.partnerId, read.today, { registrations: registrations(), deals: deals() }));
    case 'scorecard': {
      const { partnerId, period, currency } = read;
      const history = { deals: deals().dealsOfPartner(partnerId), revenue: deals().revenueOfPartner(partnerId) };
      return JSON.stringify(computeScorecard({ partnerId, period, currency, ...history }));
    }
  }
}

/** A partner user reads a statement without the staff identities on it (partner-statement-view.ts). */
function visibleTo(audience: StatementAudience, statement: StatementView) {
  return audience === 'partner' ? partnerStatementView(statement) : statement;
}

function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
