// First: stops an unsupported Node.js before any native module loads.
import './node-version.js';
import { enableCompileCache } from 'node:module';

/*
 * The service's 2,500 modules are compiled once and their V8 code cached on disk (NODE_COMPILE_CACHE, or
 * node-compile-cache in the system's temporary folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off): a
 * restart then loads them instead of compiling them again. Only the modules imported after this line are
 * cached, hence the dynamic import. A folder that cannot be written leaves the start as it was.
 */
enableCompileCache();
const { serve } = await import('./serve.js');
await serve();
