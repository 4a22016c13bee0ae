import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '#event-store';
import { openStore, sendableError, StatementQueries, type StatementView } from '#read-models';
import { listAnswer } from '../common/cursor.js';
import { partnerStatementView } from './partner-statement-view.js';
import { statementsCsv } from './statement-csv.js';
import type {
  StatementAudience,
  StatementRead,
  StatementReadAnswer,
  StatementReadAsked,
  StatementReadsSettings,
} from './statement-reads.js';

/** The statement reader's thread (StatementReads is the API's side): its own connections, one read at a time. */
const settings = workerData as StatementReadsSettings;
const port = parentPort!;
const statements = new StatementQueries(openDatabase(settings.readModelsPath), openStore(settings.store));
const encoder = new TextEncoder();

port.on('message', (asked: StatementReadAsked) => void answer(asked));

async function answer({ id, read }: StatementReadAsked): Promise<void> {
  try {
    const text = await textOf(read);
    // Its own buffer (TextEncoder never pools), handed over without a copy.
    const body = text === null ? null : encoder.encode(text);
    port.postMessage({ id, body } satisfies StatementReadAnswer, body ? [body.buffer] : []);
  } catch (error) {
    port.postMessage({ id, error: sendableError(error) } satisfies StatementReadAnswer);
  }
}

async function textOf(read: StatementRead): Promise<string | null> {
  if (read.kind === 'statement') {
    const statement = await statements.get(read.statementId);
    return statement ? JSON.stringify(visibleTo(read.audience, statement)) : null;
  }
  const page = await statements.page(read.filters, read.request);
  if (read.format === 'csv') return statementsCsv(page.items);
  const items = page.items.map((statement) => visibleTo(read.audience, statement));
  return JSON.stringify(listAnswer('statements', { ...page, items }));
}

/** A partner user reads a statement without the staff identities on it (partner-statement-view.ts). */
function visibleTo(audience: StatementAudience, statement: StatementView) {
  return audience === 'partner' ? partnerStatementView(statement) : statement;
}
