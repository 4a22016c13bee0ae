import { afterAll, beforeAll, expect, it } from '@jest/globals';
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../support/browser.js';
import { cliPath } from '../support/cli.js';
import { startService, type ServiceProcess } from '../support/service-process.js';

const secret = 'console-e2e-secret-that-is-at-least-32-characters';
const screenshots = join(import.meta.dirname, '../../docs/console');
// `seed --seed 1 --events 600 --quarters 3` is deterministic: 2025-Q1..Q2 closed and paid, 2025-Q3 open. Once
// 2025-Q3 is closed, these partners have lines vesting in it (found by issuing every partner's statement).
const disputingPartner = 's1-p0013';
const issuedInBrowser = 's1-p0021';

describeWithChromium('the console in a real browser, against the compiled service on a seeded data folder', () => {
  let dataDir: string;
  let service: ServiceProcess;
  let browser: Browser;
  const requestedUrls: string[] = [];
  const pageErrors: string[] = [];

  const cli = (...args: string[]) => {
    const port = new URL(service.baseUrl).port;
    const env = { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret, HOST: '127.0.0.1', PORT: port };
    const result = spawnSync(process.execPath, [cliPath, ...args], { env, encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`ledger ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim();
  };

  const api = async (method: string, path: string, token: string, body?: object) => {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status).toBeLessThan(300);
    return response.json() as Promise<Record<string, unknown>>;
  };

  /** Opens the link `ledger token --console` prints in a fresh browser profile (its own session storage). */
  async function signIn(...tokenArgs: string[]): Promise<Page> {
    const link = cli('token', ...tokenArgs, '--console');
    expect(link).toMatch(new RegExp(`^${service.baseUrl}/console/#token=[\\w.-]+$`));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => requestedUrls.push(request.url()));
    await page.goto(link);
    await page.getByText('Signed in as').waitFor();
    // The token left the address bar for session storage.
    expect(page.url()).toBe(`${service.baseUrl}/console/`);
    expect(await page.evaluate(() => sessionStorage.getItem('ledger.console.token'))).toBe(
      decodeURIComponent(link.split('#token=')[1]!),
    );
    return page;
  }

  async function checkAccessibility(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }

  const statusOnPage = (page: Page) => page.locator('dt:text-is("Status") + dd');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-console-'));
    mkdirSync(screenshots, { recursive: true });
    const seeded = spawnSync(process.execPath, [cliPath, 'seed', '--seed', '1', '--events', '600', '--quarters', '3'], {
      env: { ...process.env, LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(seeded.status).toBe(0);
    service = await startService({ LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: secret });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    service?.child.kill('SIGTERM');
    await service?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ops sees the projections, simulates a candidate and gets the delta table and chart', async () => {
    const page = await signIn('--role', 'ops', '--sub', 'olga');
    await page.getByRole('heading', { name: 'Projections' }).waitFor();
    await expect(page.getByRole('cell', { name: 'statements', exact: true }).count()).resolves.toBe(1);
    await checkAccessibility(page, 'ops-projections');

    await page.getByRole('link', { name: 'Simulate a rule set' }).click();
    await page.getByRole('button', { name: 'Start from the rule set in force' }).click();
    const editor = page.getByLabel('Candidate rule set (JSON)');
    await page.waitForFunction(() => (document.querySelector('#candidate') as HTMLTextAreaElement).value !== '');
    const rules = JSON.parse(await editor.inputValue()) as { version: string; commission: { rates: object } };
    expect(rules.version).toBe('2025.3');
    const withRegisteredRate = (rate: string) =>
      JSON.stringify(
        {
          ...rules,
          version: '2025.9',
          commission: { ...rules.commission, rates: { ...rules.commission.rates, registered: rate } },
        },
        null,
        2,
      );
    await editor.fill(withRegisteredRate('-1'));
    await page.getByRole('button', { name: 'Simulate' }).click();
    // The API's refusal as it words it, naming the path of the problem.
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'commission.rates.registered must be at least 0',
    );

    await editor.fill(withRegisteredRate('0.30'));
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByRole('heading', { name: /Candidate 2025\.9 from/ }).waitFor();
    const partnerTable = page.getByRole('table', { name: 'Per partner (partners whose commission changes)' });
    expect(await partnerTable.getByRole('row').count()).toBeGreaterThan(1);
    await expect(partnerTable.getByRole('cell').nth(1).textContent()).resolves.toMatch(/^\+\d+\.\d\d USD$/);
    await page.locator('canvas[aria-label^="Change of commission by period"]').waitFor();
    await checkAccessibility(page, 'ops-simulation');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
