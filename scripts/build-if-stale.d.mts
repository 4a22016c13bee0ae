// Types for the tests of build-if-stale.mjs.
export function newestSourceMtimeMs(folder?: string): number;
export function buildIsCurrent(folder?: string): boolean;
