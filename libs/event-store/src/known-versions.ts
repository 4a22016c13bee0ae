/**
 * The stream versions one SQLite connection last read or committed, trusted only while no other
 * connection has committed since: `PRAGMA data_version` changes exactly then (never for the
 * connection's own commits). A read after the version a caller holds, when nothing was appended since,
 * then needs no query; that is most reads of a command pipeline whose stream cache is warm.
 * Bounded: past `entriesMax`, the least recently set stream leaves first.
 */
export class KnownVersions {
  private readonly versions = new Map<string, number>();
  private dataVersion: bigint | undefined;

  constructor(
    private readonly readDataVersion: () => bigint,
    private readonly entriesMax = 100_000,
  ) {}

  /**
   * Reads the data version, forgetting everything if another connection committed since the last
   * observation; pass the answer to `set` with what was read or committed after this call.
   */
  observe(): bigint {
    const current = this.readDataVersion();
    if (current !== this.dataVersion) {
      this.versions.clear();
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
    this.versions.delete(stream);
    this.versions.set(stream, version);
    if (this.versions.size > this.entriesMax) this.versions.delete(this.versions.keys().next().value!);
  }
}
