import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/*
 * librdkafka's mock cluster (a Kafka-protocol broker on 127.0.0.1) as a child process, for the relay's
 * tests and benchmark. The C helper is compiled on first use and whenever its source is newer than the
 * binary. Without a C compiler and Debian's librdkafka-dev this throws; the Jest suites then skip with the
 * reason printed, or fail under CI (see jest-mock-cluster.ts), so CI always runs the wire-protocol tests.
 */

export const requiredPackagesHint =
  'install the Debian packages librdkafka-dev, gcc and libc6-dev (apt-get install -y librdkafka-dev gcc libc6-dev)';

export class MockClusterUnavailable extends Error {
  override readonly name = 'MockClusterUnavailable';
}

/** The folder holding mock-cluster.c, found from this file whether it runs from source or from dist/. */
function helperFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(folder, 'test', 'kafka');
    if (existsSync(join(candidate, 'mock-cluster.c'))) return candidate;
    if (existsSync(join(folder, 'mock-cluster.c'))) return folder;
    folder = dirname(folder);
  }
  throw new MockClusterUnavailable('Cannot find test/kafka/mock-cluster.c');
}

/** Compiles the helper if it is missing or older than its source; returns the binary's path. */
export function ensureMockClusterBinary(): string {
  const folder = helperFolder();
  const source = join(folder, 'mock-cluster.c');
  const binary = join(folder, 'mock-cluster');
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
  // Jest runs files in parallel workers: each compiles to its own file and renames it into place,
  // which is atomic, so no worker ever executes a half-written binary.
  const temporary = `${binary}.${process.pid}.tmp`;
  const compiler = process.env['CC'] ?? 'cc';
  const result = spawnSync(compiler, ['-O2', '-Wall', '-o', temporary, source, '-lrdkafka'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    rmSync(temporary, { force: true });
    const detail = result.error ? result.error.message : result.stderr.trim();
    throw new MockClusterUnavailable(
      `Cannot build the Kafka mock cluster helper (${compiler} ${source} -lrdkafka): ${detail}\n` +
        `To run the Kafka suites, ${requiredPackagesHint}.`,
    );
  }
  renameSync(temporary, binary);
  return binary;
}

export interface MockCluster {
  /** "127.0.0.1:port[,...]" as the brokers listen. */
  readonly bootstrapServers: string;
  readonly brokers: readonly string[];
  /** Disconnects the broker(s) and refuses new connections: an outage. -1 means every broker. */
  brokerDown(brokerId?: number): Promise<void>;
  brokerUp(brokerId?: number): Promise<void>;
  /** Delays every response of the broker(s), which holds a request in flight. */
  setRoundTripTime(milliseconds: number, brokerId?: number): Promise<void>;
  createTopic(name: string, partitions: number): Promise<void>;
  /** Fails the next `count` requests of a Kafka API (0 = Produce) with a Kafka error code. */
  failRequests(apiKey: number, count: number, errorCode: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startMockCluster(options: { brokers?: number } = {}): Promise<MockCluster> {
  const binary = ensureMockClusterBinary();
  const child: ChildProcessWithoutNullStreams = spawn(binary, [String(options.brokers ?? 1)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // One promise for "the helper is gone", marked handled: after stop() it rejects and nobody listens.
  const gone = new Promise<never>((_resolve, reject) => {
    child.once('error', (error) =>
      reject(new MockClusterUnavailable(`Cannot run the mock cluster ${binary}: ${error.message}`)),
    );
    void exited.then((code) =>
      reject(new MockClusterUnavailable(`The mock cluster exited (code ${code}): ${stderr.trim() || 'no output'}`)),
    );
  });
  gone.catch(() => undefined);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();

  const nextLine = async (what: string): Promise<string> => {
    const next = await Promise.race([lines.next(), gone]);
    if (next.done)
      throw new MockClusterUnavailable(`The mock cluster closed its output while ${what}: ${stderr.trim()}`);
    return next.value;
  };

  const first = await nextLine('starting');
  const match = /^bootstrap (\S+)$/.exec(first);
  if (!match) throw new MockClusterUnavailable(`The mock cluster printed "${first}" instead of its bootstrap servers`);
  const bootstrapServers = match[1]!;

  // Commands are answered in order, one line each; chaining them keeps answers matched to questions.
  let queue: Promise<unknown> = Promise.resolve();
  const command = (line: string): Promise<void> => {
    const run = queue.then(async () => {
      child.stdin.write(`${line}\n`);
      const answer = await nextLine(`running "${line}"`);
      if (answer !== 'ok') throw new Error(`Mock cluster command "${line}" failed: ${answer}`);
    });
    queue = run.catch(() => undefined);
    return run;
  };

  let stopped: Promise<void> | undefined;
  return {
    bootstrapServers,
    brokers: bootstrapServers.split(','),
    brokerDown: (brokerId = -1) => command(`down ${brokerId}`),
    brokerUp: (brokerId = -1) => command(`up ${brokerId}`),
    setRoundTripTime: (milliseconds, brokerId = -1) => command(`rtt ${brokerId} ${milliseconds}`),
    createTopic: (name, partitions) => command(`topic ${name} ${partitions}`),
    failRequests: (apiKey, count, errorCode) => command(`errors ${apiKey} ${count} ${errorCode}`),
    stop: () => {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.stdin.end();
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
      })();
      return stopped;
    },
  };
}
