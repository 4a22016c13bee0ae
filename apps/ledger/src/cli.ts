// First: stops an unsupported Node.js before any native module loads.
import './node-version.js';
import 'reflect-metadata';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
// The root commander instance is not exported from the package's index; its token is (nest-commander 3).
import { Commander } from 'nest-commander/src/constants.js';
import { examplesHelp } from './cli/examples.js';
import { CliModule } from './cli/cli.module.js';
import { cliConfig } from './cli/seed/seed-config.js';
import { storageProblem } from './cli/database-damage.js';
import { ConfigError, loadConfig } from './config.js';

/** What commander throws instead of exiting (exitOverride); it has already printed what the user needs. */
interface CommanderExit {
  readonly code: string;
  readonly exitCode: number;
}

function isCommanderExit(error: unknown): error is CommanderExit {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('commander.');
}

/** The ops command line: `npm run ledger -- <command>`. */
async function main(): Promise<void> {
  let dataDir: string | undefined;
  try {
    const config = cliConfig(loadConfig(process.env), process.argv.slice(2), process.env);
    dataDir = config.dataDir;
    const app = await CommandFactory.createWithoutRunning(CliModule.forRoot(config), {
      logger: ['error', 'warn'],
      // A store that cannot be opened (a full disk) rejects here, for `fail` to say why in one line; by default Nest
      // printed its stack and exited. Its logs so far are printed once the app exists, or dropped with it.
      abortOnError: false,
      bufferLogs: true,
      autoFlushLogs: false,
      errorHandler: (error) => fail(error),
      // A command that throws: say why and exit 1, after the stores are closed cleanly. A damaged database page
      // (a rebuild over a damaged read-models file) is named with its file and what to do, as verify names it.
      serviceErrorHandler: (error) => {
        process.stderr.write(`${storageProblem(config.dataDir, error) ?? error.message}\n`);
        process.exitCode = 1;
      },
    });
    app.flushLogs();
    app
      .get<{ addHelpText(position: 'after', text: string): unknown }>(Commander)
      .addHelpText(
        'after',
        examplesHelp(
          'npm run ledger -- token --role ops --sub me',
          'npm run ledger -- verify',
          'npm run ledger -- help seed',
        ),
      );
    try {
      // Commander names the program after the script it is given: `ledger` in help and errors, not `cli`.
      await app.get(CommandRunnerService).run([process.argv[0]!, 'ledger', ...process.argv.slice(2)]);
    } finally {
      await app.close();
    }
  } catch (error) {
    fail(error, dataDir);
  }
}

function fail(error: unknown, dataDir?: string): never {
  // Help, version and usage errors: commander has printed them; only its exit code is left to give.
  if (isCommanderExit(error)) process.exit(error.exitCode);
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`${(dataDir && storageProblem(dataDir, error)) ?? message}\n`);
  process.exit(1);
}

await main();
