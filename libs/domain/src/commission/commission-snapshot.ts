import { PersistentMap } from '../persistent-map.js';
import { decodePlain, encodePlain, type PlainStructure } from '../plain-codec.js';
import type { CommissionState } from './commission.state.js';

/**
 * The commission engine's state as a plain structure, for a snapshot on disk (libs/read-models), and
 * back. Generic over the state's shape (plain-codec.ts): a field added to the state needs no change here.
 */
export function encodeCommissionState(state: CommissionState): PlainStructure {
  return encodePlain(state);
}

/** The state `encodeCommissionState` was given; throws when the structure is not one. */
export function decodeCommissionState(plain: PlainStructure): CommissionState {
  return asCommissionState(decodePlain(plain));
}

/**
 * A value decoded from a plain structure (decodePlain, or PlainDecoding run in steps) as the engine's
 * state; throws when it is not one.
 */
export function asCommissionState(decoded: unknown): CommissionState {
  const state = decoded as Partial<CommissionState> | null;
  const wellFormed =
    typeof state === 'object' &&
    state !== null &&
    typeof state.position === 'bigint' &&
    Array.isArray(state.ruleSets) &&
    Array.isArray(state.closedPeriods) &&
    state.partners instanceof PersistentMap &&
    state.deals instanceof PersistentMap;
  if (!wellFormed) throw new Error('Not a commission engine state');
  return state as CommissionState;
}
