// Content quick fixes of the binary editor, the byte twins of the text form's (server/src/
// contentFixes.ts, framingFixes.ts): GPADL ChannelId := the OFFER's, RingGpadlId := an Accepted GPADL or that GPADL's
// State := Accepted, an unknown mandatory type made optional, a refused chunk deleted, a missing
// END appended, BEGIN's identity set to the channel's; offered as core's fix table says
// (core/src/fixes.ts; CONTENT_FIX_OFFERS renders each content kind). Each is one undoable ByteEdit that also reseals what it changed (and, for a
// deletion, renumbers and recounts), so it leaves no new problem. Pure; unit-tested with analyze().

import {
  CHUNK_TYPES,
  encodeChunk,
  FLAG_FINAL,
  HEADER_SIZE,
  isKnownType,
  MAGIC,
  OFF,
  readHeader,
  BEGIN_PAYLOAD,
  OPEN_PARAMS_SIZE,
  fixKindsFor,
  crc32c,
  type DiagnosticCode,
  type FixKind,
  type ChannelConfig,
} from '../../../../core/src';
import { BEGIN_IDENTITY, writeBeginIdentity } from './fieldFixes';
import { type ByteEdit, EditError } from './bytes';
import {
  chunkHolding,
  type ChunkRange,
  EditBuilder,
  endChunk,
  hasHeader,
  headerLength,
  readU32,
  resealChunk,
  resealHeader,
  resealPayload,
  wantsStreamCrc,
  writeStreamCrc,
} from './seal';

export type ContentFixId =
  'gpadlChannel' | 'ringGpadl' | 'gpadlAccepted' | 'optionalType' | 'deleteChunk' | 'insertEnd' | 'identityBegin';

/** A content fix offered for one problem: `chunk` is the chunk to change, `at` a field offset, `value` the value to write. */
export interface ContentFixOffer {
  id: ContentFixId;
  title: string;
  chunk?: number;
  at?: number;
  value?: number;
}

const hex = (v: number, w: number) => `0x${(v >>> 0).toString(16).toUpperCase().padStart(w, '0')}`;
const framed = (b: Uint8Array, c: ChunkRange) => hasHeader(b, c.start) && readHeader(b, c.start).magic === MAGIC;
const typeOf = (b: Uint8Array, c: ChunkRange) => readHeader(b, c.start).type;
const payloadAt = (b: Uint8Array, c: ChunkRange) => c.start + headerLength(b, c.start);
/** A payload u32 when the chunk has those bytes, else undefined. */
function payloadU32(b: Uint8Array, c: ChunkRange, off: number): number | undefined {
  const p = payloadAt(b, c);
  return off + 4 <= readHeader(b, c.start).payloadLength && p + off + 4 <= b.length ? readU32(b, p + off) : undefined;
}

/** GPADL chunks before `limit` with their id and State. */
function gpadls(
  b: Uint8Array,
  chunks: readonly ChunkRange[],
  limit: number,
): { c: ChunkRange; id: number; state: number | undefined }[] {
  return chunks
    .filter((c) => c.start < limit && framed(b, c) && typeOf(b, c) === CHUNK_TYPES.GPADL)
    .flatMap((c) => {
      const id = payloadU32(b, c, 0);
      const p = payloadAt(b, c);
      return id === undefined ? [] : [{ c, id, state: p + 8 < b.length ? b[p + 8] : undefined }];
    });
}

type ProblemAt = { code: DiagnosticCode; bytes?: { start: number; end: number } };
type ContentOffer = (
  b: Uint8Array,
  chunks: readonly ChunkRange[],
  p: ProblemAt,
  c: ChunkRange | undefined,
  channel: Partial<ChannelConfig>,
) => ContentFixOffer[];

