import { describe, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it); LEDGER_CHROMIUM names another build. */
export const chromiumPath = process.env['LEDGER_CHROMIUM'] ?? '/usr/bin/chromium';

// Headless and quiet: no sandbox (CI runs as root in a container), no GPU, no calls home.
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
}

/**
 * Declares `body` as a suite when chromium is installed. Without it the suite is skipped visibly (its title
 * and stderr say why), except under CI=true, where a missing browser is a failure: CI must run these suites.
 */
export function describeWithChromium(title: string, body: () => void): void {
  if (existsSync(chromiumPath)) {
    describe(title, body);
    return;
  }
  const reason = `no chromium at ${chromiumPath} (apt-get install chromium, or set LEDGER_CHROMIUM)`;
  if (process.env['CI'] === 'true') {
    describe(title, () => {
      it(`needs a browser under CI=true: ${reason}`, () => {
        throw new Error(reason);
      });
    });
    return;
  }
  process.stderr.write(`\n[skipped] ${title}: ${reason}\n`);
  describe.skip(`${title} [skipped: ${reason}]`, body);
}
