// VBSS v1 chunk layout: header offsets, chunk types, flags and limits (docs/format.md, "Chunk header").

import { crc32c, crc32cHeader32 } from './crc32c';
import type { ChunkHeader } from './model';

export const MAGIC_BYTES = [0x56, 0x42, 0x53, 0x43] as const; // "VBSC"
export const MAGIC = 0x43534256; // MAGIC_BYTES read as u32 LE
export const HEADER_SIZE = 32;
export const VERSION_MAJOR = 1;
export const VERSION_MINOR = 0;
export const DEFAULT_MAX_PAYLOAD = 0x10000;
export const ALIGN = 8;

export const OFF = {
  magic: 0,
  headerSize: 4,
  versionMajor: 5,
  versionMinor: 6,
  reserved0: 7,
  type: 8,
  flags: 10,
  sequence: 12,
  payloadLength: 16,
  payloadCrc: 20,
  reserved1: 24,
  headerCrc: 28,
} as const;

export const FLAG_FINAL = 0x0001;
export const FLAG_CONTINUES = 0x0002;
/** Bits 2..7: a reader that does not know one must refuse the chunk. */
export const FLAGS_MUST_UNDERSTAND = 0x00fc;
/** Bits 8..15: safe to ignore. */
export const FLAGS_IGNORABLE = 0xff00;

export const CHUNK_TYPES = {
  BEGIN: 0x0001,
  OFFER: 0x0002,
  CHANNEL_STATE: 0x0003,
  GPADL: 0x0004,
  PACKET: 0x0005,
  PENDING_MESSAGE: 0x0006,
  END: 0x7fff,
  NOTE: 0x8001,
  RING: 0x8010,
} as const;

export type ChunkTypeName = keyof typeof CHUNK_TYPES;
export const CHUNK_TYPE_NAMES = Object.keys(CHUNK_TYPES) as ChunkTypeName[];

const TYPE_BY_VALUE = new Map<number, ChunkTypeName>();
for (const name of CHUNK_TYPE_NAMES) TYPE_BY_VALUE.set(CHUNK_TYPES[name], name);

