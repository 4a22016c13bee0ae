import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The outcome of the newest `ledger verify`, as it printed it, for ops to read without a shell. */
export interface LastVerifyView {
  /** When verify finished (ISO-8601 UTC). */
  finishedAt: string;
  ok: boolean;
  /** One line per check, exactly as verify printed them. */
  checks: string[];
  /** What `verify failed` was followed by (" at position <n>", or ": <why>"); null when every check passed. */
  failure: string | null;
}

const fileName = 'last-verify.json';

/**
 * Written beside the read models after every run (tmp then rename, so a reader never sees half a file), readable by
 * its owner alone like every file of the data folder. A write that fails (a full disk) leaves no temporary file.
 */
export function writeLastVerify(dataDir: string, view: LastVerifyView): void {
  const path = join(dataDir, fileName);
  try {
    writeFileSync(`${path}.tmp`, `${JSON.stringify(view, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  } catch (error) {
    rmSync(`${path}.tmp`, { force: true });
    throw error;
  }
}

/** The newest verify's outcome, or null when verify never ran on this data folder (or its file is unreadable). */
export function readLastVerify(dataDir: string): LastVerifyView | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, fileName), 'utf8')) as LastVerifyView;
  } catch {
    return null;
  }
}
