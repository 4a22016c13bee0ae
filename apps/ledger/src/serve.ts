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

/**
 * Listens on PORT and HOST; a port another program holds (EADDRINUSE) or this user may not bind (EACCES) closes the
 * app and stops the start with one line naming the variables, where Node's stack named only the errno.
 */
async function listen(app: Awaited<ReturnType<typeof createApp>>, config: LedgerConfig): Promise<void> {
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    await app.close();
    const why = code === 'EADDRINUSE' ? 'is in use by another program' : 'may not be bound by this user';
    throw new ConfigError(`PORT ${config.port} on HOST ${config.host} ${why} (${code}): stop it, or set PORT or HOST`);
  }
}