/** How the binary editor offers each content fix kind (worked out by the host from the bytes). */
export const CONTENT_FIX_OFFERS: Partial<Record<FixKind, ContentOffer>> = {
  gpadlChannel: (b, chunks, _p, c) => {
    if (!c) return [];
    const offer = chunks.filter((x) => x.start < c.start && framed(b, x) && typeOf(b, x) === CHUNK_TYPES.OFFER).pop();
    const want = offer && payloadU32(b, offer, 0);
    return want === undefined
      ? []
      : [
          {
            id: 'gpadlChannel',
            title: `Set ChannelId to ${want} (the OFFER's ChannelId)`,
            chunk: c.start,
            value: want,
          },
        ];
  },
  // Reported at END (the cross-check runs there): the ring GPADL is the last CHANNEL_STATE's.
  ringGpadl: (b, chunks) => ringOffers(b, chunks),
  optionalType: (b, _chunks, _p, c) => {
    if (!c) return [];
    const type = typeOf(b, c);
    const want = (type | 0x8000) >>> 0;
    if (type & 0x8000 || isKnownType(want)) return [];
    return [
      {
        id: 'optionalType',
        title: `Make chunk type ${hex(type, 4)} optional: ${hex(want, 4)} (restore skips an unknown optional chunk with a warning)`,
        chunk: c.start,
        value: want,
      },
    ];
  },
  deleteChunk: (b, _chunks, p, c) => {
    if (!c) return [];
    const h = readHeader(b, c.start);
    const what =
      p.code === 'SEQ-AFTER-FINAL'
        ? `the ${typeName(h.type)} chunk (sequence ${h.sequence}) after the FINAL chunk`
        : p.code === 'CONTENT-GPADL-DUP'
          ? `the duplicate GPADL ${hex(payloadU32(b, c, 0) ?? 0, 8)} chunk`
          : 'the duplicate PACKET chunk';
    return [{ id: 'deleteChunk', title: `Delete ${what}`, chunk: c.start }];
  },
  insertEnd: (b, chunks) =>
    insertEndPlace(b, chunks) !== undefined ? [{ id: 'insertEnd', title: 'Append the missing END chunk (FINAL)' }] : [],
  // The twin of the text form's "Set BEGIN InterfaceInstance to {…} (the channel's)".
  identityBegin: (b, _chunks, p, c, channel) => {
    if (!c || !p.bytes) return [];
    const off = p.bytes.start - payloadAt(b, c);
    const id = BEGIN_IDENTITY.find((x) => x.off === off);
    const want = id && channel[id.key];
    if (!id || want === undefined) return [];
    return [
      {
        id: 'identityBegin',
        title: `Set BEGIN ${id.field} to ${typeof want === 'string' ? `{${want}}` : want} (the channel's)`,
        chunk: c.start,
        at: off,
      },
    ];
  },
};

/**
 * The content fixes for one problem (empty when none applies): the content kinds core's table
 * lists for its code. `chunks` are the stream's chunk ranges in order; `channel` the channel the
 * analysis restored into (for BEGIN's identity).
 */
export function contentFixOffers(
  b: Uint8Array,
  chunks: readonly ChunkRange[],
  p: ProblemAt,
  channel: Partial<ChannelConfig> = {},
): ContentFixOffer[] {
  const c = p.bytes ? chunkHolding(b, chunks, p.bytes.start) : undefined;
  return fixKindsFor(p.code, 'bytes').flatMap((kind) => CONTENT_FIX_OFFERS[kind]?.(b, chunks, p, c, channel) ?? []);
}

/** CONTENT-RING-GPADL: point RingGpadlId (OpenParams, then ReopenParams) at an Accepted GPADL, or make its GPADL Accepted. */
function ringOffers(b: Uint8Array, chunks: readonly ChunkRange[]): ContentFixOffer[] {
  const end = endChunk(b, chunks);
  const limit = end ? end.start : b.length;
  const cs = chunks.filter((x) => x.start < limit && framed(b, x) && typeOf(b, x) === CHUNK_TYPES.CHANNEL_STATE).pop();
  if (!cs) return [];
  const p = payloadAt(b, cs);
  const all = gpadls(b, chunks, limit);
  const blocks = [b[p + 1] === 1 ? 'OpenParams' : undefined, b[p + 2] === 1 ? 'ReopenParams' : undefined];
  let block = 0;
  for (const name of blocks) {
    if (!name) continue;
    const off = 8 + OPEN_PARAMS_SIZE * block++ + 4;
    const ring = payloadU32(b, cs, off);
    if (ring === undefined) continue;
    const hit = all.find((g) => g.id === ring);
    if (hit && hit.state === 2) continue;
    if (hit)
      return [
        { id: 'gpadlAccepted', title: `Set the State of GPADL ${hex(ring, 8)} to 2 (Accepted)`, chunk: hit.c.start },
      ];
    const accepted = all.filter((g) => g.state === 2);
    const label = name === 'OpenParams' ? 'RingGpadlId' : `${name}.RingGpadlId`;
    return accepted.map((g) => ({
      id: 'ringGpadl' as const,
      title: `Set ${label} to ${hex(g.id, 8)} (${accepted.length === 1 ? 'the' : 'an'} Accepted GPADL)`,
      chunk: cs.start,
      at: p + off,
      value: g.id,
    }));
  }
  return [];
}

