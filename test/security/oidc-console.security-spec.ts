import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../support/browser.js';
import { startLedger, type LedgerHarness } from '../support/ledger-app.js';
import { freePort } from '../support/service-process.js';
import { consoleClientId, startTestProvider, type TestProvider } from './oidc-test-provider.js';

const consoleBuilt = existsSync(join(import.meta.dirname, '../../dist/console/index.html'));

/**
 * The console signing in with the authorization code flow and PKCE against a real provider (oidc-provider in
 * this process, its own login form), in chromium, against the ledger serving the built console.
 */
describeWithChromium('console sign-in with an OpenID Connect provider, in a real browser', () => {
  let provider: TestProvider;
  let ledger: LedgerHarness;
  let browser: Browser;
  let consoleUrl: string;

  beforeAll(async () => {
    // `npm run build` writes the console; without it the ledger serves no /console at all.
    if (!consoleBuilt) throw new Error('dist/console is missing: run `npm run build` first (npm test does)');
    const port = await freePort();
    consoleUrl = `http://127.0.0.1:${port}/console/`;
    provider = await startTestProvider({ redirectUris: [consoleUrl] });
    ledger = await startLedger({
      LEDGER_OIDC_ISSUER: provider.issuer,
      LEDGER_OIDC_AUDIENCE: provider.audience,
      LEDGER_OIDC_CONSOLE_CLIENT_ID: consoleClientId,
      RATE_LIMIT_PER_MINUTE: '100000000',
    });
    await ledger.enroll('p1');
    await ledger.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await ledger?.close();
    await provider?.close();
  });

  /** From the console's sign-in page through the provider's login form, back to the console. */
  async function signInAs(login: string): Promise<{ page: Page; urls: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The provider's development login page imports a web font: no calls leave this machine.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    const page = await context.newPage();
    // A shared machine under load took 12 s for the first page: time enough, speed is not what is tested here.
    page.setDefaultTimeout(30_000);
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(`${consoleUrl}statements?period=2026-Q1`);
    await page.getByRole('button', { name: `Sign in with 127.0.0.1:${new URL(provider.issuer).port}` }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByText('Signed in as').waitFor();
    return { page, urls };
  }

  it('signs a finance user in with a code and PKCE, keeps the token out of every URL, and reads the API', async () => {
    const { page, urls } = await signInAs('alice');
    expect(await page.getByText('Signed in as').textContent()).toContain('alice (finance)');
    // Back on the page the sign-in started from, without the code or state in the address bar.
    expect(page.url()).toBe(`${consoleUrl}statements?period=2026-Q1`);
    const token = await page.evaluate(() => sessionStorage.getItem('ledger.console.token'));
    const claims = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: provider.issuer, aud: provider.audience, sub: 'alice', role: 'finance' });
    const authorize = urls.find((url) => url.startsWith(`${provider.issuer}/auth?`));
    expect(new URL(authorize!).searchParams.get('code_challenge_method')).toBe('S256');
    expect(urls.filter((url) => url.includes(token!))).toEqual([]);
    expect(await page.evaluate(() => sessionStorage.getItem('ledger.console.oidc-pending'))).toBeNull();
    // The API accepted the provider's token: the statements table loaded.
    await page.getByRole('table', { name: 'Statements' }).waitFor();
    await page.context().close();
  }, 90_000);

  it('signs a partner user in with its partner id from the provider, and signs out', async () => {
    const { page } = await signInAs('paula');
    expect(await page.getByText('Signed in as').textContent()).toContain('paula (partner, partner p1)');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: /^Sign in with / }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('ledger.console.token'))).toBeNull();
    await page.context().close();
  }, 90_000);
});
