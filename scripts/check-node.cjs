// Runs before `npm start`, `npm test` and `npm run ledger` (see package.json; `npm install` is stopped by
// engine-strict in .npmrc): on an older Node the native modules (better-sqlite3) crash with a segfault instead
// of an error, so stop first with one line saying what is needed. The compiled service and CLI check again
// (apps/ledger/src/node-version.ts). Plain CommonJS with old syntax, so that any Node old enough to fail runs it.
'use strict';

var fs = require('fs');
var path = require('path');

var requiredMajor = Number(fs.readFileSync(path.join(__dirname, '..', '.nvmrc'), 'utf8').trim());
var major = Number(process.version.replace(/^v/, '').split('.')[0]);
if (major < requiredMajor) {
  process.stderr.write(
    'Partner Ledger needs Node.js ' +
      requiredMajor +
      ' or newer, but this is Node.js ' +
      process.version +
      '. ' +
      'Install it with `nvm install` (reads .nvmrc) then `nvm use`, or from https://nodejs.org, ' +
      'and run the command again.\n',
  );
  process.exit(1);
}