function typeName(type: number): string {
  return Object.entries(CHUNK_TYPES).find(([, v]) => v === type)?.[0] ?? hex(type, 4);
}

/** Write a payload u32/u8 of the chunk at `at` and reseal it (payload CRC, header CRC, stream CRC). */
function writePayload(
  b: Uint8Array,
  chunks: readonly ChunkRange[],
  c: ChunkRange,
  off: number,
  value: number,
  width: 1 | 4,
  label: string,
): ByteEdit | undefined {
  const p = payloadAt(b, c);
  if (off + width > readHeader(b, c.start).payloadLength || p + off + width > b.length)
    throw new EditError(`the ${typeName(typeOf(b, c))} payload at 0x${c.start.toString(16)} is too short`);
  const w = new EditBuilder(b);
  if (width === 4) w.writeU32(p + off, value);
  else w.write(p + off, Uint8Array.of(value));
  resealChunk(w, chunks, c.start, true);
  return w.finish(label, { start: p + off, end: p + off + width });
}

function chunkAt(b: Uint8Array, chunks: readonly ChunkRange[], at: number | undefined): ChunkRange {
  const c = at === undefined ? undefined : chunks.find((x) => x.start === at);
  if (!c || !framed(b, c))
    throw new EditError(`no chunk starts at offset ${at === undefined ? '(none given)' : `0x${at.toString(16)}`}`);
  return c;
}

/** Run a content fix; `channel` is the channel restored into (identityBegin writes its identity). */
export function runContentFix(
  b: Uint8Array,
  fix: { id: ContentFixId; chunk?: number; at?: number; value?: number },
  chunks: readonly ChunkRange[],
  channel: Partial<ChannelConfig> = {},
): ByteEdit | undefined {
  const need = () => {
    if (fix.value === undefined) throw new EditError(`fix ${fix.id} needs a value`);
    return fix.value;
  };
  switch (fix.id) {
    case 'gpadlChannel':
      return writePayload(b, chunks, chunkAt(b, chunks, fix.chunk), 4, need(), 4, `Set GPADL ChannelId to ${need()}`);
    case 'gpadlAccepted':
      return writePayload(b, chunks, chunkAt(b, chunks, fix.chunk), 8, 2, 1, 'Set GPADL State to Accepted');
    case 'ringGpadl': {
      const c = chunkAt(b, chunks, fix.chunk);
      if (fix.at === undefined) throw new EditError('fix ringGpadl needs the RingGpadlId offset');
      return writePayload(b, chunks, c, fix.at - payloadAt(b, c), need(), 4, `Set RingGpadlId to ${hex(need(), 8)}`);
    }
    case 'optionalType': {
      const c = chunkAt(b, chunks, fix.chunk);
      const w = new EditBuilder(b);
      w.writeU16(c.start + OFF.type, need());
      resealChunk(w, chunks, c.start, false);
      return w.finish(`Make chunk type optional (${hex(need(), 4)})`, {
        start: c.start + OFF.type,
        end: c.start + OFF.type + 2,
      });
    }
    case 'deleteChunk':
      return deleteChunk(b, chunks, chunkAt(b, chunks, fix.chunk));
    case 'insertEnd':
      return insertEnd(b, chunks);
    case 'identityBegin': {
      if (fix.at === undefined) throw new EditError('fix identityBegin needs the field offset');
      return writeBeginIdentity(b, chunks, chunkAt(b, chunks, fix.chunk).start, fix.at, channel);
    }
  }
}

/**
 * Delete a chunk. When it lies before END, the chunks after it (up to END) move up one sequence
 * number when they came after its sequence, END's ChunkCount (and BEGIN's, when not 0) drop by one
 * when they counted it, and the stream CRC is recomputed: the rest of the stream stays as valid as
 * it was.
 */
