import { parentPort, workerData } from 'node:worker_threads';

/**
 * Polls GET /health/live every `intervalMs` until told to stop, then posts each answer's ms. A thread of its own:
 * what the benchmark's own thread does meanwhile (parsing a large answer, say) must not count as the service's delay.
 */
const { url, intervalMs } = workerData as { url: string; intervalMs: number };
let running = true;
parentPort!.once('message', () => (running = false));
const healthMs: number[] = [];
while (running) {
  const started = performance.now();
  await (await fetch(url)).arrayBuffer();
  healthMs.push(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
parentPort!.postMessage(healthMs);
