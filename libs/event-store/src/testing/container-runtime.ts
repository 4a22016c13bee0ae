import { describe } from '@jest/globals';

/*
 * Suites that need a container runtime (testcontainers: EventStoreDB, Kafka) ask here whether there
 * is one. The answer is computed once per test file (Jest gives every file its own module registry)
 * and is bounded in time, so a machine without Docker skips those suites in milliseconds and a
 * DOCKER_HOST that does not answer cannot hang the run. A skipped suite says so twice: in its title
 * (describe.skip) and on stderr, so `npm test` never passes it silently.
 */

export type ContainerRuntimeProbe =
  { readonly available: true; readonly description: string } | { readonly available: false; readonly reason: string };

/** Long enough for a local or remote Docker daemon to answer `info`, short enough not to be noticed. */
const probeTimeoutMsDefault = 5_000;

/**
 * Asks `connect` for a runtime and gives up after `timeoutMs`. `connect` resolves to a description of
 * the runtime or throws; the probe never throws.
 */
export async function probeWith(connect: () => Promise<string>, timeoutMs: number): Promise<ContainerRuntimeProbe> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the container runtime did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    // An abandoned probe must not keep the test process alive.
    timer.unref();
  });
  try {
    return { available: true, description: await Promise.race([connect(), timeout]) };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function connectWithTestcontainers(): Promise<string> {
  // Imported on demand: loading testcontainers costs a few hundred milliseconds, which files that
  // never probe should not pay.
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const runtime = client.info.containerRuntime;
  return `${runtime.operatingSystem} ${runtime.serverVersion} at ${runtime.host}`;
}

function probeTimeoutMs(): number {
  const configured = Number(process.env['TESTCONTAINERS_PROBE_TIMEOUT_MS']);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : probeTimeoutMsDefault;
}

let probed: Promise<ContainerRuntimeProbe> | undefined;

/** Whether testcontainers can reach a container runtime; probed once, then remembered. */
export function probeContainerRuntime(): Promise<ContainerRuntimeProbe> {
  probed ??= probeWith(connectWithTestcontainers, probeTimeoutMs());
  return probed;
}

/**
 * Declares `body` as a suite when a container runtime is available, and otherwise as a skipped suite
 * whose title carries the reason, printing that reason too. Call it with top-level await in a spec
 * file so the probe finishes before Jest collects the tests.
 */
export async function describeWithContainerRuntime(title: string, body: () => void): Promise<void> {
  const probe = await probeContainerRuntime();
  if (probe.available) {
    describe(title, body);
    return;
  }
  const reason = `no container runtime (${probe.reason}); start Docker or set DOCKER_HOST to run it`;
  process.stderr.write(`\n[skipped] ${title}: ${reason}\n`);
  describe.skip(`${title} [skipped: ${reason}]`, body);
}
