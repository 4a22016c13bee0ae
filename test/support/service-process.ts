import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { checkFetchesTo } from './contract.js';

const mainPath = join(import.meta.dirname, '../../dist/apps/ledger/src/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Resolves with how the process ended: an exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the compiled service (npm test builds it first) and resolves once /health answers. From then on every
 * fetch to it is checked against the OpenAPI document it serves (test/support/contract.ts). `onLog` receives its log
 * (stdout) as it comes.
 */
export async function startService(
  env: Record<string, string>,
  startupMs = 20_000,
  onLog?: (text: string) => void,
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [mainPath], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', onLog ? 'pipe' : 'ignore', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => onLog?.(chunk.toString()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startupMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The service exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${baseUrl}/health/live`)).ok) {
        checkFetchesTo(baseUrl);
        // The first checked fetch loads the served document into the contract checker (seconds of this process's
        // CPU): paid here, before a test times anything or leaves a keep-alive socket idle past the service's limit.
        await fetch(`${baseUrl}/health/live`);
        return { child, baseUrl, exited };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`The service did not answer /health within ${startupMs} ms: ${stderr}`);
}
