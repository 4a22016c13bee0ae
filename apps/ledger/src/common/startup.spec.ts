import { describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { packageVersion, storeDescription } from './startup.js';

describe('the startup line', () => {
  it('names the SQLite folder as an absolute path', () => {
    expect(storeDescription({ eventStore: { kind: 'sqlite' }, dataDir: './data' })).toBe(
      `sqlite at ${resolve('./data')}`,
    );
  });

  it('names the EventStoreDB endpoint without the credentials of its connection string', () => {
    const connectionString = 'esdb+discover://admin:changeit@node1:2113,node2:2113?tls=true';
    expect(storeDescription({ eventStore: { kind: 'esdb', connectionString }, dataDir: './data' })).toBe(
      'esdb at esdb+discover://node1:2113,node2:2113?tls=true',
    );
  });

  it('reads the version from package.json', () => {
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
