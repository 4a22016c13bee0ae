/** A connection's view of the log that KnownVersions follows. */
export interface FollowedLog {
  /** `PRAGMA data_version`: changes whenever another connection has committed, never for this one's commits. */
  dataVersion(): bigint;
  /** The newest position, or 0. */
  head(): bigint;
  /** The stream and revision of the events after `position`, oldest first, at most `limit` of them. */
  after(position: bigint, limit: number): readonly { position: bigint; stream: string; revision: number }[];
}

/**
 * The stream versions one SQLite connection last read or committed, kept true as other connections
 * commit: when `PRAGMA data_version` says one did, the events appended after the log head they were last
 * checked at update the streams they belong to. A read after the version a caller holds, when nothing was
 * appended to its stream since, then needs no query; that is most reads of a command pipeline whose stream
 * cache is warm, also while the store's own writer thread (another connection) commits groups of appends.
 * Bounded: past `entriesMax`, the least recently set stream leaves first; past `tailMax` new events at
 * once, everything is forgotten instead of followed.
 */
export class KnownVersions {
  private readonly versions = new Map<string, number>();
  private dataVersion: bigint | undefined;
  /** The position up to which every appended event has updated `versions`; unset until the first observation. */
  private followedHead: bigint | undefined;

  constructor(
    private readonly log: FollowedLog,
    private readonly entriesMax = 100_000,
    private readonly tailMax = 10_000,
  ) {}

  /**
   * Reads the data version and, if another connection committed since the last observation, follows the
   * log's new events; pass the answer to `set` with what was read or committed after this call.
   */
  observe(): bigint {
    const current = this.log.dataVersion();
    if (current !== this.dataVersion) {
      // Read after the data version: whatever the tail shows is at least as new as `current` says.
      this.follow();
      this.dataVersion = current;
    }
    return current;
  }

  /** The stream's version as of the last observation (call `observe` first), if known. */
  get(stream: string): number | undefined {
    return this.versions.get(stream);
  }

  /** Remembers a version read or committed after `observed`, unless another connection committed meanwhile. */
  set(stream: string, version: number, observed: bigint): void {
    if (observed !== this.dataVersion) return;
    this.remember(stream, version);
  }

  private follow(): void {
    const tail = this.followedHead === undefined ? undefined : this.log.after(this.followedHead, this.tailMax);
    if (tail === undefined || tail.length === this.tailMax) {
      this.versions.clear();
      this.followedHead = this.log.head();
      return;
    }
    // Oldest first: each stream ends at its newest revision, which is the stream's version.
    for (const { stream, revision } of tail) if (this.versions.has(stream)) this.remember(stream, revision);
    this.followedHead = tail.at(-1)?.position ?? this.followedHead;
  }

  private remember(stream: string, version: number): void {
    this.versions.delete(stream);
    this.versions.set(stream, version);
    if (this.versions.size > this.entriesMax) this.versions.delete(this.versions.keys().next().value!);
  }
}
