import { Inject } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Command, CommandRunner, Help, Option } from 'nest-commander';
import type { LedgerConfig } from '../config.js';
import { isPrintableSubject } from '../common/auth.js';
import { LEDGER_CONFIG } from '../common/tokens.js';
import { convertCrmDeals } from '../imports/crm-deals.js';
import { isRefusal, type ImportView } from '../imports/import-job.js';
import { examplesHelp } from './examples.js';
import { startProgress } from './progress.js';

interface ImportOptions {
  readonly dryRun?: boolean;
  readonly stopOnError?: boolean;
  readonly csvDeals?: boolean;
  readonly url?: string;
  readonly sub: string;
  readonly json?: boolean;
}

/** The body to send, and per NDJSON line the CSV rows it came from (a CSV import only). */
interface Prepared {
  readonly ndjson: string;
  readonly rowsByLine?: ReadonlyArray<readonly number[]>;
}

const pollMs = 250;

/**
 * `npm run ledger -- import <file>`: sends the file to the running service's POST /imports (so every line
 * goes through the same routes, validation and deciders as a client's request) and follows it with a
 * progress bar. Signs its own admin token with the ledger secret, as `token` does; its subject (`--sub`)
 * scopes the keys, so a re-run must use the same one to append nothing new.
 */
@Command({
  name: 'import',
  arguments: '<file>',
  description: 'Import commands (NDJSON lines, or a CRM deals CSV) through the running service',
})
export class ImportCommand extends CommandRunner {
  constructor(
    private readonly jwt: JwtService,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'host' | 'port' | 'jwtLifetimeMaxSeconds'>,
  ) {
    super();
  }

