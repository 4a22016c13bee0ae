// First: stops an unsupported Node.js before any native module loads.
import './node-version.js';
import { createApp } from './app.js';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config.js';
import { startupLine } from './common/startup.js';

async function main(): Promise<void> {
  try {
    const config = loadConfig(process.env);
    // Building the app can also refuse the configuration (an unusable JWT secret file, say).
    const app = await createApp(config);
    await app.listen(config.port, config.host);
    new Logger('Ledger').log(startupLine(config, await app.getUrl()));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

await main();
