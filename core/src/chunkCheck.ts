// Stateless inspection of one chunk at b[pos..limit): the header, its span, and every framing,
// CRC and content issue in the order the emulated restore checks them (docs/format.md,
// "Check order"). The decoder reports all of them; the emulator fails on the first error.

import { crc32c } from './crc32c';
import { hex, isZero } from './fieldReader';
import {
  align8,
  chunkTypeName,
  CHUNK_TYPES,
  FLAG_CONTINUES,
  FLAG_FINAL,
  FLAGS_MUST_UNDERSTAND,
  framedHeaderSize,
  HEADER_SIZE,
  headerCrc,
  headerSizeValid,
  isKnownType,
  isOptionalType,
  MAGIC,
  MAGIC_BYTES,
  OFF,
  readHeader,
  VERSION_MAJOR,
} from './layout';
import type { ByteRange, ChunkHeader } from './model';
import { decodePayload } from './payload';
import type { DecodedPayload } from './payloadRecords';
import type { DiagnosticCode } from './diagnostics';

export interface ChunkIssue {
  code: DiagnosticCode;
  message: string;
  bytes: ByteRange;
  severity: 'error' | 'warning';
  related?: { message: string; bytes: ByteRange }[];
}

export interface InspectContext {
  /** MaxPayloadLength from BEGIN, or the stream default. */
  maxPayload: number;
  /** Version of the stream's BEGIN, once known. */
  streamVersion?: { major: number; minor: number };
  /** The previous chunk carried CONTINUES: this one is a fragment of the same record. */
  continuing?: boolean;
}

export interface ChunkInspection {
  at: number;
  header?: ChunkHeader;
  /** Header bytes the chunk is framed with: max(HeaderSize, 32), valid or not. */
  headerLen: number;
  /** Bytes the chunk claims: headerLen + align8(PayloadLength). */
  span: number;
  /** Whether all claimed bytes are present before `limit`. */
  complete: boolean;
  computedHeaderCrc?: number;
  computedPayloadCrc?: number;
  issues: ChunkIssue[];
  payload?: DecodedPayload;
}

function hasMagic(b: Uint8Array, at: number, limit: number): boolean {
  for (let i = 0; i < 4; i++) if (at + i >= limit || b[at + i] !== MAGIC_BYTES[i]) return false;
  return true;
}

/** Next offset after `from` (8-aligned relative to `base`) where a chunk magic starts, or `limit`. */
export function resync(b: Uint8Array, base: number, from: number, limit: number): number {
  let at = base + align8(from - base + 1);
  for (; at + 4 <= limit; at += 8) if (hasMagic(b, at, limit)) return at;
  return limit;
}

const r = (start: number, len: number): ByteRange => ({ start, end: start + len });

