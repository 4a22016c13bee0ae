import { describe, expect, it } from '@jest/globals';
import { consoleLink } from './console-link.js';

describe('ledger token --console', () => {
  it('links to the console of the configured host and port, the token in the fragment', () => {
    expect(consoleLink({ host: '127.0.0.1', port: 3917 }, 'a.b.c')).toBe('http://127.0.0.1:3917/console/#token=a.b.c');
    expect(consoleLink({ host: '0.0.0.0', port: 3000 }, 'a.b.c')).toBe('http://localhost:3000/console/#token=a.b.c');
    expect(consoleLink({ host: '::1', port: 3000 }, 'a.b.c')).toBe('http://[::1]:3000/console/#token=a.b.c');
  });
});