function deleteChunk(b: Uint8Array, chunks: readonly ChunkRange[], c: ChunkRange): ByteEdit | undefined {
  const w = new EditBuilder(b, true);
  const end = endChunk(b, chunks);
  const len = c.end - c.start;
  const gone = readHeader(b, c.start).sequence;
  w.replace(c.start, len, new Uint8Array());
  if (end && c.start < end.start) {
    const moved = chunks
      .filter((x) => x !== c)
      .map((x) => (x.start > c.start ? { start: x.start - len, end: x.end - len } : x));
    const endAt = end.start - len;
    for (const x of moved) {
      if (x.start < c.start || x.start > endAt || !framed(w.bytes, x)) continue;
      const seq = readHeader(w.bytes, x.start).sequence;
      if (seq > gone) {
        w.writeU32(x.start + OFF.sequence, seq - 1);
        resealHeader(w, x.start);
      }
    }
    const count = moved.filter((x) => x.start <= endAt).length;
    const ep = endAt + headerLength(w.bytes, endAt);
    if (ep + 4 <= w.bytes.length && readU32(w.bytes, ep) === count + 1) {
      w.writeU32(ep, count);
      resealPayload(w, endAt);
    }
    const begin = moved.find((x) => framed(w.bytes, x) && typeOf(w.bytes, x) === CHUNK_TYPES.BEGIN);
    if (begin) {
      const bp = begin.start + headerLength(w.bytes, begin.start);
      if (bp + BEGIN_PAYLOAD <= w.bytes.length && readU32(w.bytes, bp + 44) === count + 1) {
        w.writeU32(bp + 44, count);
        resealPayload(w, begin.start);
      }
    }
    if (wantsStreamCrc(w.bytes, endAt)) writeStreamCrc(w, moved, endAt);
  }
  return w.finish(
    `Delete the ${typeName(readHeader(b, c.start).type)} chunk at 0x${c.start.toString(16).toUpperCase()}`,
    { start: c.start, end: c.start },
  );
}

/** Where a missing END goes: after the last chunk, when the stream has no END and every chunk is whole up to the end of the file. */
function insertEndPlace(b: Uint8Array, chunks: readonly ChunkRange[]): number | undefined {
  if (chunks.length === 0 || endChunk(b, chunks)) return undefined;
  const last = chunks[chunks.length - 1];
  if (last.end !== b.length || !chunks.every((c) => framed(b, c))) return undefined;
  const h = readHeader(b, last.start);
  return last.start + headerLength(b, last.start) + h.payloadLength <= b.length ? b.length : undefined;
}

/**
 * Append END (FINAL) after the last chunk: the next sequence number, the version of the first
 * chunk, ChunkCount = the chunks with END, EndFlags = HasStreamCrc with the stream CRC of every
 * chunk before it; BEGIN's ChunkCount is set to the same when it is not 0 (then BEGIN is resealed).
 */
function insertEnd(b: Uint8Array, chunks: readonly ChunkRange[]): ByteEdit | undefined {
  const at = insertEndPlace(b, chunks);
  if (at === undefined)
    throw new EditError('END can only be appended to a stream without END whose chunks are all whole');
  const w = new EditBuilder(b, true);
  const total = chunks.length + 1;
  const begin = chunks.find((c) => typeOf(b, c) === CHUNK_TYPES.BEGIN);
  if (begin) {
    const bp = begin.start + headerLength(b, begin.start);
    if (bp + BEGIN_PAYLOAD <= b.length && readU32(b, bp + 44) !== 0 && readU32(b, bp + 44) !== total) {
      w.writeU32(bp + 44, total);
      resealPayload(w, begin.start);
    }
  }
  let streamCrc = 0;
  for (const c of chunks) streamCrc = crc32c(w.bytes, c.start, c.end, streamCrc);
  const first = readHeader(b, chunks[0].start);
  const last = readHeader(b, chunks[chunks.length - 1].start);
  const payload = new Uint8Array(16);
  const dv = new DataView(payload.buffer);
  dv.setUint32(0, total, true);
  dv.setUint32(4, 1, true);
  dv.setUint32(8, streamCrc, true);
  const end = encodeChunk({
    type: CHUNK_TYPES.END,
    sequence: (last.sequence + 1) >>> 0,
    flags: FLAG_FINAL,
    payload,
    versionMajor: first.versionMajor,
    versionMinor: first.versionMinor,
  });
  w.replace(at, 0, end);
  return w.finish('Append the missing END chunk', { start: at, end: at + HEADER_SIZE });
}
