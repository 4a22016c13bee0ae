import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module.js';
import { ConfigError, loadConfig } from './config.js';

/** The ops command line: `npm run ledger -- <command>`. */
async function main(): Promise<void> {
  try {
    const config = loadConfig(process.env);
    await CommandFactory.run(CliModule.forRoot(config), {
      logger: ['error', 'warn'],
      errorHandler: (error) => fail(error),
      // A command that throws: say why and exit 1, after the stores are closed cleanly.
      serviceErrorHandler: (error) => {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      },
    });
  } catch (error) {
    fail(error);
  }
}

function fail(error: unknown): never {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

await main();
