import { parentPort, workerData } from 'node:worker_threads';
import { mdfDecider, mdfStream, statementDecider, type Command } from '#domain';
import { decideElsewhere, eventBuffers, loadState } from '#event-store';
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
import { listAnswer, withNext } from '../common/cursor.js';
import { pipelineOf } from '../deals/pipeline.js';
import { partnerStatementView } from '../statements/partner-statement-view.js';
import { statementsCsv } from '../statements/statement-csv.js';
import type { CommandStamp } from '../common/command-pipeline.js';
import { plannedStep, type StatementSources, type StatementStep } from '../statements/statement-steps.js';
import type {
  ReadThreadSettings,
  StatementAudience,
  StepDecision,
  ThreadAnswer,
  ThreadAsked,
  ThreadRead,
} from './read-thread.js';

/** A thread of ReadThread (its API side), in either lane: its own connections, a read or a statement step at a time. */
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
    if ('step' in asked) {
      const decision = await decisionOf(asked.step, asked.stamp);
      // The events' data is bytes, handed over without a copy.
      port.postMessage(
        { id, decision } satisfies ThreadAnswer,
        'events' in decision ? eventBuffers(decision.events) : [],
      );
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

/** A statement step: its facts from this thread's connections, then steps 1 to 3 of the command pipeline. */
async function decisionOf(step: StatementStep, stamp: CommandStamp): Promise<StepDecision> {
  const { decider, stream, input, firstStatement } = await plannedStep(step, sources);
  const command = { ...input, metadata: stamp.metadata } as Command;
  return { ...(await decideElsewhere(store(), decider, stream, command, stamp.context)), firstStatement };
}

const sources: StatementSources = {
  statementOf: async (stream) => (await loadState(store(), statementDecider, stream)).state,
  mdfFundOf: async (partnerId) => (await loadState(store(), mdfDecider, mdfStream(partnerId))).state,
  periodsOf: (partnerId) => figures().periodsOf(partnerId),
  currentLinesOf: (partnerId) => commissions().currentLinesOf(partnerId),
  lineWithReversalsOf: (lineId) => commissions().lineWithReversals(lineId),
};

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
      return JSON.stringify(listAnswer('statements', { ...page, items }, read.list));
    }
    case 'mdfAccruals':
      return JSON.stringify(withNext(commissions().mdfAccruals(read.partnerId, read.page), read.list));
    case 'pipeline': {
      const queries = { registrations: registrations(), deals: deals() };
      return JSON.stringify(withNext(pipelineOf(read.partnerId, read.today, read.request, queries), read.list));
    }
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