export function inspectChunk(b: Uint8Array, pos: number, limit: number, ctx: InspectContext): ChunkInspection {
  const issues: ChunkIssue[] = [];
  const err = (code: DiagnosticCode, message: string, bytes: ByteRange, related?: ChunkIssue['related']) =>
    issues.push({ code, message, bytes, severity: 'error', ...(related ? { related } : {}) });
  const avail = limit - pos;
  if (avail < HEADER_SIZE) {
    err(
      'SIZE-HEADER',
      `Buffer ends ${avail} byte(s) into a chunk header; a header is ${HEADER_SIZE} bytes. Restore buffers must hold whole chunks.`,
      { start: pos, end: limit },
    );
    return { at: pos, headerLen: HEADER_SIZE, span: HEADER_SIZE, complete: false, issues };
  }
  const h = readHeader(b, pos);
  if (h.magic !== MAGIC) {
    err(
      'FRAME-MAGIC',
      `Chunk magic is ${hex(h.magic, 8)} (${magicText(b, pos)}), expected "VBSC" (56 42 53 43).`,
      r(pos + OFF.magic, 4),
    );
  }
  if (h.versionMajor !== VERSION_MAJOR) {
    err(
      'VER-MAJOR',
      `Format version ${h.versionMajor}.${h.versionMinor}: this restore understands major version ${VERSION_MAJOR} only.`,
      r(pos + OFF.versionMajor, 1),
    );
  }
  // A chunk is framed with max(HeaderSize, 32) header bytes whether HeaderSize is valid or not.
  const headerLen = framedHeaderSize(h.headerSize);
  const hsizeOk = headerSizeValid(h);
  if (hsizeOk && headerLen > avail) {
    err(
      'SIZE-HEADER',
      `Buffer ends ${avail} byte(s) into a chunk header of HeaderSize ${h.headerSize}. Restore buffers must hold whole chunks.`,
      { start: pos, end: limit },
    );
    return { at: pos, header: h, headerLen, span: headerLen + align8(h.payloadLength), complete: false, issues };
  }
  // The CRC covers the HeaderSize bytes when they are present, else the 32 bytes that are.
  const computedHeaderCrc = headerCrc(b, pos, headerLen <= avail ? headerLen : HEADER_SIZE);
  if (computedHeaderCrc !== h.headerCrc) {
    err(
      'CRC-HEADER',
      `HeaderCrc32c is ${hex(h.headerCrc, 8)}, the header's CRC-32C is ${hex(computedHeaderCrc, 8)}.`,
      r(pos + OFF.headerCrc, 4),
    );
  }
  if (!hsizeOk) {
    err(
      'FRAME-HSIZE',
      `HeaderSize ${h.headerSize} is invalid: version ${h.versionMajor}.${h.versionMinor} needs ${h.versionMinor > 0 ? 'a multiple of 8, at least 32' : '32'}. The chunk is framed with a ${headerLen}-byte header.`,
      r(pos + OFF.headerSize, 1),
    );
  }
  if (h.reserved0 !== 0) err('FRAME-RESERVED', `Reserved0 must be zero, is ${h.reserved0}.`, r(pos + OFF.reserved0, 1));
  if (h.reserved1 !== 0)
    err('FRAME-RESERVED', `Reserved1 must be zero, is ${hex(h.reserved1, 8)}.`, r(pos + OFF.reserved1, 4));
  if (
    ctx.streamVersion &&
    (h.versionMajor !== ctx.streamVersion.major || h.versionMinor !== ctx.streamVersion.minor) &&
    h.versionMajor === VERSION_MAJOR
  ) {
    err(
      'VER-MIXED',
      `Chunk version ${h.versionMajor}.${h.versionMinor} differs from the stream's ${ctx.streamVersion.major}.${ctx.streamVersion.minor} (BEGIN).`,
      r(pos + OFF.versionMajor, 2),
    );
  }
  if (h.payloadLength > ctx.maxPayload) {
    err(
      'FRAME-LENGTH',
      `PayloadLength ${h.payloadLength} exceeds MaxPayloadLength ${ctx.maxPayload}.`,
      r(pos + OFF.payloadLength, 4),
    );
  }
  const unknownFlags = h.flags & FLAGS_MUST_UNDERSTAND;
  if (unknownFlags)
    err(
      'UNSUP-FLAG',
      `Flags ${hex(unknownFlags, 4)} are must-understand bits this version does not define.`,
      r(pos + OFF.flags, 2),
    );
  const isEnd = h.type === CHUNK_TYPES.END;
  if ((h.flags & FLAG_FINAL) !== 0 && !isEnd)
    err(
      'FRAME-FINAL',
      `FINAL is set on a ${chunkTypeName(h.type)} chunk; only END carries FINAL.`,
      r(pos + OFF.flags, 2),
    );
  if (isEnd && (h.flags & FLAG_FINAL) === 0)
    err('FRAME-FINAL', 'END must carry the FINAL flag.', r(pos + OFF.flags, 2));
  const span = headerLen + align8(h.payloadLength);
  const complete = span <= avail;
  if (!complete) {
    err(
      'SIZE-PARTIAL',
      `Chunk needs ${span} bytes (header ${headerLen} + payload ${h.payloadLength} + padding), the buffer holds ${avail}: it ends inside this chunk. Restore buffers must hold whole chunks.`,
      r(pos + OFF.payloadLength, 4),
      [{ message: 'Buffer ends here', bytes: { start: limit, end: limit } }],
    );
    return { at: pos, header: h, headerLen, span, complete, computedHeaderCrc, issues };
  }
  const pStart = pos + headerLen;
  const pEnd = pStart + h.payloadLength;
  if (!isZero(b, pEnd, pos + span))
    err('FRAME-PADDING', 'Alignment padding after the payload must be zero.', { start: pEnd, end: pos + span });
  const computedPayloadCrc = crc32c(b, pStart, pEnd);
  if (computedPayloadCrc !== h.payloadCrc) {
    err(
      'CRC-PAYLOAD',
      `PayloadCrc32c is ${hex(h.payloadCrc, 8)}, the payload's CRC-32C is ${hex(computedPayloadCrc, 8)}.`,
      r(pos + OFF.payloadCrc, 4),
      [{ message: 'Payload covered by the CRC', bytes: { start: pStart, end: pEnd } }],
    );
  }
  if (!isKnownType(h.type)) {
    if (isOptionalType(h.type)) {
      issues.push({
        code: 'WARN-OPTIONAL-TYPE',
        message: `Chunk type ${chunkTypeName(h.type)} is unknown and optional: restore skips it.`,
        bytes: r(pos + OFF.type, 2),
        severity: 'warning',
      });
    } else {
      err(
        'UNSUP-TYPE',
        `Chunk type ${chunkTypeName(h.type)} is unknown and mandatory (0x0001..0x7FFF).`,
        r(pos + OFF.type, 2),
      );
    }
  }
  let payload: DecodedPayload | undefined;
  // A fragment of a record split by CONTINUES is checked once the record is whole (emulator).
  const fragment = (h.flags & FLAG_CONTINUES) !== 0 || ctx.continuing === true;
  if (!fragment) {
    payload = decodePayload(h.type, b, pStart, pEnd, false);
    for (const i of payload.issues) err(i.code, i.message, { start: i.start, end: i.end });
    if (h.type === CHUNK_TYPES.NOTE) {
      const bad = noteUtf8Issue(b, pStart, pEnd);
      if (bad) issues.push(bad);
    }
  }
  return { at: pos, header: h, headerLen, span, complete, computedHeaderCrc, computedPayloadCrc, issues, payload };
}

