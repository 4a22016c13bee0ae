import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  EsdbEventStore,
  SqliteEventStore,
  type CheckpointedConsumer,
  type EventStore,
  type GroupCommit,
  type LogBatch,
  writerPageCacheKib,
} from '#event-store';
import { KafkaEventPublisher, Relay, type MessagingLogger } from '#messaging';
import {
  chainedElsewhere,
  CommissionSnapshots,
  openReadModels,
  Projector,
  ProjectorThread,
  projectionsWith,
  type ProjectorThreadSettings,
  type SnapshotPlace,
  type StoreLocation,
} from '#read-models';
import { ConfigError, type LedgerConfig } from './config.js';
import { CommandPipeline } from './common/command-pipeline.js';
import { ensureDataDir } from './common/data-dir.js';
import { createLogChainWriter, LOG_CHAIN_WRITER } from './common/log-chain-writer.js';
import { Metrics, MetricsCollectors } from './common/metrics.js';
import { MdfAccrualReactor } from './mdf/mdf-accrual.reactor.js';
import { interruptedRebuild, logRebuilds } from './common/rebuild-log.js';
import { ProgramFacts } from './program/program-facts.js';
import { ReadThread } from './read-thread/read-thread.js';
import {
  CLOCK,
  EVENT_STORE,
  LEDGER_CONFIG,
  MonotonicClock,
  READ_DATABASE,
  RELAY,
  systemClock,
  type Clock,
} from './common/tokens.js';

export function createEventStore(
  config: LedgerConfig,
  options: { readonly onCommitted?: (commit: GroupCommit) => void; readonly appendsInThread?: boolean } = {},
): EventStore {
  if (config.eventStore.kind === 'esdb')
    return new EsdbEventStore({ connectionString: config.eventStore.connectionString });
  ensureDataDir(config.dataDir);
  const { onCommitted, appendsInThread } = options;
  return new SqliteEventStore({
    path: join(config.dataDir, 'events.sqlite'),
    ...(onCommitted ? { onCommitted } : {}),
    // The connection that appends keeps the writer thread's larger page cache (writerPageCacheKib says why).
    ...(appendsInThread ? { appendWorker: false, pageCacheKib: writerPageCacheKib } : {}),
  });
}

/** Where a rebuild worker thread opens its own connection to the event store. */
export function storeLocation(config: LedgerConfig): StoreLocation {
  if (config.eventStore.kind === 'esdb') return { kind: 'esdb', connectionString: config.eventStore.connectionString };
  return { kind: 'sqlite', path: join(config.dataDir, 'events.sqlite') };
}

/** The read thread (reads that grow with a partner's history), with its own connections to the log and read models. */
function readThreadProvider(config: LedgerConfig): Provider {
  const useFactory = (db: Database.Database) =>
    new ReadThread({ store: storeLocation(config), readModelsPath: db.name });
  return { provide: ReadThread, inject: [READ_DATABASE], useFactory };
}

/** The read models' database (openReadModels: its commits do not wait for an fsync). */
export function openReadDatabase(config: LedgerConfig): Database.Database {
  ensureDataDir(config.dataDir);
  return openReadModels(join(config.dataDir, 'read-models.sqlite'));
}

/**
 * How far apart the commission engine's snapshots are, as a share of the log: a tenth. A save's cost grows with the
 * state, a restart's tail with the spacing; at a tenth, the snapshot worker's share of the machine stays about the
 * same as the log grows (it took most of a core under load at a million events, every 20,000), and a restart
 * replays at most a tenth of the log after loading the snapshot (docs/decisions.md).
 */
const snapshotGrowthShareMin = 0.1;

/** Where and how often the commission engine's state is saved: beside read-models.sqlite; never when 0. */
function snapshotPlace(config: LedgerConfig): SnapshotPlace | undefined {
  if (config.snapshotEveryEvents === 0) return undefined;
  const dir = join(config.dataDir, 'snapshots');
  return { dir, everyEvents: config.snapshotEveryEvents, growthShareMin: snapshotGrowthShareMin };
}

/** The commission engine's snapshots, unless LEDGER_SNAPSHOT_EVERY_EVENTS is 0. */
function snapshotsOf(config: LedgerConfig): CommissionSnapshots | undefined {
  const place = snapshotPlace(config);
  if (!place) return undefined;
  const logger = new Logger('Snapshots');
  return new CommissionSnapshots({
    ...place,
    warn: (message) => logger.warn(message),
    // Folded and written in a worker thread, off the API's event loop.
    worker: { store: storeLocation(config) },
  });
}

