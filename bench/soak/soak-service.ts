import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The compiled service on one fixed port, started again after each kill so clients keep their address. */
export class SoakService {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly baseUrl: string;

  constructor(
    private readonly env: Record<string, string>,
    port: number,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.env = { ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' };
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** Spawns the service and waits (up to a minute: the machine is shared) until /health/live answers. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [join(repoRoot, 'dist/apps/ledger/src/main.js')], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(50)) {
      if (child.exitCode !== null) throw new Error(`The service exited with ${child.exitCode}`);
      const live = await fetch(`${this.baseUrl}/health/live`).catch(() => undefined);
      if (live?.ok) return;
    }
    throw new Error('The service did not answer /health/live within a minute');
  }

  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    this.child?.kill(signal);
    await this.exited;
  }
}

/** The resident set of a process in MiB, from /proc (Linux); undefined when it is gone. */
export function residentMiB(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((row) => row.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The largest projection lag (events behind the head) GET /admin/projections reports; undefined when down. */
export async function projectionLag(baseUrl: string, opsToken: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${baseUrl}/admin/projections`, { headers: { Authorization: `Bearer ${opsToken}` } });
    if (!response.ok) return undefined;
    const view = (await response.json()) as { projections: { lag: string }[] };
    return Math.max(0, ...view.projections.map((projection) => Number(projection.lag)));
  } catch {
    return undefined;
  }
}
