// The decoder's fast path (core/src/quickCheck.ts) against the full check it stands in for
// (inspectChunk), on valid and damaged PACKET chunks; the 32-byte header CRC; the JS fallback.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHUNK_TYPES,
  concatBytes,
  crc32cHeader32,
  crc32cJs,
  decodeBinary,
  encodeChunk,
  FLAG_FINAL,
  headerCrc,
  inspectChunk,
  OFF,
  quickPacket,
  setNativeCrc32c,
  type InspectContext,
} from '../../core/src';
import { useNativeCrc32c } from '../../core/src/node/nativeCrc32c';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** A PACKET chunk with LibState and VspState of the given lengths (its CRCs right). */
function packet(rand: () => number, lib: number, vsp: number, seq = 0): Uint8Array {
  const p = new Uint8Array(16 + lib + vsp);
  const dv = new DataView(p.buffer);
  dv.setUint32(0, seq, true);
  dv.setUint32(8, lib, true);
  dv.setUint32(12, vsp, true);
  for (let i = 16; i < p.length; i++) p[i] = (rand() * 256) | 0;
  return encodeChunk({ type: CHUNK_TYPES.PACKET, payload: p, sequence: seq });
}

const CONTEXTS: InspectContext[] = [
  { maxPayload: 0x10000 },
  { maxPayload: 0x10000, streamVersion: { major: 1, minor: 0 } },
  { maxPayload: 0x10000, streamVersion: { major: 1, minor: 1 } },
  { maxPayload: 64 },
  { maxPayload: 0x10000, continuing: true },
  { maxPayload: 0x10000, continuing: false },
];

/** quickPacket passes a chunk only when inspectChunk finds nothing, and then agrees on every fact. */
function agree(b: Uint8Array, pos: number, limit: number, what: string): boolean {
  let passed = false;
  for (const ctx of CONTEXTS) {
    const quick = quickPacket(b, pos, limit, ctx);
    const full = inspectChunk(b, pos, limit, { ...ctx });
    const clean =
      full.issues.length === 0 &&
      full.header?.type === CHUNK_TYPES.PACKET &&
      full.header.headerSize === 32 &&
      // A record fragment (CONTINUES, or after it) has no payload decoded: left to inspectChunk.
      full.payload !== undefined;
    assert.equal(quick !== undefined, clean, `${what}, ctx ${JSON.stringify(ctx)}: ${JSON.stringify(full.issues)}`);
    if (!quick) continue;
    passed = true;
    // Same keys in the same order (JSON of a node keeps them) and the same values.
    assert.equal(JSON.stringify(quick), JSON.stringify(full.header), what);
    assert.equal(full.headerLen, 32);
    assert.ok(full.complete && full.payload, what);
    assert.equal(quick.headerCrc, full.computedHeaderCrc, what);
    assert.equal(quick.payloadCrc, full.computedPayloadCrc, what);
  }
  return passed;
}

test('crc32cHeader32 is the CRC-32C of 28 header bytes and four zero bytes, at any offset', () => {
  const rand = rng(5);
  for (let n = 0; n < 200; n++) {
    const b = Uint8Array.from({ length: 48 }, () => (rand() * 256) | 0);
    const at = n % 17;
    const zeroed = b.slice(at, at + 32);
    zeroed.fill(0, 28);
    assert.equal(crc32cHeader32(b, at), crc32cJs(zeroed), `offset ${at}`);
    assert.equal(headerCrc(b, at, 32), crc32cJs(zeroed));
  }
});

test('quickPacket agrees with inspectChunk on valid PACKETs of every padding and both CRC implementations', () => {
  const rand = rng(9);
  for (const native of [false, true]) {
    try {
      if (native) assert.equal(useNativeCrc32c(), 'native');
      for (let lib = 0; lib < 9; lib++) {
        for (const vsp of [0, 1, 5, 300, 1000]) {
          const c = packet(rand, lib, vsp);
          assert.ok(agree(c, 0, c.length, `lib ${lib} vsp ${vsp}`), `lib ${lib} vsp ${vsp} takes the fast path`);
          // A chunk in the middle of a buffer, and a buffer cut inside it.
          const buf = concatBytes([new Uint8Array(8), c, new Uint8Array(8)]);
          assert.ok(agree(buf, 8, buf.length, 'inside a buffer'));
          agree(buf, 8, 8 + c.length - 1, 'cut by one byte');
          agree(buf, 8, 8 + 31, 'cut inside the header');
        }
      }
    } finally {
      setNativeCrc32c(undefined);
    }
  }
});

