import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { isMainThread, threadId, Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { asCommissionState, PlainDecoding, PlainEncoding, StringSharing, type CommissionState } from '#domain';
import { chainedLink } from '../log-chain.js';
import { onWorkerExit } from '../malloc-arenas.js';
import { garbageCollector, workerEntry, type StoreLocation } from '../scratch-build.js';

/**
 * The commission engine's state on disk, so a restart replays only the log after the newest snapshot
 * instead of the whole log (docs/decisions.md, "Snapshots of the commission engine").
 *
 * A file `commissions-<position>.snap` is a header line (JSON: body format, projection, version, position, the log's
 * chain link there (log-chain.ts), SHA-256 of the body, body length; padded with spaces, as it is written after the
 * body) and the body: the state as a plain structure (encodeCommissionState), v8-serialized in independent pieces
 * (serializeSliced). It is written to a temporary name, fsynced, renamed and the folder fsynced, so a crash leaves
 * either the whole file or none. A reader trusts nothing: a file whose header does not parse, whose version is not the
 * projection's, whose position is past the checkpoint or does not match its name, whose chain link is not the one
 * the read models recorded at its position (made from another log: one restored from a backup, or replaced), whose body
 * does not match its checksum or does not decode is reported (one warning line naming the file and the reason)
 * and skipped for an older one, or for position 0.
 */
export interface SnapshotSettings {
  /** The folder of snapshot files (beside read-models.sqlite). */
  readonly dir: string;
  /** A snapshot after this many events since the last one (and at every period close); 0: only at closes. */
  readonly everyEvents: number;
  /**
   * And not before the log has grown by this share of its length at the last one (default 0: `everyEvents`
   * alone). A save encodes the whole state, which grows with the log, so a fixed spacing costs more per event
   * as the log grows; spacing by a share keeps that cost flat, and a restart's tail at most that share of the log.
   */
  readonly growthShareMin?: number;
  /** How many snapshot files to keep, newest first. */
  readonly keep?: number;
  /** Where a snapshot that is ignored, or cannot be written, is reported. */
  readonly warn?: (message: string) => void;
  /**
   * Writes from a worker thread that folds the state itself from the log (the service): the API's event
   * loop neither encodes nor writes. Without it, or for a read-model database in memory, the write runs
   * here in slices.
   */
  readonly worker?: {
    readonly store: StoreLocation;
    /**
     * Below this position a snapshot is written here in slices: a small state takes less than a thread's
     * start (default 10,000).
     */
    readonly fromPosition?: number;
  };
}

/** Where and how often snapshots are saved: what a process's configuration says of them. */
export type SnapshotPlace = Pick<SnapshotSettings, 'dir' | 'everyEvents' | 'growthShareMin'>;

/** What a snapshot worker is asked, and answers. */
export interface SnapshotRequest {
  readonly type: 'save';
  readonly position: bigint;
  readonly version: number;
  readonly readModelsPath: string;
}

export type SnapshotReply =
  | { readonly type: 'warn'; readonly message: string }
  | { readonly type: 'saved'; readonly timing: SnapshotTiming }
  | { readonly type: 'failed'; readonly message: string };

/** The settings a snapshot worker starts with. */
export interface SnapshotWorkerData {
  readonly store: StoreLocation;
  readonly dir: string;
  readonly everyEvents: number;
  readonly keep: number;
}

interface SnapshotHeader {
  /** The layout of the body (serializeSliced); another one is not read. */
  readonly format: number;
  readonly projection: string;
  readonly version: number;
  readonly position: string;
  /** The log's chain link at `position`, which stands for the log up to it: another log's differs there. */
  readonly link: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** What a state must also satisfy to be used: undefined when it may, else the reason it may not. */
export type SnapshotCheck = (state: CommissionState) => string | undefined | Promise<string | undefined>;

/** The chain link the read models recorded at a position (chainedLink), undefined when none. */
export type ChainedLink = (position: bigint) => string | undefined;

const projectionName = 'commissions';
// 3: the engine's figures are exact scaled integers ({ units, scale }), no longer Decimals; an older body would
// decode into a state the engine cannot compute with, so it is skipped (its rows are unchanged: no rebuild).
// 4: the structure in independent pieces (serializeSliced). A body of 3 is skipped like any other: the first start
// after the upgrade replays the log from 0 once, and its snapshot worker writes format 4.
// 5: the maps' tries hold their entries inline (persistent-map.ts); a body of 4 is skipped the same way.
// 6: a book keeps its earned lines by source event id, without their line ids.
const bodyFormat = 6;
const filePattern = /^commissions-(\d+)\.snap$/;
/** Snapshot writes this thread started: each writes its own temporary file. */
let writesStarted = 0;
const fileOf = (position: bigint) => `${projectionName}-${position.toString().padStart(20, '0')}.snap`;

/** The writes' and loads' timing, for the benchmark (docs/benchmarks.md). */
export interface SnapshotTiming {
  readonly position: bigint;
  /** The longest slice: how long the write held the event loop at once. */
  readonly sliceMaxMs: number;
  readonly totalMs: number;
  readonly bytes: number;
}

export class CommissionSnapshots {
  readonly dir: string;
  readonly everyEvents: number;
  private readonly growthShareMin: number;
  private readonly keep: number;
  private readonly warn: (message: string) => void;
  private writing: Promise<void> | undefined;
  private readonly workerSettings: SnapshotSettings['worker'];
  private worker: SnapshotWorkerClient | undefined;
  /** The last load's string sharing (shareStrings): how many strings it replaced, once it is done. */
  lastSharing: Promise<number> | undefined;
  /** Starts the last load's string sharing, on a thread that serves others (shareLoadedStrings). */
  private startSharing: (() => void) | undefined;

  constructor(settings: SnapshotSettings) {
    this.dir = settings.dir;
    this.everyEvents = settings.everyEvents;
    this.growthShareMin = settings.growthShareMin ?? 0;
    this.keep = Math.max(1, settings.keep ?? 3);
    this.warn = settings.warn ?? ((message) => process.emitWarning(message, 'SnapshotWarning'));
    this.workerSettings = settings.worker;
  }

  /** Whether a periodic snapshot is due at `position`, the last one saved at `savedAt` (SnapshotSettings). */
  dueAt(position: bigint, savedAt: bigint): boolean {
    if (this.everyEvents === 0) return false;
    const spacing = Math.max(this.everyEvents, Math.ceil(Number(savedAt) * this.growthShareMin));
    return position - savedAt >= BigInt(spacing);
  }

  /** Whether a write is under way (one at a time: a snapshot due meanwhile waits for the next checkpoint). */
  get busy(): boolean {
    return this.writing !== undefined;
  }

  /** Resolves when no write is under way. */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /**
   * Saves `state` (immutable: it may be read while the fold goes on) in the background; a failure is
   * reported and leaves the older snapshots as they were. `readModels` are those the state was committed with.
   */
  save(state: CommissionState, version: number, readModels: Database.Database): void {
    if (this.writing) return;
    const fromPosition = BigInt(this.workerSettings?.fromPosition ?? 10_000);
    const inWorker = this.workerSettings && !readModels.memory && state.position >= fromPosition;
    const written = inWorker
      ? this.workerClient().save({ type: 'save', position: state.position, version, readModelsPath: readModels.name })
      : this.writeChained(state, version, readModels);
    this.writing = written
      .then(() => undefined)
      .catch((error: unknown) => {
        this.warn(`Commission snapshot at position ${state.position} not written: ${messageOf(error)}`);
      })
      .finally(() => {
        this.writing = undefined;
      });
  }

  /** A write here, with the link the read models chained at the state's position (a rejection without one). */
  private async writeChained(state: CommissionState, version: number, readModels: Database.Database) {
    return this.write(state, version, sliceMs, chainedLinkOf(readModels, state.position));
  }

  private workerClient(): SnapshotWorkerClient {
    this.worker ??= new SnapshotWorkerClient(
      { store: this.workerSettings!.store, dir: this.dir, everyEvents: this.everyEvents, keep: this.keep },
      this.warn,
    );
    return this.worker;
  }

  /** Waits for a write under way, then stops the worker thread (if one was started). */
  async close(): Promise<void> {
    await this.idle();
    await this.worker?.close();
    this.worker = undefined;
  }

  /**
   * Encodes and writes `state`: atomic (temporary file, fsync, rename, folder fsync). On the API's thread
   * in slices of `slice` ms with a turn of the event loop between them; in a worker in one go (Infinity). `link` is
   * the log's chain link at the state's position.
   */
  async write(state: CommissionState, version: number, slice: number, link: string): Promise<SnapshotTiming> {
    const started = performance.now();
    const slices = new Slices(slice);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const name = fileOf(state.position);
    // Two writes of one position in one process (a live save and a build's) must not share a temporary file.
    writesStarted += 1;
    const temporary = join(this.dir, `.${name}.${process.pid}.${threadId}.${writesStarted}.tmp`);
    const file = await open(temporary, 'w', 0o600);
    let body: BodyWritten;
    try {
      body = await writeBody(file, state, slices);
      const header: SnapshotHeader = {
        format: bodyFormat,
        projection: projectionName,
        version,
        position: state.position.toString(),
        link,
        sha256: body.sha256,
        bytes: body.bytes,
      };
      const { bytesWritten } = await file.write(headerLine(header), 0, headerBytes, 0);
      if (bytesWritten !== headerBytes) throw new Error(`wrote ${bytesWritten} of the header's ${headerBytes} bytes`);
      await file.sync();
    } catch (error) {
      // A write the disk refused (full) must not keep the megabytes it wrote: prune spares this process's files.
      await file.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await file.close();
    const loopMs = slices.end();
    await rename(temporary, join(this.dir, name));
    await syncFolder(this.dir);
    await this.prune();
    return {
      position: state.position,
      sliceMaxMs: loopMs,
      totalMs: performance.now() - started,
      bytes: body.bytes,
    };
  }

  /** Keeps the newest `keep` snapshots; leftovers of writes a crash interrupted go too. */
  private async prune(): Promise<void> {
    const names = this.listed();
    for (const { name } of names.slice(this.keep)) await rm(join(this.dir, name), { force: true });
    for (const name of readdirSync(this.dir)) {
      if (name.endsWith('.tmp') && !name.includes(`.${process.pid}.`)) await rm(join(this.dir, name), { force: true });
    }
  }

  /** The snapshot files, newest first. */
  private listed(): { name: string; position: bigint }[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    return names
      .flatMap((name) => {
        const match = filePattern.exec(name);
        return match ? [{ name, position: BigInt(match[1]!) }] : [];
      })
      .sort((left, right) => (left.position > right.position ? -1 : left.position < right.position ? 1 : 0));
  }

  /** One snapshot file's state (checked), in slices on the API's thread; throws naming what is wrong. */
  private async read(path: string, expected: ExpectedHeader): Promise<CommissionState> {
    const slices = new Slices(serving ? sliceMs : Infinity);
    const file = await open(path, 'r');
    try {
      const state = await readSnapshot(file, expected, slices);
      const replayed = serving ? new Promise<void>((resolve) => (this.startSharing = resolve)) : Promise.resolve();
      this.lastSharing = replayed
        .then(() => shareStrings(state))
        .catch((error: unknown) => {
          this.warn(`Commission snapshot ${path}: its strings stay unshared: ${messageOf(error)}`);
          return 0;
        });
      if (!serving) await this.lastSharing;
      return state;
    } finally {
      await file.close();
    }
  }

  /**
   * Shares the strings of the state last loaded, in slices, once its user has replayed the log after it: shared
   * while the tail is replayed, the two took turns and a restart was ready later (a no-op when nothing waits).
   */
  shareLoadedStrings(): void {
    this.startSharing?.();
    this.startSharing = undefined;
  }

  /**
   * The newest valid snapshot at or before `until` made from the log the read models chained (`chained`), or
   * undefined (replay from 0). Every file skipped on the way is reported, with the reason; one that fails `check`
   * (made before a rule set that reached back, so the recomputation made it stale) is removed.
   */
  async loadNewest(
    until: bigint,
    version: number,
    chained: ChainedLink,
    check: SnapshotCheck,
    options: { readonly removeStale?: boolean } = {},
  ): Promise<CommissionState | undefined> {
    for (const { name, position } of this.listed()) {
      const path = join(this.dir, name);
      const ignore = (reason: string) => this.warn(`Commission snapshot ${path} ignored: ${reason}`);
      if (position > until) {
        ignore(`its position ${position} is past the checkpoint ${until}`);
        continue;
      }
      let state: CommissionState;
      try {
        state = await this.read(path, { position, version, link: chained(position) });
      } catch (error) {
        ignore(messageOf(error));
        continue;
      }
      const stale = await check(state);
      if (stale === undefined) return state;
      if (options.removeStale === false) continue;
      ignore(`${stale}; removed`);
      await rm(path, { force: true });
    }
    return undefined;
  }
}

/**
 * The state in a snapshot file, or throws naming what is wrong with it. On the API's thread
 * it runs in slices with a turn of the event loop between them (the checksum too), so a restart listens, and a
 * swap's readers are answered, while a large state loads; in a worker, in one go. The body is read twice, a part at
 * a time (to hash it, then a piece at a time to deserialize it), never held whole: 93 MB at 1M events.
 */
async function readSnapshot(file: FileHandle, expected: ExpectedHeader, slices: Slices): Promise<CommissionState> {
  const { position } = expected;
  const { header, body } = await checkedHeader(file, expected);
  await slices.begin();
  // Nothing is deserialized before the checksum matches.
  if ((await sha256Sliced(body, slices)) !== header.sha256) throw new Error('its checksum does not match');
  const plain = await deserializeSliced(body, slices);
  const decoding = new PlainDecoding(plain.root, plain.containers);
  while (!decoding.step(objectsPerCheck)) await slices.checkpoint();
  const state = asCommissionState(decoding.result);
  if (state.position !== position) throw new Error(`its state stands at position ${state.position}, not ${position}`);
  return state;
}

/**
 * Makes the equal strings of a loaded state one string each (StringSharing): at 1M events 206 MB of heap decoded,
 * 147 MB shared, for as long as the state lives. In a worker before the state is used (0.5 s at 1M); on a thread
 * that serves others once the tail after the snapshot is replayed (shareLoadedStrings), in slices, so a restart is
 * ready as soon as it was, and the state is used meanwhile (equal strings cannot be told apart). Resolves with how
 * many strings it replaced.
 */
async function shareStrings(state: CommissionState): Promise<number> {
  const sharing = new StringSharing(state);
  const slices = new Slices(serving ? sliceMs : Infinity);
  await slices.begin();
  while (!sharing.step(objectsPerCheck)) await slices.checkpoint();
  return sharing.replaced;
}

/** What a snapshot's header must say to be read: its position and version, and the chain link there (if any). */
interface ExpectedHeader {
  readonly position: bigint;
  readonly version: number;
  readonly link: string | undefined;
}

/** The header of a snapshot file and a reader of its body, when the header says the body may be read. */
async function checkedHeader(file: FileHandle, { position, version, link }: ExpectedHeader) {
  const { size } = await file.stat();
  const { buffer, bytesRead } = await file.read(Buffer.alloc(headerBytes), 0, headerBytes, 0);
  const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
  if (newline < 0) throw new Error('no header line');
  let header: SnapshotHeader;
  try {
    header = JSON.parse(buffer.subarray(0, newline).toString('utf8')) as SnapshotHeader;
  } catch {
    throw new Error('the header does not parse');
  }
  if (header.format !== bodyFormat)
    throw new Error(`its body is in format ${String(header.format)}, not ${bodyFormat}`);
  if (header.projection !== projectionName) throw new Error(`it is a snapshot of ${String(header.projection)}`);
  if (header.version !== version) {
    throw new Error(`it was written by version ${String(header.version)} of the projection, not ${version}`);
  }
  if (header.position !== position.toString()) {
    throw new Error(`its header says position ${String(header.position)}, its name ${position}`);
  }
  if (typeof header.link !== 'string') throw new Error('its header carries no chain link (an older snapshot)');
  // A snapshot of another log (the one a restored backup was taken from, say) fits every other check.
  if (header.link !== link) {
    throw new Error(
      `it was made at chain link ${header.link} of position ${position}, and the read models chained ` +
        `${link ? `link ${link}` : 'no event'} there: it is a snapshot of another log`,
    );
  }
  const body = new BodyReader(file, newline + 1, size - newline - 1);
  if (body.bytes !== header.bytes) throw new Error(`its body is ${body.bytes} bytes, not ${String(header.bytes)}`);
  return { header, body };
}

/**
 * A snapshot file's body, read a part at a time into one buffer, which grows to the largest part and is reused: a
 * load allocates nothing outside the heap per part (a buffer per part was the body again, piece by piece).
 */
class BodyReader {
  private buffer = Buffer.alloc(0);

  constructor(
    private readonly file: FileHandle,
    /** Where the body starts in the file. */
    readonly start: number,
    readonly bytes: number,
  ) {}

  /** `length` bytes from `offset` in the body, valid until the next read; throws when the body ends before them. */
  async read(offset: number, length: number): Promise<Buffer> {
    if (offset + length > this.bytes) throw new Error(`its body ends before byte ${offset + length}`);
    if (this.buffer.length < length) this.buffer = Buffer.allocUnsafe(Math.max(length, 2 * this.buffer.length));
    const { bytesRead } = await this.file.read(this.buffer, 0, length, this.start + offset);
    if (bytesRead !== length) throw new Error(`its file ends at byte ${this.start + offset + bytesRead}`);
    return this.buffer.subarray(0, length);
  }
}

/**
 * Whether this thread serves others while it loads or writes a snapshot: the API's thread, and the projector's
 * thread, which applies batches and answers the API meanwhile (servesOthers). There a load, a write and the string
 * sharing after a load run in slices, and no collection is forced; a build or snapshot worker has nothing else to
 * do and works in one go.
 */
let serving = isMainThread;

export function servesOthers(): void {
  serving = true;
}

/** How long one slice of a write may hold the event loop, and how much work a slice checks the clock after. */
export const sliceMs = 8;
const objectsPerCheck = 2000;
/** Containers per piece of a body: each piece is read in one go, a slice of a load on the API's thread. */
const containersPerPiece = 500;
/** In a worker, a young-generation collection after this many pieces frees their serializers. */
const piecesPerCollection = 16;
const pieceLengthBytes = 4;
const hashChunkBytes = 1 << 20;
/** The room the header line has at the start of the file (its JSON is under 200 bytes). */
const headerBytes = 512;
/** A write's body goes to the file in writes of about this many bytes. */
const writeChunkBytes = 4 << 20;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Work cut into slices of about `sliceMs` with a turn of the event loop between them (never with
 * Infinity: a worker's event loop has nothing else to do); remembers the longest slice.
 */
class Slices {
  longestMs = 0;
  private started = performance.now();

  constructor(private readonly limitMs: number) {}

  /** A turn first: the slices start on a fresh one. */
  async begin(): Promise<void> {
    if (this.limitMs !== Infinity) await nextTurn();
    this.started = performance.now();
  }

  async checkpoint(): Promise<void> {
    const elapsed = performance.now() - this.started;
    if (elapsed < this.limitMs) return;
    this.longestMs = Math.max(this.longestMs, elapsed);
    await nextTurn();
    this.started = performance.now();
  }

  /** The longest slice, the one under way included. */
  end(): number {
    this.longestMs = Math.max(this.longestMs, performance.now() - this.started);
    return this.longestMs;
  }
}

/** What `writeBody` wrote: the body's length and SHA-256 (hex). */
interface BodyWritten {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * The header line, padded with spaces to `headerBytes` so that it can be written last, once the body's length and
 * checksum are known, in the room left for it (JSON allows the trailing spaces; a reader finds the newline).
 */
function headerLine(header: SnapshotHeader): Buffer {
  const text = JSON.stringify(header);
  if (text.length >= headerBytes) throw new Error(`A snapshot header of ${text.length} bytes does not fit its line`);
  return Buffer.from(`${text.padEnd(headerBytes - 1, ' ')}\n`);
}

/**
 * Writes the body after the header's room as it is serialized, hashing each chunk on the way: the body never waits
 * in memory whole (97 MB at 1M events, on top of the state and its plain copy).
 */
async function writeBody(file: FileHandle, state: CommissionState, slices: Slices): Promise<BodyWritten> {
  const hash = createHash('sha256');
  let flushedBytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    const { bytesWritten } = await file.writev(pending, headerBytes + flushedBytes);
    if (bytesWritten !== pendingBytes) throw new Error(`wrote ${bytesWritten} of ${pendingBytes} bytes`);
    flushedBytes += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  await serializeSliced(state, slices, async (chunk) => {
    hash.update(chunk);
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= writeChunkBytes) await flush();
  });
  if (pendingBytes > 0) await flush();
  return { bytes: flushedBytes, sha256: hash.digest('hex') };
}

/**
 * The state as v8-serialized bytes, made in slices (the state is immutable, so the slices see one state) and
 * handed to `sink` a piece at a time. The encode runs a few thousand objects at a time; then each group of the plain
 * structure's containers (in order), and last its root, is a piece: its length (4 bytes, little-endian) and
 * the value as `v8.serialize` writes it. The containers refer to one another by index, so each piece is written by
 * a serializer of its own, which forgets it once written: one serializer for the whole body remembered every object
 * it had written (to write a second reach as a back-reference), 208 MB outside V8's heap at 1M events.
 */
async function serializeSliced(
  state: CommissionState,
  slices: Slices,
  sink: (chunk: Buffer) => Promise<void>,
): Promise<void> {
  await slices.begin();
  const encoding = new PlainEncoding(state);
  while (!encoding.step(objectsPerCheck)) await slices.checkpoint();
  // In a worker, the encode's garbage goes before the serializer's memory comes: at 1M events, a full collection
  // here (0.8 s) took the build's peak RSS from about 1,020 to 910 MB. Not on a thread that serves others: the
  // projector's thread writes whole states too, and 0.8 s there would hold its batches.
  if (!serving) garbageCollector()({ type: 'major', execution: 'sync' });
  const { root, containers } = encoding.structure;
  for (let start = 0; start < containers.length; start += containersPerPiece) {
    await sinkPiece(sink, containers.slice(start, start + containersPerPiece));
    // A serializer's memory outside the heap goes only with its object, which V8 collects without counting it.
    if (!serving && (start / containersPerPiece) % piecesPerCollection === 0) {
      garbageCollector()({ type: 'minor' });
    }
    await slices.checkpoint();
  }
  await sinkPiece(sink, root);
}

async function sinkPiece(sink: (chunk: Buffer) => Promise<void>, value: unknown): Promise<void> {
  const bytes = serialize(value);
  const length = Buffer.alloc(pieceLengthBytes);
  length.writeUInt32LE(bytes.length);
  await sink(length);
  await sink(bytes);
}

/**
 * The body's SHA-256 (hex), read and hashed a chunk per slice. WebCrypto's digest runs off the thread but
 * first copies its input on it: for a 100 MB body that copy held the API's event loop 70 ms and more,
 * while hashing takes about 0.6 ms per MB here (SHA-NI), in slices.
 */
async function sha256Sliced(body: BodyReader, slices: Slices): Promise<string> {
  const hash = createHash('sha256');
  for (let offset = 0; offset < body.bytes; offset += hashChunkBytes) {
    hash.update(await body.read(offset, Math.min(hashChunkBytes, body.bytes - offset)));
    await slices.checkpoint();
  }
  return hash.digest('hex');
}

/**
 * The plain structure `serializeSliced` wrote, a piece per slice: its root, and the groups that list every container
 * once, in order, which the decode goes through instead of walking the structure.
 */
async function deserializeSliced(body: BodyReader, slices: Slices): Promise<{ root: unknown; containers: object[][] }> {
  const pieces: unknown[] = [];
  for (let offset = 0; offset < body.bytes;) {
    const length = (await body.read(offset, pieceLengthBytes)).readUInt32LE(0);
    pieces.push(deserialize(await body.read(offset + pieceLengthBytes, length)));
    offset += pieceLengthBytes + length;
    await slices.checkpoint();
  }
  if (pieces.length === 0) throw new Error('its body is empty');
  const root = pieces.pop();
  if (!pieces.every((piece) => Array.isArray(piece))) throw new Error('its body has a group that is not a list');
  return { root, containers: pieces as object[][] };
}

/** Makes a rename durable: the folder's entry is on disk once this resolves. */
async function syncFolder(dir: string): Promise<void> {
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** The chain link the read models recorded at `position`; throws when they chained no event there. */
export function chainedLinkOf(readModels: Database.Database, position: bigint): string {
  const link = chainedLink(readModels, position);
  if (link === undefined) throw new Error(`the read models chained no event at position ${position}`);
  return link;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The API's side of the snapshot worker (snapshot-worker.ts): one thread, started at the first write,
 * one request at a time; it does not keep the process alive.
 */
class SnapshotWorkerClient {
  private readonly worker: Worker;
  private waiting: { resolve: (timing: SnapshotTiming) => void; reject: (error: Error) => void } | undefined;
  private readonly exited: Promise<void>;

  constructor(data: SnapshotWorkerData, warn: (message: string) => void) {
    const entry = workerEntry('commissions/snapshot-worker');
    this.worker = new Worker(entry.url, { ...(entry.execArgv ? { execArgv: entry.execArgv } : {}), workerData: data });
    this.worker.unref();
    this.worker.on('message', (reply: SnapshotReply) => {
      if (reply.type === 'warn') warn(reply.message);
      else if (reply.type === 'saved') this.settle((waiting) => waiting.resolve(reply.timing));
      else this.settle((waiting) => waiting.reject(new Error(reply.message)));
    });
    this.worker.on('error', (error: Error) => this.settle((waiting) => waiting.reject(error)));
    this.exited = new Promise((resolve) => {
      onWorkerExit(this.worker, (code) => {
        this.settle((waiting) => waiting.reject(new Error(`The snapshot worker exited (code ${code})`)));
        resolve();
      });
    });
  }

  private settle(action: (waiting: NonNullable<SnapshotWorkerClient['waiting']>) => void): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) action(waiting);
  }

  save(request: SnapshotRequest): Promise<SnapshotTiming> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
    await this.exited;
  }
}