/** The commission snapshots of this process (null when off): closed at shutdown, after the projector. */
const COMMISSION_SNAPSHOTS = Symbol('COMMISSION_SNAPSHOTS');

/** A process that projects does so in a thread of its own unless LEDGER_PROJECTOR_THREAD=false; the CLI never. */
function inThread(config: LedgerConfig): boolean {
  return config.roles.has('projector') && config.projectorThread;
}

function threadSettings(
  config: LedgerConfig,
  db: Database.Database,
  settings: Pick<ProjectorThreadSettings, 'label' | 'pollIntervalMs' | 'wakeSpacing' | 'batchSize'>,
): ProjectorThreadSettings {
  const snapshots = snapshotPlace(config);
  return { store: storeLocation(config), readModelsPath: db.name, ...(snapshots ? { snapshots } : {}), ...settings };
}

function logFromThread(level: 'warn' | 'error', context: string, message: string): void {
  new Logger(context)[level](message);
}

/** Who holds the read-model writer lock, as another process refused by it reads it. */
function projectorLabel(config: LedgerConfig): string {
  return config.roles.size === 0 ? 'the ledger CLI' : `the ledger service on ${config.host}:${config.port}`;
}

/** The relay publishes only where Kafka is configured and this process has the relay role. */
export function createRelay(config: LedgerConfig, store: EventStore): Relay | null {
  if (!config.kafka || !config.roles.has('relay')) return null;
  const nest = new Logger('Relay');
  const logger: MessagingLogger = {
    info: (message, context) => nest.log({ msg: message, ...context }),
    warn: (message, context) => nest.warn({ msg: message, ...context }),
    error: (message, context) => nest.error({ msg: message, ...context }),
  };
  const publisher = new KafkaEventPublisher({
    brokers: config.kafka.brokers,
    topicPrefix: config.kafka.topicPrefix,
    clientId: config.kafka.clientId,
    logger,
  });
  return new Relay({ store, publisher, checkpointPath: join(config.dataDir, 'relay.sqlite'), logger });
}

/**
 * Under a steady stream of commands (runs of 16 positions or more) the projector runs at most once per 20 ms, each
 * run applying everything appended meanwhile: fewer batch transactions for the same events. Deal wins 1.03–1.14× and
 * `POST /partners` 1.03–1.04× the build before in the same runs, the lag p99 unchanged (docs/benchmarks.md); after a
 * smaller run, as in a lightly used service, an append wakes the projector at once.
 */
const projectorWakeSpacing = { ms: 20, afterPositions: 16 };
const rebuildLogger = new Logger('Rebuild');

/**
 * Starts the background roles this process runs and, on shutdown (after the HTTP server has stopped
 * accepting and drained), stops them and closes the stores so every queued append is committed.
 */
@Injectable()
class Lifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  /** Stops logging rebuilds and recomputations (logRebuilds), in a process that projects. */
  private stopRebuildLog: (() => void) | undefined;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly db: Database.Database,
    private readonly projector: Projector,
    private readonly mdfAccruals: MdfAccrualReactor,
    @Inject(RELAY) private readonly relay: Relay | null,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMISSION_SNAPSHOTS) private readonly snapshots: CommissionSnapshots | null,
    @Inject(LOG_CHAIN_WRITER) private readonly logChain: CheckpointedConsumer<LogBatch> | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.readModelsOfThisLog();
    await this.clockNotBeforeLog();
    if (this.config.roles.has('projector')) {
      this.projector.start();
      // The MDF accrual reactor follows the commission read model the projector keeps.
      this.mdfAccruals.start();
      this.stopRebuildLog = logRebuilds(this.projector, rebuildLogger);
    }
    this.relay?.start();
    this.logChain?.start();
  }

  /** Stops the start when the read models were derived from another log than this one (a log restored, replaced). */
  private async readModelsOfThisLog(): Promise<void> {
    const foreign = await chainedElsewhere(this.db, this.store);
    if (!foreign) return;
    const readModels = join(this.config.dataDir, 'read-models.sqlite');
    throw new ConfigError(
      `${readModels} was not derived from this event log: it was ${foreign}. The log was restored from a backup or ` +
        'replaced. Stop every ledger process, move read-models.sqlite aside with its -wal and -shm files, and the ' +
        'snapshots folder beside it, then start again: every projection is rebuilt from this log. With the Kafka ' +
        'relay, delete relay.sqlite too (docs/kafka.md, "A replaced event store").',
    );
  }

  /**
   * A restart after the wall clock stepped back records nothing before the log's newest event (another
   * process appending meanwhile is held to its own clock: keep the machines' clocks disciplined).
   */
  private async clockNotBeforeLog(): Promise<void> {
    if (!(this.clock instanceof MonotonicClock)) return;
    const head = await this.store.headPosition();
    if (head === 0n) return;
    const [newest] = await this.store.readAll({ after: head - 1n, limit: 1 });
    if (newest) this.clock.notBefore(newest.metadata.recordedAt);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopRebuildLog?.();
    const interrupted = interruptedRebuild(this.projector.rebuildStatus());
    if (interrupted) rebuildLogger.log(interrupted);
    // The relay, reactor and projector stop reading before the store closes; the relay closes its own publisher.
    await this.relay?.stop();
    await this.logChain?.stop();
    await this.mdfAccruals.stop();
    await this.projector.stop();
    // A snapshot under way is finished (its worker reads the store), then the worker stops.
    await this.snapshots?.close();
    await this.store.close();
    this.db.close();
  }
}