  async run([file]: string[], options: ImportOptions): Promise<void> {
    const prepared = this.prepare(readText(file!), options);
    if (!prepared) return;
    const base =
      options.url ?? `http://${this.config.host === '0.0.0.0' ? '127.0.0.1' : this.config.host}:${this.config.port}`;
    const expiresIn = Math.min(12 * 3600, this.config.jwtLifetimeMaxSeconds);
    const token = await this.jwt.signAsync({ sub: options.sub, role: 'admin' }, { expiresIn });
    const headers = { Authorization: `Bearer ${token}` };
    const query = `dryRun=${options.dryRun === true}&stopOnError=${options.stopOnError === true}`;
    const started = await fetch(`${base}/imports?${query}`, {
      method: 'POST',
      // Compressed: NDJSON of commands is about a tenth of its size in gzip (inflated by the service as it reads).
      headers: { ...headers, 'Content-Type': 'application/x-ndjson', 'Content-Encoding': 'gzip' },
      body: gzipSync(prepared.ndjson),
    }).catch((error: unknown) => {
      throw new Error(
        `Cannot reach the ledger service at ${base} (${causeOf(error)}): start it, or name it with --url`,
      );
    });
    if (started.status !== 202) throw new Error(`POST /imports answered ${await refusalOf(started)}`);
    const view = await this.follow(base, headers, (await started.json()) as ImportView);
    process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : summaryOf(view, prepared));
    if (view.status !== 'completed' || view.progress.errors > 0) process.exitCode = 1;
  }

  /** The NDJSON to send; a CSV is converted first, and one the mapping cannot read is reported, not sent. */
  private prepare(text: string, options: ImportOptions): Prepared | undefined {
    if (!options.csvDeals) return { ndjson: text };
    const { commands, errors } = convertCrmDeals(text);
    for (const error of errors)
      process.stderr.write(`row ${error.row}${error.column ? `, ${error.column}` : ''}: ${error.message}\n`);
    if (errors.length > 0) {
      process.exitCode = 1;
      return undefined;
    }
    return {
      ndjson: `${commands.map((command) => command.ndjson).join('\n')}\n`,
      rowsByLine: commands.map((command) => command.rows),
    };
  }

  private async follow(base: string, headers: Record<string, string>, first: ImportView): Promise<ImportView> {
    const progress = startProgress(first.dryRun ? 'dry run' : 'import', first.progress.total, process.stderr, 'lines');
    let view = first;
    while (view.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const done = view.progress;
      const polled = await fetch(`${base}/imports/${view.importId}`, { headers }).catch((error: unknown) => {
        progress.stop();
        throw new Error(
          `The ledger service at ${base} stopped answering (${causeOf(error)}) after ${done.done} of ${done.total} ` +
            'lines. Start it and run the same import again, with the same --sub: the lines it applied are replayed, ' +
            'not applied twice.',
        );
      });
      if (!polled.ok) throw new Error(`GET /imports/${view.importId} answered ${await refusalOf(polled)}`);
      view = (await polled.json()) as ImportView;
      progress.update(view.progress.done, view.progress.total);
    }
    progress.stop();
    return view;
  }

  @Option({
    flags: '--dry-run',
    description: 'decide every line on the ones before it, list the refused ones; append nothing',
  })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--stop-on-error', description: 'stop at the first refused line' })
  parseStopOnError(): boolean {
    return true;
  }

  @Option({ flags: '--csv-deals', description: 'the file is a CRM deals CSV (docs/imports.md), not NDJSON' })
  parseCsvDeals(): boolean {
    return true;
  }

  @Option({ flags: '--url <url>', description: 'the service (default: http://HOST:PORT from the environment)' })
  parseUrl(value: string): string {
    return value.replace(/\/+$/, '');
  }

  @Option({ flags: '--sub <subject>', description: 'who imports (scopes the keys)', defaultValue: 'ledger-import' })
  parseSub(value: string): string {
    if (!isPrintableSubject(value)) throw new Error('--sub must be non-empty and free of control characters');
    return value;
  }

  @Option({ flags: '--json', description: 'print the whole result (per line) as JSON' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  examples(): string {
    return examplesHelp(
      'npm run ledger -- import history.ndjson --dry-run',
      'npm run ledger -- import history.ndjson',
      'npm run ledger -- import --csv-deals docs/samples/crm-deals.csv',
    );
  }
}

function summaryOf(view: ImportView, prepared: Prepared): string {
  const { progress, result } = view;
  const head = view.dryRun
    ? `dry run ${view.importId}: ${view.status}, ${progress.done} of ${progress.total} lines checked, ` +
      `${progress.errors} refused${validatedOnlyNote(result?.validatedOnly ?? 0)}`
    : `import ${view.importId}: ${view.status}, ${progress.total} lines: ${result?.applied ?? 0} applied, ` +
      `${result?.replayed ?? 0} replayed, ${result?.refused ?? 0} refused, ${result?.notRun ?? 0} not run`;
  // Every refused line once it is done (`errors` lists the first ones only).
  const refusals = result ? result.lines.filter(isRefusal) : view.errors;
  const errors = refusals.map((error) => {
    const rows = prepared.rowsByLine?.[error.line - 1];
    const source = rows ? ` (CSV rows ${rows.join(', ')})` : '';
    return `line ${error.line}${source}: ${error.status} ${error.error}: ${error.message}`;
  });
  return [head, ...errors, ...(view.failure ? [`failed: ${view.failure}`] : [])].join('\n') + '\n';
}

function validatedOnlyNote(count: number): string {
  if (count === 0) return '';
  const lines = count === 1 ? '1 line' : `${count} lines`;
  return (
    `; ${lines} checked by validation alone (statements, decided on read models, which a dry run does not build; ` +
    'and lines past the memory a dry run may hold: LEDGER_DRY_RUN_BYTES_MAX)'
  );
}

/**
 * The file's text; a file that cannot be read is told by name, and so is one not encoded as UTF-8 (a CRM's export
 * in Windows-1252, say), whose accented names decoding would have replaced with U+FFFD. Nothing is sent.
 */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const line =
    bytes
      .toString('latin1')
      .split('\n')
      .findIndex((text) => !isUtf8(Buffer.from(text, 'latin1'))) + 1;
  throw new Error(
    `Cannot import ${file}: line ${line} is not UTF-8. Save the file encoded as UTF-8 (in a spreadsheet, as ` +
      '"CSV UTF-8") and run the import again; nothing was sent.',
  );
}

/** A refusal as a person reads it: `429 IMPORTS_BUSY: 2 imports are already … (retry after 5 s)`; else its text. */
async function refusalOf(response: Response): Promise<string> {
  const text = await response.text();
  let body: { error?: unknown; message?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `${response.status}: ${text}`;
  }
  if (typeof body.error !== 'string' || typeof body.message !== 'string') return `${response.status}: ${text}`;
  const retryAfter = response.headers.get('retry-after');
  return `${response.status} ${body.error}: ${body.message}${retryAfter ? ` (retry after ${retryAfter} s)` : ''}`;
}

/** Why fetch could not make a request (it says only "fetch failed"): the system's code, such as ECONNREFUSED. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
