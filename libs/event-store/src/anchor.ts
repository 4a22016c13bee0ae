import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { chainTextOf, eventChainGenesis, eventChainHash } from './event-chain.js';
import type { EventStore } from './event-store.port.js';

/**
 * A signed anchor: the head of the log's hash chain (position and hash) when it was taken, signed with
 * the auditor's Ed25519 key, which never lives in the data folder. `links` holds the first 8 bytes of every
 * event's chain hash in log order, so a later check names the first event that differs, not only that the
 * head moved. The chain is recomputed from the events themselves, through the store port: the hashes stored
 * beside the log are not trusted here, since whoever rewrites the log can rewrite them.
 */
export interface Anchor {
  readonly format: typeof anchorFormat;
  readonly position: string;
  readonly hash: string;
  readonly events: number;
  readonly links: string;
  readonly takenAt: string;
  /** `sha256:` and the hex SHA-256 of the public key (SPKI DER): which key signed, never a key to trust. */
  readonly keyFingerprint: string;
  /** Ed25519 over the canonical JSON of every other field, base64. */
  readonly signature: string;
}

export const anchorFormat = 'partner-ledger-anchor/1';
const linkBytes = 8;

export type AnchorVerdict =
  | { readonly ok: true; readonly position: bigint; readonly events: number }
  | { readonly ok: false; readonly position?: bigint; readonly reason: string };

export function keyFingerprint(publicKey: KeyObject): string {
  return `sha256:${createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')}`;
}

/** Every event of the log in order, with its chain hash recomputed from its content. */
export async function* logChainOf(
  store: Pick<EventStore, 'readAll'>,
): AsyncGenerator<{ position: bigint; hash: string }> {
  let previous = eventChainGenesis;
  let after = 0n;
  for (;;) {
    const batch = await store.readAll({ after, limit: 2000 });
    for (const event of batch) {
      previous = eventChainHash(previous, chainTextOf(event));
      after = event.position;
      yield { position: event.position, hash: previous };
    }
    if (batch.length < 2000) return;
  }
}

function signable(anchor: Omit<Anchor, 'signature'>): Buffer {
  const { format, position, hash, events, links, takenAt, keyFingerprint } = anchor;
  return Buffer.from(canonicalJson({ format, position, hash, events, links, takenAt, keyFingerprint }));
}

/** Takes an anchor of the whole log as it stands. */
export async function takeAnchor(store: EventStore, privateKey: KeyObject, takenAt: string): Promise<Anchor> {
  const links: Buffer[] = [];
  let head = { position: 0n, hash: eventChainGenesis };
  for await (const link of logChainOf(store)) {
    links.push(Buffer.from(link.hash.slice(0, linkBytes * 2), 'hex'));
    head = link;
  }
  const unsigned = {
    format: anchorFormat,
    position: head.position.toString(),
    hash: head.hash,
    events: links.length,
    links: Buffer.concat(links).toString('base64'),
    takenAt,
    keyFingerprint: keyFingerprint(createPublicKey(privateKey)),
  } as const;
  return { ...unsigned, signature: sign(null, signable(unsigned), privateKey).toString('base64') };
}

function isAnchor(value: unknown): value is Anchor {
  if (!value || typeof value !== 'object') return false;
  const anchor = value as Record<string, unknown>;
  const strings = ['position', 'hash', 'links', 'takenAt', 'keyFingerprint', 'signature'];
  return (
    anchor['format'] === anchorFormat &&
    strings.every((field) => typeof anchor[field] === 'string') &&
    /^\d+$/.test(anchor['position'] as string) &&
    Number.isSafeInteger(anchor['events'])
  );
}

/**
 * Checks that `value` is an anchor signed by `trustedKey` (from the configuration, never from the anchor or
 * the data folder), then that the log still begins with exactly the anchored events: the first one whose
 * recomputed link differs is named by its position in the log now.
 */
export async function checkAnchor(store: EventStore, value: unknown, trustedKey: KeyObject): Promise<AnchorVerdict> {
  if (!isAnchor(value)) return { ok: false, reason: `not an anchor (${anchorFormat})` };
  const trusted = keyFingerprint(trustedKey);
  if (value.keyFingerprint !== trusted) {
    return { ok: false, reason: `signed by key ${value.keyFingerprint}, not the trusted key ${trusted}` };
  }
  if (!verify(null, signable(value), trustedKey, Buffer.from(value.signature, 'base64'))) {
    return { ok: false, reason: 'bad signature: the anchor was altered or not signed by the trusted key' };
  }
  return matchPrefix(store, value);
}

async function matchPrefix(store: EventStore, anchor: Anchor): Promise<AnchorVerdict> {
  const links = Buffer.from(anchor.links, 'base64');
  const head = BigInt(anchor.position);
  let index = 0;
  let last = 0n;
  if (anchor.events === 0) return { ok: true, position: 0n, events: 0 };
  for await (const link of logChainOf(store)) {
    const anchored = links.subarray(index * linkBytes, (index + 1) * linkBytes).toString('hex');
    if (link.hash.slice(0, linkBytes * 2) !== anchored) {
      const reason = 'the event differs from the anchored log here (edited, inserted, or one before it removed)';
      return { ok: false, position: link.position, reason };
    }
    index += 1;
    last = link.position;
    if (index === anchor.events) {
      if (link.position !== head || link.hash !== anchor.hash) {
        return { ok: false, position: link.position, reason: 'the chain head differs from the anchored head' };
      }
      return { ok: true, position: head, events: index };
    }
  }
  return { ok: false, position: head, reason: `the log ends at position ${last}, before the anchored head` };
}
