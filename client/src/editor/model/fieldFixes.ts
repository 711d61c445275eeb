// Byte twins of the text form's field fixes (core/src/fixes.ts kinds headerDefault, padding,
// rangeBufferWords, identityBegin): write the value restore wants into the header or payload and
// reseal what covers it, as one undoable ByteEdit. Pure; applied and re-analysed in unit tests.

import {
  align8,
  HEADER_SIZE,
  MAGIC,
  MAGIC_BYTES,
  OFF,
  readHeader,
  VERSION_MAJOR,
  VERSION_MINOR,
  parseGuid,
  type ChannelConfig,
} from '../../../../core/src';
import { type ByteEdit, EditError } from './bytes';
import { type ChunkRange, EditBuilder, hasHeader, headerLength, readU32, resealChunk } from './seal';

const at16 = (n: number) => `0x${n.toString(16).toUpperCase()}`;
const framed = (b: Uint8Array, at: number) => hasHeader(b, at) && readHeader(b, at).magic === MAGIC;

/** The stream's ranges with the chunk at `at` in them (a chunk with a bad magic is raw bytes to the decoder). */
function withChunk(b: Uint8Array, chunks: readonly ChunkRange[], at: number): ChunkRange[] {
  if (chunks.some((c) => c.start === at)) return [...chunks];
  const end = Math.min(b.length, at + headerLength(b, at) + align8(readHeader(b, at).payloadLength));
  return [...chunks, { start: at, end }].sort((x, y) => x.start - y.start);
}

/**
 * headerDefault: the magic "VBSC", reserved fields 0, and the version of the stream's first chunk
 * (BEGIN) when that is a version-1 chunk other than this one, else 1.0; then the header CRC and,
 * when END asks for one, the stream CRC.
 */
export function writeHeaderDefaults(b: Uint8Array, chunks: readonly ChunkRange[], at: number): ByteEdit | undefined {
  if (at < 0 || at + HEADER_SIZE > b.length) throw new EditError(`no whole chunk header at ${at16(at)}`);
  const w = new EditBuilder(b);
  w.write(at, Uint8Array.from(MAGIC_BYTES));
  const first = chunks.find((c) => c.start !== at && framed(b, c.start));
  const ref =
    first && first.start < at && readHeader(b, first.start).versionMajor === VERSION_MAJOR
      ? readHeader(b, first.start)
      : undefined;
  w.write(at + OFF.versionMajor, Uint8Array.of(ref?.versionMajor ?? VERSION_MAJOR, ref?.versionMinor ?? VERSION_MINOR));
  w.write(at + OFF.reserved0, Uint8Array.of(0));
  w.writeU32(at + OFF.reserved1, 0);
  resealChunk(w, withChunk(w.bytes, chunks, at), at, false);
  return w.finish(`Write the default header values of the chunk at ${at16(at)}`, { start: at, end: at + HEADER_SIZE });
}

/** padding: the bytes between the payload and the next 8-byte boundary become zero; the stream CRC follows. */
export function zeroPadding(b: Uint8Array, chunks: readonly ChunkRange[], at: number): ByteEdit | undefined {
  if (!framed(b, at)) throw new EditError(`no chunk starts at ${at16(at)}`);
  const len = readHeader(b, at).payloadLength;
  const from = at + headerLength(b, at) + len;
  const to = Math.min(b.length, at + headerLength(b, at) + align8(len));
  if (from >= to) return undefined;
  const w = new EditBuilder(b);
  w.write(from, new Uint8Array(to - from));
  resealChunk(w, chunks, at, false);
  return w.finish(`Zero the padding of the chunk at ${at16(at)}`, { start: from, end: to });
}

/** rangeBufferWords: a GPADL's RangeBufferWords becomes (PayloadLength − 16) / 8, the words its ranges fill. */
export function fixRangeBufferWords(b: Uint8Array, chunks: readonly ChunkRange[], at: number): ByteEdit | undefined {
  if (!framed(b, at)) throw new EditError(`no chunk starts at ${at16(at)}`);
  const len = readHeader(b, at).payloadLength;
  const p = at + headerLength(b, at);
  if (len < 16 || (len - 16) % 8 !== 0 || p + 16 > b.length)
    throw new EditError(`PayloadLength ${len} is not 16 + 8 × words: fix PayloadLength instead`);
  const words = (len - 16) / 8;
  if (readU32(b, p + 12) === words) return undefined;
  const w = new EditBuilder(b);
  w.writeU32(p + 12, words);
  resealChunk(w, chunks, at, true);
  return w.finish(`Set RangeBufferWords to ${words}`, { start: p + 12, end: p + 16 });
}

/** BEGIN's identity fields, by offset in its payload, and the channel setting each must equal. */
export const BEGIN_IDENTITY = [
  { off: 0, field: 'InterfaceType', key: 'interfaceType' },
  { off: 16, field: 'InterfaceInstance', key: 'interfaceInstance' },
  { off: 32, field: 'SubchannelIndex', key: 'subchannelIndex' },
] as const;

/** identityBegin: BEGIN's identity field at payload offset `off` takes the channel's value. */
export function writeBeginIdentity(
  b: Uint8Array,
  chunks: readonly ChunkRange[],
  at: number,
  off: number,
  channel: Partial<ChannelConfig>,
): ByteEdit | undefined {
  const id = BEGIN_IDENTITY.find((x) => x.off === off);
  const want = id && channel[id.key];
  if (!id || want === undefined) throw new EditError(`the channel sets no identity field at BEGIN offset ${off}`);
  if (!framed(b, at)) throw new EditError(`no chunk starts at ${at16(at)}`);
  const bytes = typeof want === 'string' ? parseGuid(want) : Uint8Array.of(want & 0xff, (want >>> 8) & 0xff);
  if (!bytes) throw new EditError(`the channel's ${id.field} is not a GUID`);
  const p = at + headerLength(b, at) + off;
  const w = new EditBuilder(b);
  w.write(p, bytes);
  resealChunk(w, chunks, at, true);
  return w.finish(`Set BEGIN ${id.field} to the channel's`, { start: p, end: p + bytes.length });
}
