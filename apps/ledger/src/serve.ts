import { flushCompileCache } from 'node:module';
import { createApp } from './app.js';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config.js';
import { startupLine } from './common/startup.js';

/** Starts the service (main.ts imports this once the Node.js version is checked and the compile cache is on). */
export async function serve(): Promise<void> {
  try {
    const config = loadConfig(process.env);
    // Building the app can also refuse the configuration (an unusable JWT secret file, say).
    const app = await createApp(config);
    await app.listen(config.port, config.host);
    new Logger('Ledger').log(startupLine(config, await app.getUrl()));
    // The modules compiled by this start, on disk now: a service is stopped by a signal or killed, not exited.
    flushCompileCache();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
