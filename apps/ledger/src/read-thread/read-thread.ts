import type { FastifyReply } from 'fastify';
import { Worker } from 'node:worker_threads';
import { invariant } from '#domain';
import type { DecisionElsewhere } from '#event-store';
import {
  onWorkerExit,
  receivedError,
  workerEntry,
  type PageRequest,
  type PeriodPage,
  type SentError,
  type StatementPageFilters,
  type StoreLocation,
} from '#read-models';
import type { CommandStamp } from '../common/command-pipeline.js';
import type { StatementStep } from '../statements/statement-steps.js';

/** Who reads: a partner user is shown its statements without the staff's identities (partner-statement-view.ts). */
export type StatementAudience = 'staff' | 'partner';

/**
 * The reads whose answers grow with a partner's history: a statement (its issued data holds every line), a page of
 * statements as JSON or CSV, a partner's MDF accruals, its pipeline and its scorecard.
 */
export type ThreadRead =
  | { readonly kind: 'statement'; readonly statementId: string; readonly audience: StatementAudience }
  | {
      readonly kind: 'statements';
      readonly filters: StatementPageFilters;
      readonly request: PageRequest;
      readonly audience: StatementAudience;
      readonly format: 'json' | 'csv';
      /** The list its `next` cursor belongs to (listOf). */
      readonly list: string;
    }
  | { readonly kind: 'mdfAccruals'; readonly partnerId: string; readonly page: PeriodPage; readonly list: string }
  | {
      readonly kind: 'pipeline';
      readonly partnerId: string;
      readonly today: string;
      readonly request: PageRequest;
      readonly list: string;
    }
  | { readonly kind: 'scorecard'; readonly partnerId: string; readonly period: string; readonly currency: string };

/** A statement step's decision, and whether it issues the partner's first statement (the caller claims its period). */
export type StepDecision = DecisionElsewhere & { readonly firstStatement: boolean };

export type ThreadAsked =
  | { readonly id: number; readonly read: ThreadRead }
  | { readonly id: number; readonly step: StatementStep; readonly stamp: CommandStamp };

/**
 * A read's body (null: no such statement) as bytes whose buffer is transferred, a step's decision, or the error
 * either threw.
 */
export type ThreadAnswer =
  | { readonly id: number; readonly body: Uint8Array | null }
  | { readonly id: number; readonly decision: StepDecision }
  | { readonly id: number; readonly error: SentError };

export interface ReadThreadSettings {
  readonly store: StoreLocation;
  readonly readModelsPath: string;
}

interface Waiting {
  readonly worker: Worker;
  readonly resolve: (answer: Buffer | null | StepDecision) => void;
  readonly reject: (error: unknown) => void;
}

/** Its two lanes, each a thread of the same code: reads, and a statement's command steps. */
type Lane = 'read' | 'decide';

/**
 * Reads answered in a worker thread (read-thread-worker.ts) with its own connections to the log and the read models:
 * the thread reads, shapes and serializes, and the API's thread only sends the bytes. These answers grow with a
 * partner's history: at a million seeded events the largest statement is 13.6 MB of JSON and the largest partner's MDF
 * accruals 8.8 MB, and each such read held the API's event loop for half a second or more (docs/benchmarks.md, "Reads
 * that grow with a partner's history, off the API's thread"). A statement's command steps grow the same way
 * (statement-steps.ts): a second thread of the same code decides them, so a read never waits seconds behind a large
 * statement being issued. Each thread answers in order; it starts at its first question, and a thread that dies fails
 * the questions it held and is started again by the next.
 */
export class ReadThread {
  private readonly workers = new Map<Lane, Worker>();
  private askedTotal = 0;
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly settings: ReadThreadSettings) {}

  /** The answer's body, UTF-8 (JSON, or CSV when asked); null when the statement asked for does not exist. */
  read(read: ThreadRead): Promise<Buffer | null> {
    return this.asked('read', (id) => ({ id, read })) as Promise<Buffer | null>;
  }

  /** Loads a statement step's facts and decides it (the caller appends: CommandPipeline.runElsewhere). */
  decide(step: StatementStep, stamp: CommandStamp): Promise<StepDecision> {
    return this.asked('decide', (id) => ({ id, step, stamp })) as Promise<StepDecision>;
  }

  private asked(lane: Lane, message: (id: number) => ThreadAsked): Promise<Buffer | null | StepDecision> {
    const worker = this.workers.get(lane) ?? this.started(lane);
    const id = this.askedTotal++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      worker.postMessage(message(id));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const workers = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private started(lane: Lane): Worker {
    const entry = workerEntry('read-thread-worker', import.meta.url);
    const worker = new Worker(entry.url, {
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      workerData: this.settings,
    });
    // An idle thread never keeps the process alive; the service closes it at shutdown.
    worker.unref();
    worker.on('message', (answer: ThreadAnswer) => this.answered(answer));
    worker.on('error', (error: Error) => this.failAll(lane, worker, error));
    onWorkerExit(worker, (code) => this.failAll(lane, worker, new Error(`The ${lane} thread exited (code ${code})`)));
    this.workers.set(lane, worker);
    return worker;
  }

  private answered(answer: ThreadAnswer): void {
    const waiting = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    if (!waiting) return;
    if ('error' in answer) waiting.reject(receivedError(answer.error));
    else if ('decision' in answer) waiting.resolve(answer.decision);
    else waiting.resolve(answer.body && Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.length));
  }

  /** Every question the thread held fails; the next question of its lane starts a new thread. */
  private failAll(lane: Lane, worker: Worker, error: Error): void {
    if (this.workers.get(lane) === worker) this.workers.delete(lane);
    for (const [id, waiting] of this.waiting) {
      if (waiting.worker !== worker) continue;
      this.waiting.delete(id);
      waiting.reject(error);
    }
  }
}

const contentTypes = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

/** An answer the read thread serialized (null only where the read may find nothing), sent as it is. */
export function replyWith(
  reply: FastifyReply,
  body: Buffer | null,
  format: keyof typeof contentTypes = 'json',
): Buffer {
  invariant(body !== null, 'The read thread answered nothing to a read that always has an answer');
  void reply.header('Content-Type', contentTypes[format]);
  return body;
}