/** WARN-NOTE-UTF8 when a NOTE's text at b[start, end) is not valid UTF-8 (docs/format.md, NOTE). */
export function noteUtf8Issue(b: Uint8Array, start: number, end: number): ChunkIssue | undefined {
  const at = firstInvalidUtf8(b, start, end);
  if (at < 0) return undefined;
  return {
    code: 'WARN-NOTE-UTF8',
    message: `NOTE text is not valid UTF-8 from payload offset ${at - start} on: it is shown with U+FFFD, and restore keeps nothing of it.`,
    bytes: { start: at, end: at + 1 },
    severity: 'warning',
  };
}

/**
 * Offset of the first byte that cannot start or continue a UTF-8 sequence (RFC 3629: no overlong
 * forms, surrogates or values above U+10FFFF), or of the lead byte of a sequence cut by `end`; -1
 * when b[start, end) is valid. One pass, so a NOTE of any length costs its length.
 */
export function firstInvalidUtf8(b: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0) return i;
    // The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and > U+10FFFF (F4).
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      // A sequence cut by the end is invalid at its lead byte, once the bytes present are fine.
      if (i + k >= end) return i;
      const v = b[i + k];
      if (v < (k === 1 ? lo : 0x80) || v > (k === 1 ? hi : 0xbf)) return i + k;
    }
    i += n + 1;
  }
  return -1;
}

/**
 * The 4 magic bytes for a message, in quotes: printable ASCII as itself except the quote and the
 * backslash, every other byte as "." (the bytes are input: nothing may reach a terminal raw).
 */
export function magicText(b: Uint8Array, at: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) {
    const c = b[at + i];
    s += c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? String.fromCharCode(c) : '.';
  }
  return `"${s}"`;
}
