import { afterAll, beforeAll, expect, it } from '@jest/globals';
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../support/browser.js';
import { cliPath } from '../support/cli.js';
import { startService, type ServiceProcess } from '../support/service-process.js';

const secret = 'console-e2e-secret-that-is-at-least-32-characters';
/** docs/console/ is rewritten only by `npm run console:screenshots`: a test run leaves the working tree as it was. */
const screenshotsToDocs = process.env['CONSOLE_SCREENSHOTS_WRITE'] === '1';
// `seed --seed 1 --events 600 --quarters 3` is deterministic: 2025-Q1..Q2 closed and paid, 2025-Q3 open. Once
// 2025-Q3 is closed, these partners have lines vesting in it (found by issuing every partner's statement).
const disputingPartner = 's1-p0013';
const issuedInBrowser = 's1-p0021';

describeWithChromium('the console in a real browser, against the compiled service on a seeded data folder', () => {
  let dataDir: string;
  let service: ServiceProcess;
  let browser: Browser;
  let screenshots: string;
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

  /**
   * The value of a form field once it holds one. Read by the locator (Playwright's own injected script):
   * `page.waitForFunction('…')` evaluates a string, which the console's Content-Security-Policy (no
   * 'unsafe-eval') refuses.
   */
  async function filledValueOf(field: Locator, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await field.inputValue();
      if (value !== '') return value;
      if (Date.now() > deadline) throw new Error(`the field stayed empty for ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const statusOnPage = (page: Page) => page.locator('dt:text-is("Status") + dd');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-console-'));
    screenshots = screenshotsToDocs
      ? join(import.meta.dirname, '../../docs/console')
      : mkdtempSync(join(tmpdir(), 'ledger-console-screenshots-'));
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
    if (!screenshotsToDocs) rmSync(screenshots, { recursive: true, force: true });
  });

  it('ops sees the projections, simulates a candidate and gets the delta table and chart', async () => {
    const page = await signIn('--role', 'ops', '--sub', 'olga');
    await page.getByRole('heading', { name: 'Projections' }).waitFor();
    // The first Tab reaches the skip link, which leads past the navigation.
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Skip to content');
    // The heading shows before the projections' table has loaded: count its rows once it is there.
    const statementsCell = page.getByRole('cell', { name: 'statements', exact: true });
    await statementsCell.first().waitFor();
    await expect(statementsCell.count()).resolves.toBe(1);
    await checkAccessibility(page, 'ops-projections');

    await page.getByRole('link', { name: 'Simulate a rule set' }).click();
    await page.getByRole('button', { name: 'Start from the rule set in force' }).click();
    const editor = page.getByLabel('Candidate rule set (JSON)');
    const rules = JSON.parse(await filledValueOf(editor)) as { version: string; commission: { rates: object } };
    // The flat document of GET /rule-sets/:version with its rationale, without the publication's read-only facts.
    expect(rules.version).toBe('2025.3');
    expect(Object.keys(rules)).toContain('rationale');
    for (const readOnly of ['publishedAt', 'publishedBy', 'retroactive', 'governs', 'position'])
      expect(Object.keys(rules)).not.toContain(readOnly);
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
    // Checked as typed, at its path, before anything is sent.
    await expect(page.locator('#candidate-issues li').first().textContent()).resolves.toContain(
      'commission.rates.registered: commission.rates.registered must be at least 0',
    );
    await page.getByRole('button', { name: 'Simulate' }).click();
    // The API's refusal as it words it, and the problem at its path.
    await expect(page.getByRole('alert').locator('p').textContent()).resolves.toContain(
      'commission.rates.registered must be at least 0',
    );
    await expect(page.getByRole('alert').locator('li code').first().textContent()).resolves.toBe(
      'commission.rates.registered',
    );

    await editor.fill(withRegisteredRate('0.30'));
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByRole('heading', { name: /Candidate 2025\.9 from/ }).waitFor();
    const partnerTable = page.getByRole('table', { name: 'Per partner (partners whose commission changes)' });
    expect(await partnerTable.getByRole('row').count()).toBeGreaterThan(1);
    await expect(partnerTable.getByRole('cell').nth(1).textContent()).resolves.toMatch(/^\+\d+\.\d\d USD$/);
    await page.locator('canvas[aria-label^="Change of commission by period"]').waitFor();
    await page.locator('canvas[aria-label^="Change of commission by tier"]').waitFor();
    await checkAccessibility(page, 'ops-simulation');

    // Publish a later rule set with a rationale; the rule sets read back at the position it answered.
    await editor.fill(
      JSON.stringify({ ...JSON.parse(withRegisteredRate('0.30')), version: '2027.1', effectiveFrom: '2027-01-01' }),
    );
    await page.getByLabel('Rationale (why the rules change)').fill('Registered partners earn more from 2027');
    await page.getByRole('button', { name: 'Publish the candidate' }).click();
    await page.waitForURL(/\/console\/ops\/rule-sets\?after=\d+$/);
    const published = page.getByRole('table', { name: /^Published rule sets/ }).locator('tr', { hasText: '2027.1' });
    await expect(published.locator('td').nth(2).textContent()).resolves.toBe('2027-01-01 to now');
    await expect(published.locator('td').nth(4).textContent()).resolves.toBe('Registered partners earn more from 2027');
    await checkAccessibility(page, 'ops-rule-sets');

    // A rebuild runs in the background; the page reads its progress until it is done.
    await page.getByRole('link', { name: 'Projections' }).click();
    await page.getByRole('button', { name: 'Rebuild all projections' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^rebuild of .*: done,/ })
      .waitFor();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('finance closes the quarter after a dry-run preview and an explicit confirmation', async () => {
    const alice = await signIn('--role', 'finance', '--sub', 'alice');
    await alice.getByRole('heading', { name: 'Statements' }).waitFor();
    // The quarter closes in the browser: a dry run first, then an explicit confirmation.
    await alice.getByRole('link', { name: 'Periods' }).click();
    const closeButton = alice.getByRole('button', { name: 'Close 2025-Q3' });
    await closeButton.waitFor();
    expect(await closeButton.isDisabled()).toBe(true);
    await alice.getByRole('button', { name: 'Preview the close' }).click();
    await expect(alice.locator('#close-summary').textContent()).resolves.toMatch(
      new RegExp(
        '^Closing 2025-Q3 under rule set 2025\\.3 promotes \\d+, demotes \\d+ and holds \\d+ of \\d+ active ' +
          'partners, and freezes \\d+ commission lines',
      ),
    );
    await expect(alice.locator('#close-reason').textContent()).resolves.toBe('Confirm that you have read the preview');
    await checkAccessibility(alice, 'finance-period-close-preview');
    await alice.getByLabel('I have read the preview: close this quarter for good').check();
    await closeButton.click();
    await alice.waitForURL(/\/console\/periods\?after=\d+$/);
    await alice.getByRole('table', { name: 'Closed quarters' }).getByRole('cell', { name: '2025-Q3' }).waitFor();

    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('finance issues a statement, the issuer cannot approve, a second finance user approves and pays', async () => {
    const alice = await signIn('--role', 'finance', '--sub', 'alice');
    await alice.getByRole('heading', { name: 'Statements' }).waitFor();
    // Setup through the API: one statement is issued for the partner scenario below.
    const fiona = cli('token', '--role', 'finance', '--sub', 'fiona');
    await api('POST', '/statements', fiona, { partnerId: disputingPartner, period: '2025-Q3' });
    await alice.getByLabel('Partner id').fill(issuedInBrowser);
    await alice.getByRole('textbox', { name: 'Period' }).last().fill('2025-Q3');
    await alice.getByRole('button', { name: 'Issue' }).click();
    const statementId = `${issuedInBrowser}-2025-Q3`;
    await alice.getByRole('heading', { name: `Statement ${statementId}` }).waitFor();
    // Read back at the position the command answered.
    expect(alice.url()).toMatch(new RegExp(`/console/statements/${statementId}\\?after=\\d+$`));
    await expect(statusOnPage(alice).textContent()).resolves.toBe('issued');
    const approveByIssuer = alice.getByRole('button', { name: 'Approve' });
    expect(await approveByIssuer.isDisabled()).toBe(true);
    await expect(alice.locator('#approve-reason').textContent()).resolves.toBe(
      'You issued this statement: a second finance user approves it',
    );
    await checkAccessibility(alice, 'finance-statement-issued');

    // A refused command shows the API's message as it is.
    await alice.goto(`${service.baseUrl}/console/statements`);
    await alice.getByLabel('Partner id').fill(issuedInBrowser);
    await alice.getByRole('textbox', { name: 'Period' }).last().fill('2025-Q4');
    await alice.getByRole('button', { name: 'Issue' }).click();
    await expect(alice.getByRole('alert').textContent()).resolves.toBe(
      'Period 2025-Q4 is not closed; a statement is issued only for a closed period',
    );

    const bob = await signIn('--role', 'finance', '--sub', 'bob');
    await bob.getByLabel('Period').first().fill('2025-Q3');
    await bob.getByLabel('Status').selectOption('issued');
    await bob.getByRole('button', { name: 'Show' }).click();
    await bob.getByRole('link', { name: statementId }).waitFor();
    expect(await bob.getByRole('table', { name: 'Statements' }).locator('tbody tr').count()).toBe(2);
    // The filter form shows the filter the list was opened with, not "any".
    await expect(bob.getByLabel('Status').inputValue()).resolves.toBe('issued');
    await checkAccessibility(bob, 'finance-statements');
    await bob.getByRole('link', { name: statementId }).click();
    await bob.getByRole('button', { name: 'Approve' }).click();
    await statusOnPage(bob).filter({ hasText: 'approved' }).waitFor();
    await bob.getByLabel('Payment reference').fill('WIRE-2025-Q3-0021');
    await bob.getByRole('button', { name: 'Pay' }).click();
    await bob.locator('dt:text-is("Paid") + dd').waitFor();
    await expect(statusOnPage(bob).textContent()).resolves.toBe('paid');
    await expect(bob.locator('dt:text-is("Paid") + dd').textContent()).resolves.toContain('WIRE-2025-Q3-0021');

    // The lines sum to the statement's total, in a row of their own.
    const total = await bob.locator('dt:text-is("Total") + dd').textContent();
    await expect(bob.getByRole('table', { name: 'Lines' }).locator('tfoot td.amount').textContent()).resolves.toBe(
      total,
    );
    // A commission line explains itself step by step.
    await bob.getByRole('table', { name: 'Lines' }).getByRole('link').first().click();
    await bob.getByRole('heading', { name: 'Explanation' }).waitFor();
    expect(await bob.locator('.explanation li').count()).toBeGreaterThan(1);
    await checkAccessibility(bob, 'finance-line-explanation');

    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("finance reads a partner's balances as of a chosen date and downloads a quarter's statements", async () => {
    const bob = await signIn('--role', 'finance', '--sub', 'bob');
    // Balances as of a chosen date (today: the statements paid so far are on them).
    const today = new Date().toISOString().slice(0, 10);
    await bob.getByRole('link', { name: 'Balances' }).click();
    await bob.getByLabel('Partner id').fill(issuedInBrowser);
    await bob.getByLabel('As of').fill(today);
    await bob.getByRole('button', { name: 'Show' }).click();
    const balances = bob.getByRole('table', { name: `Balances of ${issuedInBrowser} as of ${today}` });
    const paid = await balances.locator('tr', { hasText: 'Paid' }).locator('td').first().textContent();
    expect(paid).toMatch(/^\d+\.\d\d$/);
    expect(paid).not.toBe('0.00');
    await checkAccessibility(bob, 'finance-balances');

    // The API's CSV of what the filters show: one row per statement line.
    await bob.goto(`${service.baseUrl}/console/statements?period=2025-Q3`);
    const [download] = await Promise.all([
      bob.waitForEvent('download'),
      bob.getByRole('button', { name: 'Download CSV (one row per line)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('statements-2025-Q3.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain(`${issuedInBrowser}-2025-Q3`);
    expect(csv).toContain(`${disputingPartner}-2025-Q3`);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("a partner disputes a line of its statement and cannot reach another partner's", async () => {
    const partner = await signIn('--role', 'partner', '--sub', 'pat', '--partner', disputingPartner);
    await partner.getByRole('heading', { name: 'My statements' }).waitFor();
    const rows = partner.getByRole('table', { name: 'Statements' }).locator('tbody tr');
    await rows.first().waitFor();
    for (const partnerCell of await rows.locator('td:nth-child(2)').allTextContents())
      expect(partnerCell).toBe(disputingPartner);
    await partner.getByRole('link', { name: `${disputingPartner}-2025-Q3` }).click();
    const firstLine = partner.getByRole('table', { name: 'Lines' }).locator('tbody tr').first();
    await firstLine.getByLabel('Reason').fill('The deal was booked twice');
    await firstLine.getByRole('button', { name: 'Dispute' }).click();
    await statusOnPage(partner).filter({ hasText: 'disputed' }).waitFor();
    expect(partner.url()).toMatch(/\?after=\d+$/);
    await expect(partner.locator('dt:text-is("Open disputes") + dd').textContent()).resolves.toBe('1');
    await checkAccessibility(partner, 'partner-statement-disputed');

    // Typing another partner's statement URL answers as if it did not exist.
    await partner.goto(`${service.baseUrl}/console/statements/${issuedInBrowser}-2025-Q3`);
    await expect(partner.getByRole('alert').textContent()).resolves.toBe(
      `Statement ${issuedInBrowser}-2025-Q3 was not found`,
    );
    // Nor another partner's page: the API answers not found, shown as it is.
    await partner.goto(`${service.baseUrl}/console/partners/${issuedInBrowser}`);
    await expect(partner.getByRole('alert').textContent()).resolves.toBe('Not found');
    // Nor finance's dispute inbox, with its resolve controls: it says whose page it is.
    await partner.goto(`${service.baseUrl}/console/disputes`);
    await expect(partner.getByRole('alert').textContent()).resolves.toBe(
      'This page is for finance; you are signed in as partner.',
    );
    expect(await partner.getByRole('button', { name: 'Resolve' }).count()).toBe(0);

    // The partner submits a registration; its list reads it back at the position the command answered.
    await partner.getByRole('link', { name: 'My registrations' }).click();
    await partner.getByLabel('Registration id').fill('reg-e2e-0013');
    await partner.getByLabel('Customer name').fill('Globex E2E');
    await partner.getByLabel('Customer domain').fill('globex-e2e.example');
    await partner.getByLabel('Product family').fill('platform');
    await partner.getByLabel('Estimated value').fill('50000.00');
    await partner.getByLabel('Expected close date').fill('2027-06-30');
    await partner.getByRole('button', { name: 'Submit' }).click();
    await partner.waitForURL(/\/console\/registrations\?after=\d+$/);
    const submitted = partner.getByRole('table', { name: 'Registrations, oldest first' }).locator('tr', {
      hasText: 'reg-e2e-0013',
    });
    await expect(submitted.locator('td').nth(5).textContent()).resolves.toBe('submitted');
    for (const partnerCell of await partner
      .getByRole('table', { name: 'Registrations, oldest first' })
      .locator('tbody td:nth-child(2)')
      .allTextContents())
      expect(partnerCell).toBe(disputingPartner);
    await checkAccessibility(partner, 'partner-registrations');
    expect(pageErrors).toEqual([]);
    // No token ever travelled in a URL the browser requested.
    expect(requestedUrls.filter((url) => url.includes('token'))).toEqual([]);
  }, 120_000);

  it("finance resolves the dispute with an adjustment, which lands on the partner's next statement", async () => {
    const fiona = cli('token', '--role', 'finance', '--sub', 'fiona');
    const alice = await signIn('--role', 'finance', '--sub', 'alice');
    // The API filters by status: of the quarter's statements, the one with a dispute open.
    await alice.goto(`${service.baseUrl}/console/statements?period=2025-Q3&status=disputed`);
    const disputedRows = alice.getByRole('table', { name: 'Statements' }).locator('tbody tr');
    await disputedRows.first().waitFor();
    expect(await disputedRows.locator('td:first-child').allTextContents()).toEqual([`${disputingPartner}-2025-Q3`]);
    await expect(disputedRows.locator('td:nth-child(4)').textContent()).resolves.toBe('disputed');
    await alice.goto(`${service.baseUrl}/console/statements/${disputingPartner}-2025-Q3`);
    await alice.getByRole('heading', { name: 'Disputes' }).waitFor();
    // Approval waits for the dispute, and the button says why.
    await expect(alice.locator('#approve-reason').textContent()).resolves.toBe(
      'A dispute is open: finance resolves it before approval',
    );
    // The inbox lists every open dispute across statements; finance resolves it there.
    await alice.getByRole('link', { name: 'Dispute inbox' }).click();
    const resolveForm = alice.getByRole('form', { name: /^Resolve the dispute of line/ });
    await resolveForm.first().waitFor();
    await expect(resolveForm.count()).resolves.toBe(1);
    await checkAccessibility(alice, 'finance-dispute-inbox');
    await resolveForm.getByLabel('Adjustment').fill('-100.00');
    await resolveForm.getByLabel('Note').fill('Booked twice: half of the second booking');
    await resolveForm.getByRole('button', { name: 'Resolve' }).click();
    await alice.getByText('No dispute is open.').waitFor();
    expect(alice.url()).toMatch(/\/console\/disputes\?after=\d+$/);
    await alice.getByRole('link', { name: `See statement ${disputingPartner}-2025-Q3` }).click();
    await statusOnPage(alice)
      .filter({ hasText: /^issued$/ })
      .waitFor();
    await expect(alice.locator('.disputes li').first().textContent()).resolves.toContain('adjusted -100.00');

    await api('POST', '/periods/2025-Q4/close', fiona);
    await alice.goto(`${service.baseUrl}/console/statements`);
    await alice.getByLabel('Partner id').fill(disputingPartner);
    await alice.getByRole('textbox', { name: 'Period' }).last().fill('2025-Q4');
    await alice.getByRole('button', { name: 'Issue' }).click();
    await alice.getByRole('heading', { name: `Statement ${disputingPartner}-2025-Q4` }).waitFor();
    const adjustment = alice.getByRole('table', { name: 'Lines' }).locator('tr', { hasText: 'adjustment' });
    await expect(adjustment.locator('td.amount').textContent()).resolves.toBe('-100.00');

    await alice.goto(`${service.baseUrl}/console/statements/${disputingPartner}-2025-Q3`);
    await expect(alice.locator('.disputes li').first().textContent()).resolves.toContain(
      `on statement ${disputingPartner}-2025-Q4`,
    );
    await checkAccessibility(alice, 'finance-dispute-resolved');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("a partner manager filters partners, pages through them and reads a partner's tier evaluations", async () => {
    const maria = await signIn('--role', 'partner_manager', '--sub', 'maria');
    await maria.getByRole('heading', { name: 'Partners' }).waitFor();
    const firstCellOf = (caption: RegExp) =>
      maria.getByRole('table', { name: caption }).locator('tbody tr').first().locator('td').first();
    const rows = maria.getByRole('table', { name: /^Partners 1 to 50$/ }).locator('tbody tr');
    await rows.nth(49).waitFor();
    const firstPageFirst = await firstCellOf(/^Partners 1 to 50$/).textContent();
    await maria.getByRole('button', { name: 'Next page' }).click();
    const secondPageFirst = await firstCellOf(/^Partners 51 to /).textContent();
    expect(secondPageFirst).not.toBe(firstPageFirst);
    // Back over the cursors already followed, and forward again to the same page.
    await maria.getByRole('button', { name: 'Previous page' }).click();
    await expect(firstCellOf(/^Partners 1 to 50$/).textContent()).resolves.toBe(firstPageFirst);
    expect(await maria.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    await maria.getByRole('button', { name: 'Next page' }).click();
    await expect(firstCellOf(/^Partners 51 to /).textContent()).resolves.toBe(secondPageFirst);

    await maria.getByLabel('Region').fill('NA');
    await maria.getByLabel('Status').selectOption('active');
    await maria.getByRole('button', { name: 'Show' }).click();
    await maria.waitForURL(/region=NA/);
    // Other filters start again at the first page.
    const filtered = maria.getByRole('table', { name: /^Partners 1 to \d+$/ }).locator('tbody tr');
    await filtered.first().waitFor();
    for (const region of await filtered.locator('td:nth-child(4)').allTextContents()) expect(region).toBe('NA');
    await checkAccessibility(maria, 'manager-partners');

    await filtered.first().getByRole('link').click();
    // The tier history: one card per evaluation, oldest first, each with its figures.
    const evaluations = maria
      .getByRole('list', { name: 'Tier evaluations at each period close' })
      .locator(':scope > li');
    await evaluations.first().waitFor();
    expect(await evaluations.count()).toBeGreaterThanOrEqual(2);
    await expect(evaluations.first().locator('dt').allTextContents()).resolves.toContain('Attributed revenue');
    // The scorecard of each evaluated quarter, charted, then the pipeline and the MDF fund.
    const scorecard = maria.getByRole('table', { name: 'Scorecard figures by quarter' });
    await scorecard.waitFor();
    expect(await scorecard.locator('thead th').count()).toBe(1 + (await evaluations.count()));
    await maria.locator('canvas[aria-label^="Attributed revenue by quarter"]').waitFor();
    // The pipeline's first page, captioned with the whole pipeline's count.
    await maria.getByRole('table', { name: /^Open deals \((\d+|the first \d+ of [\d,]+)\)$/ }).waitFor();
    await maria.getByRole('heading', { name: 'MDF fund' }).waitFor();
    await checkAccessibility(maria, 'manager-partner');

    // A second partner registers the same customer; approving one makes the other a conflict the API refuses.
    const manager = cli('token', '--role', 'partner_manager', '--sub', 'mark');
    await api('POST', '/registrations', manager, {
      registrationId: 'reg-e2e-0021',
      partnerId: issuedInBrowser,
      customer: { name: 'Globex E2E', domain: 'globex-e2e.example' },
      productFamily: 'platform',
      estimatedValue: '40000.00',
      expectedCloseDate: '2027-06-30',
    });
    const queue = maria.getByRole('table', { name: 'Registrations, oldest first' });
    const decide = async (registrationId: string, partnerId: string) => {
      await maria.goto(`${service.baseUrl}/console/registrations?status=submitted&partnerId=${partnerId}`);
      const row = queue.locator('tr', { hasText: registrationId });
      await expect(maria.getByLabel('Status').inputValue()).resolves.toBe('submitted');
      await row.getByRole('button', { name: 'Approve' }).click();
      return row;
    };
    await decide('reg-e2e-0013', disputingPartner);
    await maria.waitForURL(/after=\d+$/);
    await expect(queue.locator('tr', { hasText: 'reg-e2e-0013' }).count()).resolves.toBe(0);
    const refused = await decide('reg-e2e-0021', issuedInBrowser);
    await expect(refused.getByRole('alert').textContent()).resolves.toBe(
      'This customer is protected by another approved registration',
    );
    await checkAccessibility(maria, 'manager-registrations');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a partner manager searches partners, follows deals through their lifecycle and reads a campaign', async () => {
    const maria = await signIn('--role', 'partner_manager', '--sub', 'maria');
    await maria.getByLabel('Search').fill('p0030');
    await maria.getByRole('button', { name: 'Show' }).click();
    await maria.waitForURL(/q=p0030/);
    const found = maria.getByRole('table', { name: 'Partners 1 to 1' }).locator('tbody td');
    await expect(found.first().textContent()).resolves.toBe('s1-p0030');

    // Deals it is on that were lost: each reads from its opening to the loss and its reason.
    await maria.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals' }).click();
    await maria.getByLabel('Partner id').fill('s1-p0030');
    await maria.getByLabel('Deal status').selectOption('lost');
    await maria.getByRole('button', { name: 'Show' }).click();
    const lifecycle = maria.getByRole('list', { name: /^Lifecycle of deal / }).first();
    await lifecycle.waitFor();
    // The filter form shows the filter the page was opened with.
    await expect(maria.getByLabel('Deal status').inputValue()).resolves.toBe('lost');
    await expect(lifecycle.locator('li').last().textContent()).resolves.toMatch(/^lost: .+ \d{4}-\d{2}-\d{2}$/);
    await checkAccessibility(maria, 'manager-deals');

    // A proposed campaign: no milestone done yet, no ROI before MDF is spent; approving it without the
    // fund to commit shows the API's refusal as it words it.
    const manager = cli('token', '--role', 'partner_manager', '--sub', 'mark');
    await api('POST', '/campaigns', manager, {
      campaignId: 'cmp-e2e-0030',
      partnerId: 's1-p0030',
      name: 'Webinars E2E',
      budget: '900.00',
      goals: { leads: 5, pipeline: '50000.00' },
      milestones: [
        { id: 'm1', amount: '300.00' },
        { id: 'm2', amount: '600.00' },
      ],
    });
    await maria.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await maria.getByRole('link', { name: 'cmp-e2e-0030' }).click();
    await maria.getByText('0 of 2 milestones, 0.00 of 900.00 USD', { exact: true }).waitFor();
    await expect(maria.locator('dt:text-is("Revenue per MDF (ROI)") + dd').textContent()).resolves.toBe('—');
    await maria.getByRole('button', { name: /^Approve the campaign/ }).click();
    await expect(maria.getByRole('alert').textContent()).resolves.toBe(
      'The budget 900.00 USD exceeds the available fund',
    );
    await checkAccessibility(maria, 'manager-campaign');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