export function chunkTypeName(type: number): string {
  return TYPE_BY_VALUE.get(type) ?? `0x${type.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function chunkTypeFromName(name: string): number | undefined {
  const key = name.toUpperCase();
  if (key in CHUNK_TYPES) return CHUNK_TYPES[key as ChunkTypeName];
  const n = /^0x[0-9a-f]{1,4}$/i.test(name) ? parseInt(name, 16) : NaN;
  return Number.isNaN(n) ? undefined : n;
}

export function isKnownType(type: number): boolean {
  return TYPE_BY_VALUE.has(type);
}

/** 0x8000..0xFFFF: a reader may skip an unknown one. */
export function isOptionalType(type: number): boolean {
  return (type & 0x8000) !== 0;
}

/** Round up to a multiple of 8; arithmetic, not bitwise, so u32 lengths above 2^31 stay positive. */
export function align8(n: number): number {
  return n + ((8 - (n % 8)) % 8);
}

export function flagNames(flags: number): string[] {
  const names: string[] = [];
  if (flags & FLAG_FINAL) names.push('FINAL');
  if (flags & FLAG_CONTINUES) names.push('CONTINUES');
  for (let bit = 2; bit < 16; bit++) if (flags & (1 << bit)) names.push(`bit${bit}`);
  return names;
}

/** The 32-byte header at b[at..]: read in place, byte by byte (no view or copy per chunk). */
export function readHeader(b: Uint8Array, at: number): ChunkHeader {
  if (!(at >= 0 && at + HEADER_SIZE <= b.length)) throw new RangeError(`no whole chunk header at offset ${at}`);
  const u16 = (o: number) => b[at + o] | (b[at + o + 1] << 8);
  const u32 = (o: number) => (b[at + o] | (b[at + o + 1] << 8) | (b[at + o + 2] << 16) | (b[at + o + 3] << 24)) >>> 0;
  return {
    magic: u32(OFF.magic),
    headerSize: b[at + OFF.headerSize],
    versionMajor: b[at + OFF.versionMajor],
    versionMinor: b[at + OFF.versionMinor],
    reserved0: b[at + OFF.reserved0],
    type: u16(OFF.type),
    flags: u16(OFF.flags),
    sequence: u32(OFF.sequence),
    payloadLength: u32(OFF.payloadLength),
    payloadCrc: u32(OFF.payloadCrc),
    reserved1: u32(OFF.reserved1),
    headerCrc: u32(OFF.headerCrc),
  };
}

/** CRC-32C of the header bytes [at, at+size) with the HeaderCrc32c field taken as zero. */
export function headerCrc(b: Uint8Array, at: number, size: number): number {
  if (size === HEADER_SIZE) return crc32cHeader32(b, at);
  let c = crc32c(b, at, at + OFF.headerCrc);
  c = crc32c(ZERO4, 0, 4, c);
  return crc32c(b, at + OFF.headerCrc + 4, at + size, c);
}
const ZERO4 = new Uint8Array(4);

export interface EncodeChunkOptions {
  type: number;
  payload: Uint8Array;
  sequence: number;
  flags?: number;
  /** Explicit header values; anything left out is computed. */
  magic?: number;
  headerSize?: number;
  versionMajor?: number;
  versionMinor?: number;
  reserved0?: number;
  payloadLength?: number;
  payloadCrc?: number;
  reserved1?: number;
  headerCrc?: number;
  /** Byte used for the alignment padding (0 unless a fixture breaks it on purpose). */
  padByte?: number;
}

/** Encode one chunk: header (HeaderSize bytes), payload, zero padding to 8. */
export function encodeChunk(o: EncodeChunkOptions): Uint8Array {
  const hsize = o.headerSize ?? HEADER_SIZE;
  const hlen = framedHeaderSize(hsize);
  const total = hlen + align8(o.payload.length);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(OFF.magic, o.magic ?? MAGIC, true);
  dv.setUint8(OFF.headerSize, hsize & 0xff);
  dv.setUint8(OFF.versionMajor, o.versionMajor ?? VERSION_MAJOR);
  dv.setUint8(OFF.versionMinor, o.versionMinor ?? VERSION_MINOR);
  dv.setUint8(OFF.reserved0, o.reserved0 ?? 0);
  dv.setUint16(OFF.type, o.type, true);
  dv.setUint16(OFF.flags, o.flags ?? 0, true);
  dv.setUint32(OFF.sequence, o.sequence >>> 0, true);
  dv.setUint32(OFF.payloadLength, (o.payloadLength ?? o.payload.length) >>> 0, true);
  dv.setUint32(OFF.payloadCrc, (o.payloadCrc ?? crc32c(o.payload)) >>> 0, true);
  dv.setUint32(OFF.reserved1, (o.reserved1 ?? 0) >>> 0, true);
  out.set(o.payload, hlen);
  if (o.padByte) out.fill(o.padByte, hlen + o.payload.length);
  dv.setUint32(OFF.headerCrc, (o.headerCrc ?? headerCrc(out, 0, hlen)) >>> 0, true);
  return out;
}

/** Whether HeaderSize is allowed for the header's version (§2.1): 32 in x.0, a multiple of 8 of at least 32 in a later minor version. */
export function headerSizeValid(h: Pick<ChunkHeader, 'headerSize' | 'versionMinor'>): boolean {
  return h.headerSize >= HEADER_SIZE && h.headerSize % 8 === 0 && (h.versionMinor > 0 || h.headerSize === HEADER_SIZE);
}

/**
 * Header bytes a chunk is framed with: max(HeaderSize, 32), valid or not (docs/format.md §2), so
 * a chunk with a wrong HeaderSize still spans what its writer (and `.chunk hsize=`) put there.
 */
export function framedHeaderSize(headerSize: number): number {
  return Math.max(headerSize, HEADER_SIZE);
}

/** Bytes a chunk occupies given its header fields: max(HeaderSize, 32) + align8(PayloadLength). */
export function chunkSpan(h: Pick<ChunkHeader, 'headerSize' | 'payloadLength'>): number {
  return framedHeaderSize(h.headerSize) + align8(h.payloadLength);
}
