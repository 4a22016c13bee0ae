// `npm start` and `npm run ledger` build only when a source changed since the last build made by this script:
// even an incremental `tsc` spends seconds loading the program, which a restart should not pay.
// Any build still goes through `npm run build` (incremental tsc, see tsconfig.build.json).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-stamp');
const sourceFolders = ['apps', 'libs', 'bench'];
const sourceFiles = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time among the sources the build reads. */
export function newestSourceMtimeMs(folder = root) {
  let newest = 0;
  const visit = (path) => {
    const stats = statSync(path);
    // A folder's own time changes when a file in it is added, removed or renamed.
    if (stats.mtimeMs > newest) newest = stats.mtimeMs;
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    }
  };
  for (const name of sourceFolders) if (existsSync(join(folder, name))) visit(join(folder, name));
  for (const name of sourceFiles) if (existsSync(join(folder, name))) visit(join(folder, name));
  return newest;
}

/** Whether dist/ was built by this script after the last change to a source. */
export function buildIsCurrent(folder = root) {
  const stampPath = join(folder, 'dist', '.build-stamp');
  return existsSync(stampPath) && statSync(stampPath).mtimeMs >= newestSourceMtimeMs(folder);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !buildIsCurrent()) {
  const startedAt = Date.now();
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Stamped with the time the build started: a source saved during the build makes the next start build again.
  writeFileSync(stamp, `${new Date(startedAt).toISOString()}\n`);
  utimesSync(stamp, startedAt / 1000, startedAt / 1000);
}
