import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { packageVersion } from '../../apps/ledger/src/common/startup.js';
import { cliPath } from '../support/cli.js';
import { startLedger } from '../support/ledger-app.js';
import { freePort } from '../support/service-process.js';

/*
 * The README's quick start as a newcomer runs it: the compiled service on a data folder with a generated
 * secret, the CLI minting a token from the same folder, and what a token signed elsewhere is told.
 */
const mainPath = join(import.meta.dirname, '../../dist/apps/ledger/src/main.js');
const otherSecret = 'a-secret-this-server-has-never-seen-0123456789';
const foreignToken = () =>
  new JwtService({ secret: otherSecret }).sign({ sub: 'eve', role: 'ops' }, { expiresIn: '1h' });

describe('the first run: npm start, then a token from the CLI on the same data folder', () => {
  const dataDir = realpathSync(mkdtempSync(join(tmpdir(), 'ledger-first-run-')));
  // No LEDGER_JWT_SECRET: the service generates one into the data folder, as on a newcomer's machine.
  const inherited = Object.entries(process.env).filter(([name]) => name !== 'LEDGER_JWT_SECRET');
  const env = { ...Object.fromEntries(inherited), LEDGER_DATA_DIR: dataDir };
  let service: ChildProcess;
  let startupLine: { msg: string };
  let baseUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    service = spawn(process.execPath, [mainPath], {
      env: { ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for await (const line of createInterface({ input: service.stdout! })) {
      if (line.includes('listening on')) {
        startupLine = JSON.parse(line) as { msg: string };
        break;
      }
    }
  }, 60_000);
  afterAll(() => {
    service.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs one line with the URL, the store, the roles and the version once it listens', () => {
    expect(startupLine.msg).toBe(
      `Partner Ledger ${packageVersion()} listening on ${baseUrl} ` +
        `(store: sqlite at ${dataDir}; roles: api,projector,relay)`,
    );
  });

  it('accepts the token the CLI mints from the same data folder', async () => {
    const minted = spawnSync(process.execPath, [cliPath, 'token', '--role', 'ops', '--sub', 'newcomer'], {
      env,
      encoding: 'utf8',
    });
    expect(minted.status).toBe(0);
    const response = await fetch(`${baseUrl}/metrics`, {
      headers: { Authorization: `Bearer ${minted.stdout.trim()}` },
    });
    expect(response.status).toBe(200);
  });

  it('tells a token signed with another secret where the server’s secret comes from, not the secret', async () => {
    const response = await fetch(`${baseUrl}/metrics`, { headers: { Authorization: `Bearer ${foreignToken()}` } });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { message: string };
    expect(body.message).toBe(
      "The token's signature does not match this server's secret, which is generated into the file " +
        'jwt-secret in its data folder (LEDGER_DATA_DIR); ' +
        'mint tokens with `npm run ledger -- token` using the same LEDGER_DATA_DIR',
    );
  });
});

describe('a token signed with another secret, on a server configured with LEDGER_JWT_SECRET', () => {
  it('is told the secret comes from the variable', async () => {
    const ledger = await startLedger();
    try {
      const response = await ledger.http.get('/metrics').set({ Authorization: `Bearer ${foreignToken()}` });
      expect(response.status).toBe(401);
      expect(response.body.message).toBe(
        "The token's signature does not match this server's secret, which comes from the LEDGER_JWT_SECRET variable",
      );
    } finally {
      await ledger.close();
    }
  });
});

describe('a data folder the service cannot use', () => {
  it('stops the start with one line naming LEDGER_DATA_DIR and the folder, not a stack', () => {
    const parent = mkdtempSync(join(tmpdir(), 'ledger-unusable-'));
    try {
      // A file where the folder's parent should be: mkdir fails (ENOTDIR), as a read-only disk would (EROFS).
      const file = join(parent, 'a-file');
      writeFileSync(file, '');
      const inherited = Object.entries(process.env).filter(([name]) => name !== 'LEDGER_JWT_SECRET');
      const started = spawnSync(process.execPath, [mainPath], {
        env: { ...Object.fromEntries(inherited), LEDGER_DATA_DIR: join(file, 'data'), PORT: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ status: started.status, stderr: started.stderr }).toEqual({
        status: 1,
        stderr:
          `LEDGER_DATA_DIR ${join(file, 'data')} cannot be used: ENOTDIR. Give a folder this user may create, read ` +
          'and write (the default is ./data beside where the service starts)\n',
      });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a port another program holds, or a host that is not this machine', () => {
  /** Starts the compiled service on HOST:PORT in a fresh folder, until it exits: its status and what it printed. */
  async function startOn(dataDir: string, host: string, port: string): Promise<{ status: unknown; stderr: string }> {
    const started = spawn(process.execPath, [mainPath], {
      env: { ...process.env, LEDGER_DATA_DIR: dataDir, HOST: host, PORT: port, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise((resolve) => started.on('exit', resolve));
    return { status, stderr };
  }

  it('stops the start with one line naming PORT, after closing the app', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-port-'));
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      expect(await startOn(dataDir, '127.0.0.1', String(port))).toEqual({
        status: 1,
        stderr: `PORT ${port} on HOST 127.0.0.1 is in use by another program: stop it, or set PORT (EADDRINUSE)\n`,
      });
      // Closed before it stopped: SQLite removes a database's WAL when its last connection closes.
      expect(existsSync(join(dataDir, 'events.sqlite-wal'))).toBe(false);
    } finally {
      holder.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops the start with one line naming HOST when it is no address of this machine', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-host-'));
    try {
      expect(await startOn(dataDir, '10.255.255.1', '0')).toEqual({
        status: 1,
        stderr:
          'HOST 10.255.255.1 is not an address of this machine: set HOST to one of its addresses (EADDRNOTAVAIL)\n',
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
