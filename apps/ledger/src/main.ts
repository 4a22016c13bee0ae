// First: stops an unsupported Node.js before any native module loads.
import './node-version.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  try {
    const config = loadConfig(process.env);
    // Building the app can also refuse the configuration (an unusable JWT secret file, say).
    const app = await createApp(config);
    await app.listen(config.port, config.host);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

await main();