export interface CoreOptions {
  readonly clock?: Clock;
  /** Events per projector batch (and transaction); the Projector's default (500) unless given. */
  readonly projectorBatchSize?: number;
  /** The SQLite store appends on the calling thread instead of its writer thread (a CLI: no requests to serve). */
  readonly appendsInThread?: boolean;
}

/** The infrastructure every feature shares: config, clock, event store, read models, pipeline. */
@Global()
@Module({})
export class LedgerCoreModule {
  static forRoot(config: LedgerConfig, options: CoreOptions = {}): DynamicModule {
    const metrics = new Metrics();
    return {
      module: LedgerCoreModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        // Built here rather than injected into the store's factory, which keeps the providers' creation order.
        { provide: Metrics, useValue: metrics },
        {
          provide: EVENT_STORE,
          useFactory: () =>
            createEventStore(config, {
              onCommitted: metrics.observeGroupCommit,
              appendsInThread: options.appendsInThread ?? false,
            }),
        },
        { provide: READ_DATABASE, useFactory: () => openReadDatabase(config) },
        readThreadProvider(config),
        // In thread mode the projector's thread keeps the snapshots.
        { provide: COMMISSION_SNAPSHOTS, useFactory: () => (inThread(config) ? null : (snapshotsOf(config) ?? null)) },
        {
          provide: Projector,
          inject: [EVENT_STORE, READ_DATABASE, COMMISSION_SNAPSHOTS],
          useFactory: (store: EventStore, db: Database.Database, snapshots: CommissionSnapshots | null) => {
            const settings = {
              label: projectorLabel(config),
              pollIntervalMs: config.pollIntervalMs,
              wakeSpacing: projectorWakeSpacing,
              ...(options.projectorBatchSize ? { batchSize: options.projectorBatchSize } : {}),
            };
            // Rebuilds and recomputations build in a worker thread, off the API's event loop.
            const worker = { store: storeLocation(config) };
            const projections = projectionsWith(snapshots ? { snapshots } : {});
            const projector = { store, db, projections, worker, ...settings };
            if (!inThread(config)) return new Projector(projector);
            return new ProjectorThread(projector, threadSettings(config, db, settings), logFromThread);
          },
        },
        { provide: RELAY, inject: [EVENT_STORE], useFactory: (store: EventStore) => createRelay(config, store) },
        {
          provide: LOG_CHAIN_WRITER,
          inject: [EVENT_STORE, CLOCK],
          useFactory: (store: EventStore, clock: Clock) => createLogChainWriter(config, store, clock),
        },
        CommandPipeline,
        {
          provide: MdfAccrualReactor,
          inject: [EVENT_STORE, READ_DATABASE, Projector, CommandPipeline],
          useFactory: (store: EventStore, db: Database.Database, projector: Projector, pipeline: CommandPipeline) =>
            new MdfAccrualReactor({ store, db, projector, pipeline, pollIntervalMs: config.pollIntervalMs }),
        },
        ProgramFacts,
        MetricsCollectors,
        Lifecycle,
      ],
      exports: [
        LEDGER_CONFIG,
        CLOCK,
        EVENT_STORE,
        READ_DATABASE,
        ReadThread,
        RELAY,
        Projector,
        CommandPipeline,
        MdfAccrualReactor,
        ProgramFacts,
        Metrics,
      ],
    };
  }
}
