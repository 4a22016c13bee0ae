import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DomainError } from '#domain';

/** Who keeps a read-model database, as recorded in it. */
export interface LockHolder {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  readonly label: string;
  readonly startedAt: string;
  readonly heartbeatAt: number;
}

const lockSchema = `
  CREATE TABLE IF NOT EXISTS projector_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    owner TEXT NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    label TEXT NOT NULL,
    started_at TEXT NOT NULL,
    heartbeat_at INTEGER NOT NULL
  );
`;

interface LockRow {
  owner: string;
  pid: bigint;
  host: string;
  label: string;
  started_at: string;
  heartbeat_at: bigint;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The single-writer lease on a read-model database: one row beside the rows it guards. A holder on
 * this host whose process is gone (or is this very process, restarted as pid 1 in a container, or an
 * older projector in it) is replaced at once; a holder elsewhere only once its heartbeat is older
 * than the lease. Every batch checks the lease inside its own write transaction (`assertHeld`), so
 * a projector that lost it can never commit next to the new holder.
 */
export class WriterLock {
  readonly owner = randomUUID();
  private readonly host = hostname();
  private readonly leaseMs: number;
  private readonly label: string;
  private readonly read;
  private readonly take;
  private readonly beat;
  private readonly drop;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database.Database,
    options: { leaseMs?: number; label?: string } = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.label = options.label ?? `pid ${process.pid}`;
    db.exec(lockSchema);
    this.read = db.prepare<[], LockRow>('SELECT * FROM projector_lock WHERE id = 1');
    this.take = db.prepare(
      'INSERT INTO projector_lock (id, owner, pid, host, label, started_at, heartbeat_at) ' +
        'VALUES (1, ?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host, ' +
        'label = excluded.label, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at',
    );
    this.beat = db.prepare('UPDATE projector_lock SET heartbeat_at = ? WHERE owner = ?');
    this.drop = db.prepare('DELETE FROM projector_lock WHERE owner = ?');
  }

  /** The recorded holder, if any (it may be stale). */
  holder(): LockHolder | undefined {
    const row = this.read.get();
    if (!row) return undefined;
    return {
      owner: row.owner,
      pid: Number(row.pid),
      host: row.host,
      label: row.label,
      startedAt: row.started_at,
      heartbeatAt: Number(row.heartbeat_at),
    };
  }

  /** The holder whose lease still runs (this process, or one not stale): who keeps the read models now. */
  liveHolder(): LockHolder | undefined {
    const holder = this.holder();
    return holder && (holder.owner === this.owner || !this.isStale(holder)) ? holder : undefined;
  }

  get held(): boolean {
    return this.holder()?.owner === this.owner;
  }

  /** Takes the lease when it is free, stale or already ours; otherwise returns the live holder. */
  tryAcquire(): LockHolder | undefined {
    // Already ours (every wake of a running projector asks): a read, no write transaction.
    if (this.held) {
      this.startHeartbeat();
      return undefined;
    }
    const blocking = this.db
      .transaction((): LockHolder | undefined => {
        const current = this.holder();
        if (current && current.owner !== this.owner && !this.isStale(current)) return current;
        if (current?.owner !== this.owner) {
          this.take.run(this.owner, process.pid, this.host, this.label, new Date().toISOString(), Date.now());
        }
        return undefined;
      })
      .immediate();
    if (!blocking) this.startHeartbeat();
    return blocking;
  }

  /** Takes the lease or refuses with PROJECTOR_LOCKED, naming the process that keeps the read models. */
  acquire(): void {
    const holder = this.tryAcquire();
    if (holder) throw lockedError(holder);
  }

  /** Inside a write transaction: throws unless this projector still holds the lease. */
  assertHeld(): void {
    const current = this.holder();
    if (current?.owner === this.owner) return;
    this.stopHeartbeat();
    throw current
      ? lockedError(current)
      : new DomainError('PROJECTOR_LOCKED', 'This projector no longer holds the read-model lock', {});
  }

  /**
   * Stops this holder's heartbeat while another connection writes for it (a swap worker renews the lease
   * in each of its transactions), so the heartbeat never waits on that connection's write lock; the
   * returned function starts it again.
   */
  suspendHeartbeat(): () => void {
    const beating = this.timer !== undefined;
    this.stopHeartbeat();
    return () => {
      if (beating) this.startHeartbeat();
    };
  }

  release(): void {
    this.stopHeartbeat();
    try {
      this.drop.run(this.owner);
    } catch {
      // A closed database: the next holder finds a process that is gone.
    }
  }

  private isStale(holder: LockHolder): boolean {
    if (Date.now() - holder.heartbeatAt > this.leaseMs) return true;
    return holder.host === this.host && (holder.pid === process.pid || !isAlive(holder.pid));
  }

  private startHeartbeat(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => {
        try {
          if (this.beat.run(Date.now(), this.owner).changes === 0) this.stopHeartbeat();
        } catch {
          // Busy or closed: a busy beat is retried at the next tick; a closed database has no holder to keep.
          if (!this.db.open) this.stopHeartbeat();
        }
      },
      Math.max(Math.floor(this.leaseMs / 5), 10),
    );
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

function lockedError(holder: LockHolder): DomainError {
  return new DomainError(
    'PROJECTOR_LOCKED',
    `The read models are kept by ${holder.label} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); ` +
      'only that process may write them: rebuild through it (POST /admin/projections/rebuild) or stop it first',
    { pid: holder.pid, host: holder.host, label: holder.label, startedAt: holder.startedAt },
  );
}