test('quickPacket leaves every damaged or unusual chunk to inspectChunk', () => {
  const rand = rng(21);
  const base = packet(rand, 20, 101); // 137 payload bytes, 7 of padding
  const fields: [number, number][] = [
    [OFF.magic, 4],
    [OFF.headerSize, 1],
    [OFF.versionMajor, 1],
    [OFF.versionMinor, 1],
    [OFF.reserved0, 1],
    [OFF.type, 2],
    [OFF.flags, 2],
    [OFF.sequence, 4],
    [OFF.payloadLength, 4],
    [OFF.payloadCrc, 4],
    [OFF.reserved1, 4],
    [OFF.headerCrc, 4],
  ];
  let cases = 0;
  let fast = 0;
  for (let n = 0; n < 600; n++) {
    const c = base.slice();
    const dv = new DataView(c.buffer);
    const [off, size] = fields[n % fields.length];
    const kind = Math.floor(n / fields.length) % 4;
    // Values that hit the checks: single bits, small numbers, known flags and types.
    const v = [1 << (n % (size * 8)), n % 7, [FLAG_FINAL, 2, 4, 0x100, 0x8000][n % 5], (rand() * 2 ** 32) >>> 0][kind];
    if (size === 1) c[off] = v & 0xff;
    else if (size === 2) dv.setUint16(off, v & 0xffff, true);
    else dv.setUint32(off, v >>> 0, true);
    if (n % 3 === 0) c[32 + 4 + (n % 16)] ^= 1 << (n % 8); // payload (TransactionId, the lengths) too
    if (n % 5 === 0) c[c.length - 1] = 1; // padding
    // Most cases fix the CRCs up, so the change itself is what the checks see.
    if (n % 4 !== 3 && off !== OFF.payloadCrc) dv.setUint32(OFF.payloadCrc, crc32cJs(c, 32, 32 + 137), true);
    if (n % 4 !== 3 && off !== OFF.headerCrc) dv.setUint32(OFF.headerCrc, headerCrc(c, 0, 32), true);
    if (agree(c, 0, c.length, `case ${n}: offset ${off} = ${v}`)) fast++;
    cases++;
  }
  assert.equal(cases, 600);
  // Harmless changes (Sequence, TransactionId, ignorable flag bits, minor version) keep the fast path.
  assert.ok(fast > 10 && fast < 300, `${fast} of ${cases} took the fast path`);
  // A PACKET whose lengths do not add up, with right CRCs: CONTENT-LENGTH, not the fast path.
  const bad = packet(rand, 4, 4);
  new DataView(bad.buffer).setUint32(32 + 8, 5, true);
  new DataView(bad.buffer).setUint32(OFF.payloadCrc, crc32cJs(bad, 32, 32 + 24), true);
  new DataView(bad.buffer).setUint32(OFF.headerCrc, headerCrc(bad, 0, 32), true);
  assert.equal(agree(bad, 0, bad.length, 'lengths'), false);
});

test('decodeBinary gives the same document with the native CRC-32C and with the JavaScript fallback', () => {
  const rand = rng(33);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < 40; i++) parts.push(packet(rand, i % 20, (rand() * 600) | 0, i));
  // Damage: a payload byte (CRC-PAYLOAD), a header byte (CRC-HEADER), junk between chunks (FRAME-MAGIC).
  parts[5][40] ^= 1;
  parts[9][OFF.sequence] ^= 1;
  parts.splice(20, 0, new Uint8Array(16).fill(0xee));
  const bytes = concatBytes(parts);
  const json = (native: boolean) => {
    try {
      if (native) assert.equal(useNativeCrc32c(), 'native');
      return JSON.stringify(decodeBinary(bytes), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    } finally {
      setNativeCrc32c(undefined);
    }
  };
  const js = json(false);
  assert.equal(json(true), js);
  const codes = (JSON.parse(js) as { problems: { code: string }[] }).problems.map((p) => p.code);
  assert.ok(codes.includes('CRC-PAYLOAD') && codes.includes('CRC-HEADER') && codes.includes('FRAME-MAGIC'), `${codes}`);
});
