import type { PartnerCommand } from '#domain';
import { metadata } from '#domain/testing';
import type { EventStore } from '../event-store.port.js';

/** Partner commands for the command-handling specs: a small, valid command per call. */
export const enroll = (partnerId: string, name = 'Acme'): PartnerCommand => ({
  type: 'EnrollPartner',
  data: { partnerId, name, kind: 'reseller', region: 'EMEA' },
  metadata: metadata(),
});

export const suspend = (partnerId: string, reason = 'audit'): PartnerCommand => ({
  type: 'SuspendPartner',
  data: { partnerId, reason },
  metadata: metadata(),
});

/** An event store that forwards to `store`, except for the operations given in `overrides`. */
export function delegatingTo(store: EventStore, overrides: Partial<EventStore>): EventStore {
  return {
    readStream: (stream, options) => store.readStream(stream, options),
    appendToStream: (stream, events, options) => store.appendToStream(stream, events, options),
    readAll: (options) => store.readAll(options),
    readAllOf: (options) => store.readAllOf(options),
    headPosition: () => store.headPosition(),
    onAppended: (listener) => store.onAppended(listener),
    withAppendScope: (scope, work) => store.withAppendScope(scope, work),
    commitPending: () => store.commitPending(),
    close: () => store.close(),
    ...overrides,
  };
}
