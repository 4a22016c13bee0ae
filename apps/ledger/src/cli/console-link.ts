import type { LedgerConfig } from '../config.js';

/**
 * The sign-in link of the console: the token rides in the fragment, which browsers never send to the
 * server (so it reaches no access log); the console moves it to session storage and drops it from the URL.
 */
export function consoleLink(config: Pick<LedgerConfig, 'host' | 'port'>, token: string): string {
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? 'localhost' : config.host;
  const authority = host.includes(':') ? `[${host}]` : host;
  return `http://${authority}:${config.port}/console/#token=${encodeURIComponent(token)}`;
}
