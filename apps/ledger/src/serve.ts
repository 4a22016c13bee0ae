import { flushCompileCache } from 'node:module';
import { createApp } from './app.js';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, type LedgerConfig } from './config.js';
import { startupLine } from './common/startup.js';
import { storageProblem } from './cli/database-damage.js';

/** Starts the service (main.ts imports this once the Node.js version is checked and the compile cache is on). */
export async function serve(): Promise<void> {
  let config: LedgerConfig | undefined;
  try {
    config = loadConfig(process.env);
    // Building the app can also refuse the configuration (an unusable JWT secret file, say).
    const app = await createApp(config);
    await listen(app, config);
    new Logger('Ledger').log(startupLine(config, await app.getUrl()));
    // The modules compiled by this start, on disk now: a service is stopped by a signal or killed, not exited.
    flushCompileCache();
  } catch (error) {
    // A data folder that cannot be opened (a full disk, a damaged file) is an operator's to mend, not a bug: one line.
    const refusal = error instanceof ConfigError ? error.message : config && storageProblem(config.dataDir, error);
    if (refusal === undefined) throw error;
    process.stderr.write(`${refusal}\n`);
    process.exit(1);
  }
}

/** What each error of listening says, in one line naming the variables to change. */
const listenErrors: Readonly<Record<string, (config: LedgerConfig) => string>> = {
  EADDRINUSE: ({ port, host }) => `PORT ${port} on HOST ${host} is in use by another program: stop it, or set PORT`,
  EACCES: ({ port, host }) => `PORT ${port} on HOST ${host} may not be bound by this user: set PORT or HOST`,
  EADDRNOTAVAIL: ({ host }) => `HOST ${host} is not an address of this machine: set HOST to one of its addresses`,
  ENOTFOUND: ({ host }) => `HOST ${host} is neither an address nor a known name: set HOST to one of this machine's`,
};

/**
 * Listens on PORT and HOST; a port another program holds, one this user may not bind, or a host that is not this
 * machine's closes the app and stops the start with one line naming the variables, where Node's stack named only
 * the errno.
 */
async function listen(app: Awaited<ReturnType<typeof createApp>>, config: LedgerConfig): Promise<void> {
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const said = code === undefined ? undefined : listenErrors[code];
    if (!said) throw error;
    await app.close();
    throw new ConfigError(`${said(config)} (${code})`);
  }
}
