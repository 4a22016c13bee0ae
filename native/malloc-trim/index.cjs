// The compiled addon; `npm ci` builds it (node-gyp) as an optional dependency of the ledger.
module.exports = require('./build/Release/malloc_trim.node');
