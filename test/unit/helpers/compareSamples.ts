// Builds the compare sample pair (samples/compare/): good.vmbstate, and changed.vmbstate, the same
// stream with GPADL 0xE002's second page number changed and PACKET 0x3 added. The bytes are
// committed; samples.compare.test.ts checks they are what this builds. Rewrite them with
// `node out/test/unit/helpers/compareSamples.js --write` (not run by the test runner: it needs --write).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHUNK_TYPES, concatBytes, crc32c, encodeChunk, FLAG_FINAL } from '../../../core/src';
import { beginPayload, channelStatePayload, endPayload, offerPayload, PayloadWriter } from './example';

function gpadl(id: number, pfns: [bigint, bigint]): Uint8Array {
  return new PayloadWriter()
    .u32(id)
    .u32(17)
    .u8(2)
    .u8(0)
    .u16(1)
    .u32(3)
    .u32(0x2000)
    .u32(0)
    .u64(pfns[0])
    .u64(pfns[1])
    .bytes();
}

function packet(txid: bigint, vsp: string): Uint8Array {
  const lib = new PayloadWriter().u32(0x11).u32(0x22).u32(0x33).u32(0x44).bytes();
  const v = new TextEncoder().encode(vsp);
  return concatBytes([new PayloadWriter().u64(txid).u32(lib.length).u32(v.length).bytes(), lib, v]);
}

function stream(payloads: [number, Uint8Array][]): Uint8Array {
  const chunks = payloads.map(([type, payload], sequence) => encodeChunk({ type, payload, sequence }));
  const n = chunks.length + 1;
  chunks.push(
    encodeChunk({
      type: CHUNK_TYPES.END,
      sequence: chunks.length,
      flags: FLAG_FINAL,
      payload: endPayload(n, crc32c(concatBytes(chunks))),
    }),
  );
  return concatBytes(chunks);
}

export function compareSamples(): { good: Uint8Array; changed: Uint8Array } {
  const T = CHUNK_TYPES;
  const head: [number, Uint8Array][] = [
    [T.BEGIN, beginPayload(0)],
    [T.OFFER, offerPayload()],
    // The ring GPADL 0xE001 has 2 pages: the host-to-guest ring starts at page 1 (CONTENT-RING-SHAPE).
    [T.CHANNEL_STATE, channelStatePayload(0xe001, 1)],
  ];
  const good = stream([
    ...head,
    [T.GPADL, gpadl(0xe001, [0x1000n, 0x1001n])],
    [T.GPADL, gpadl(0xe002, [0x2000n, 0x2001n])],
    [T.PACKET, packet(1n, 'first request')],
    [T.PACKET, packet(2n, 'second request')],
  ]);
  const changed = stream([
    ...head,
    [T.GPADL, gpadl(0xe001, [0x1000n, 0x1001n])],
    [T.GPADL, gpadl(0xe002, [0x2000n, 0x2101n])],
    [T.PACKET, packet(1n, 'first request')],
    [T.PACKET, packet(2n, 'second request')],
    [T.PACKET, packet(3n, 'third request')],
  ]);
  return { good, changed };
}

if (process.argv.includes('--write')) {
  const dir = join(__dirname, '..', '..', '..', '..', 'samples', 'compare');
  const { good, changed } = compareSamples();
  writeFileSync(join(dir, 'good.vmbstate'), good);
  writeFileSync(join(dir, 'changed.vmbstate'), changed);
  console.log(`wrote ${dir}/good.vmbstate (${good.length} bytes) and changed.vmbstate (${changed.length} bytes)`);
}
