// Quick fixes of the binary editor, as pure byte edits: the same repairs the text form offers
// (recompute header/payload/stream CRC, fix PayloadLength, renumber sequences, set/clear FINAL,
// fix ChunkCount), offered as core's fix table says (core/src/fixes.ts: CHUNK_FIX_OFFERS renders
// each chunk-level kind, contentFixes.ts the content ones). Each returns one undoable ByteEdit, or undefined when there is nothing to change.
// A fix that changes a header or payload field also reseals the chunk (recomputes the CRCs that
// cover the changed bytes), so one fix never leaves a new CRC problem behind.

import {
  decodeBinary,
  align8,
  chunkTypeName,
  CHUNK_TYPES,
  FLAG_FINAL,
  HEADER_SIZE,
  MAGIC,
  MAGIC_BYTES,
  OFF,
  readHeader,
  BEGIN_PAYLOAD,
  END_PAYLOAD,
  OFFER_PAYLOAD,
  OPEN_PARAMS_SIZE,
  RING_PAYLOAD,
  fixKindsFor,
  fixTitle,
  type DiagnosticCode,
  type ChannelConfig,
  type FixKind,
} from '../../../../core/src';
import { type ByteEdit, EditError } from './bytes';
import { type ContentFixId, runContentFix } from './contentFixes';
import { fixRangeBufferWords, writeHeaderDefaults, zeroPadding } from './fieldFixes';
import {
  EditBuilder,
  hasHeader,
  headerLength,
  payloadRange,
  readU32,
  requireHeader,
  resealHeader,
  resealPayload,
  writeStreamCrc,
} from './seal';

const chunkLabel = (b: Uint8Array, at: number) =>
  `${chunkTypeName(readHeader(b, at).type)} at 0x${at.toString(16).toUpperCase()}`;
const headerSel = (at: number) => ({ start: at, end: at + HEADER_SIZE });

/** Set HeaderCrc32c of the chunk at `at` to the CRC-32C of its header. */
export function recomputeHeaderCrc(bytes: Uint8Array, at: number): ByteEdit | undefined {
  requireHeader(bytes, at);
  const w = new EditBuilder(bytes);
  resealHeader(w, at);
  return w.finish(`Recompute header CRC of ${chunkLabel(bytes, at)}`, {
    start: at + OFF.headerCrc,
    end: at + OFF.headerCrc + 4,
  });
}

/** Set PayloadCrc32c to the payload's CRC-32C, then reseal the header (its CRC covers PayloadCrc32c). */
export function recomputePayloadCrc(bytes: Uint8Array, at: number): ByteEdit | undefined {
  requireHeader(bytes, at);
  const w = new EditBuilder(bytes);
  resealPayload(w, at);
  return w.finish(`Recompute payload CRC of ${chunkLabel(bytes, at)}`, {
    start: at + OFF.payloadCrc,
    end: at + OFF.payloadCrc + 4,
  });
}

/** Offset of the next chunk magic at or after `from`, or the file size. */
function nextMagic(b: Uint8Array, from: number): number {
  for (let i = from; i + 4 <= b.length; i++) {
    if (
      b[i] === MAGIC_BYTES[0] &&
      b[i + 1] === MAGIC_BYTES[1] &&
      b[i + 2] === MAGIC_BYTES[2] &&
      b[i + 3] === MAGIC_BYTES[3]
    )
      return i;
  }
  return b.length;
}

/** Payload length the record's own fields call for, when the type has a computable length and the bytes to read it are there. */
export function naturalPayloadLength(b: Uint8Array, type: number, p: number, available: number): number | undefined {
  const u8 = (o: number) => (o < available ? b[p + o] : undefined);
  const u32 = (o: number) => (o + 4 <= available ? readU32(b, p + o) : undefined);
  switch (type) {
    case CHUNK_TYPES.BEGIN:
      return BEGIN_PAYLOAD;
    case CHUNK_TYPES.OFFER:
      return OFFER_PAYLOAD;
    case CHUNK_TYPES.END:
      return END_PAYLOAD;
    case CHUNK_TYPES.RING:
      return RING_PAYLOAD;
    case CHUNK_TYPES.CHANNEL_STATE: {
      const open = u8(1);
      const reopen = u8(2);
      if (open === undefined || reopen === undefined || open > 1 || reopen > 1) return undefined;
      return 8 + OPEN_PARAMS_SIZE * (open + reopen);
    }
    case CHUNK_TYPES.GPADL: {
      // GpadlId, ChannelId, State, Reserved, RangeCount, then RangeBufferWords at 12 (docs/format.md §3).
      const words = u32(12);
      return words === undefined ? undefined : 16 + 8 * words;
    }
    case CHUNK_TYPES.PACKET: {
      const lib = u32(8);
      const vsp = u32(12);
      return lib === undefined || vsp === undefined ? undefined : 16 + lib + vsp;
    }
    default:
      return undefined;
  }
}

/**
 * Make PayloadLength of the chunk at `at` match its bytes: the payload runs up to the next chunk
 * magic (or the end of the file). When the record's own fields give its length (BEGIN is 64 bytes,
 * GPADL 16 + 8 × RangeBufferWords, …) and everything after that is zero, that length is used and
 * the rest is padding; otherwise every byte up to the next chunk is payload. The padding is then
 * made exactly align8(PayloadLength) − PayloadLength zero bytes (inserting or deleting bytes, so the
 * next chunk starts 8-aligned again), and the chunk is resealed (payload CRC, header CRC).
 */
export function fixPayloadLength(bytes: Uint8Array, at: number): ByteEdit | undefined {
  requireHeader(bytes, at);
  const hl = headerLength(bytes, at);
  const h = readHeader(bytes, at);
  const p = at + hl;
  const limit = nextMagic(bytes, p);
  const available = limit - p;
  const natural = naturalPayloadLength(bytes, h.type, p, available);
  let len = available;
  let zeros = natural !== undefined && natural <= available;
  if (zeros) for (let i = p + natural!; i < limit; i++) if (bytes[i] !== 0) zeros = false;
  if (zeros) len = natural!;
  else {
    // No record length to go by: up to 7 trailing zero bytes are taken as padding.
    while (len > 0 && len - 1 > available - 8 && bytes[p + len - 1] === 0) len--;
  }
  const w = new EditBuilder(bytes, true);
  w.writeU32(at + OFF.payloadLength, len);
  const padStart = p + len;
  const want = align8(len) - len;
  const have = limit - padStart;
  // Keep the bytes already there when they are zero; make the padding exactly `want` zero bytes.
  w.replace(padStart, have, new Uint8Array(want));
  resealPayload(w, at);
  return w.finish(`Fix PayloadLength of ${chunkLabel(bytes, at)} (${len})`, headerSel(at));
}

/** Set each chunk's Sequence to its position in the stream (BEGIN 0, +1 per chunk), resealing each changed header. */
export function renumberSequences(bytes: Uint8Array, chunkStarts: readonly number[]): ByteEdit | undefined {
  const w = new EditBuilder(bytes);
  chunkStarts.forEach((at, i) => {
    if (!hasHeader(bytes, at) || readHeader(w.bytes, at).magic !== MAGIC) return;
    if (readHeader(w.bytes, at).sequence === i) return;
    w.writeU32(at + OFF.sequence, i);
    resealHeader(w, at);
  });
  return w.finish('Renumber chunk sequences');
}

/** Set or clear FINAL on the chunk at `at`, resealing its header. */
export function setFinal(bytes: Uint8Array, at: number, on: boolean): ByteEdit | undefined {
  requireHeader(bytes, at);
  const w = new EditBuilder(bytes);
  const flags = readHeader(bytes, at).flags;
  w.writeU16(at + OFF.flags, on ? flags | FLAG_FINAL : flags & ~FLAG_FINAL);
  resealHeader(w, at);
  return w.finish(`${on ? 'Set' : 'Clear'} FINAL on ${chunkLabel(bytes, at)}`, {
    start: at + OFF.flags,
    end: at + OFF.flags + 2,
  });
}

/** FINAL exactly on END chunks: set it there, clear it everywhere else. */
export function fixFinalFlags(bytes: Uint8Array, chunkStarts: readonly number[]): ByteEdit | undefined {
  const w = new EditBuilder(bytes);
  for (const at of chunkStarts) {
    if (!hasHeader(bytes, at) || readHeader(bytes, at).magic !== MAGIC) continue;
    const h = readHeader(w.bytes, at);
    const want = h.type === CHUNK_TYPES.END;
    if (((h.flags & FLAG_FINAL) !== 0) === want) continue;
    w.writeU16(at + OFF.flags, want ? h.flags | FLAG_FINAL : h.flags & ~FLAG_FINAL);
    resealHeader(w, at);
  }
  return w.finish('Fix FINAL flags');
}

/** Set END's StreamCrc32c to the CRC-32C of all chunk bytes before it, then reseal END. `chunks` are the stream's chunk ranges. */
export function recomputeStreamCrc(
  bytes: Uint8Array,
  chunks: readonly { start: number; end: number }[],
  endAt: number,
): ByteEdit | undefined {
  requireHeader(bytes, endAt);
  const w = new EditBuilder(bytes);
  writeStreamCrc(w, chunks, endAt);
  return w.finish('Recompute stream CRC', { start: endAt, end: endAt + HEADER_SIZE });
}

/** Recompute every chunk's payload and header CRC, then END's StreamCrc32c (when EndFlags asks for it). */
export function recomputeAllCrcs(
  bytes: Uint8Array,
  chunks: readonly { start: number; end: number }[],
): ByteEdit | undefined {
  const w = new EditBuilder(bytes);
  const framed = chunks.filter((c) => hasHeader(bytes, c.start) && readHeader(bytes, c.start).magic === MAGIC);
  for (const c of framed) {
    const p = payloadRange(w.bytes, c.start);
    if (p.end - p.start < readHeader(w.bytes, c.start).payloadLength) resealHeader(w, c.start);
    else resealPayload(w, c.start);
  }
  for (const c of framed) {
    const h = readHeader(w.bytes, c.start);
    if (h.type !== CHUNK_TYPES.END || h.payloadLength < 12) continue;
    const p = c.start + headerLength(w.bytes, c.start);
    if (p + 8 <= w.bytes.length && readU32(w.bytes, p + 4) & 1) writeStreamCrc(w, chunks, c.start);
  }
  return w.finish('Recompute all CRCs');
}

/** Set END's ChunkCount (and BEGIN's, unless it is 0 = unknown) to the number of chunks up to END inclusive; reseals. */
export function fixChunkCount(
  bytes: Uint8Array,
  chunks: readonly { start: number; end: number }[],
): ByteEdit | undefined {
  const w = new EditBuilder(bytes);
  const framed = chunks.filter((c) => hasHeader(bytes, c.start) && readHeader(bytes, c.start).magic === MAGIC);
  const endIdx = framed.findIndex((c) => readHeader(bytes, c.start).type === CHUNK_TYPES.END);
  if (endIdx < 0) throw new EditError('the stream has no END chunk');
  const total = endIdx + 1;
  const end = framed[endIdx].start;
  const begin = framed.find((c) => readHeader(bytes, c.start).type === CHUNK_TYPES.BEGIN);
  if (begin) {
    const p = begin.start + headerLength(bytes, begin.start);
    if (p + BEGIN_PAYLOAD <= bytes.length && readU32(bytes, p + 44) !== 0) {
      w.writeU32(p + 44, total);
      resealPayload(w, begin.start);
    }
  }
  const ep = end + headerLength(bytes, end);
  if (ep + 4 > bytes.length) throw new EditError('the END payload is too short to hold ChunkCount');
  w.writeU32(ep, total);
  resealPayload(w, end);
  // The stream CRC covers BEGIN: keep it right when END asks for one.
  if (begin && ep + 8 <= w.bytes.length && readU32(w.bytes, ep + 4) & 1) writeStreamCrc(w, chunks, end);
  return w.finish(`Set ChunkCount to ${total}`);
}

/** Chunk ranges of a stream, in order (for callers without an analysis at hand, e.g. tests). */
export function chunkRanges(bytes: Uint8Array): { start: number; end: number }[] {
  return decodeBinary(bytes, { buffering: 'whole' }).chunks.map((c) => ({ ...c.bytes }));
}

/** The quick fixes that address a problem code, by id (content fixes: contentFixes.ts). */
export type QuickFixId = ChunkFixId | ContentFixId;
type ChunkFixId =
  | 'headerCrc'
  | 'payloadCrc'
  | 'streamCrc'
  | 'allCrcs'
  | 'payloadLength'
  | 'renumber'
  | 'setFinal'
  | 'clearFinal'
  | 'finalFlags'
  | 'chunkCount'
  | 'headerDefault'
  | 'padding'
  | 'rangeBufferWords';

/** The fix kind of core's table each binary fix is an instance of. */
export const FIX_KIND_OF: Readonly<Record<QuickFixId, FixKind>> = {
  headerCrc: 'headerCrc',
  payloadCrc: 'payloadCrc',
  streamCrc: 'streamCrc',
  allCrcs: 'allCrcs',
  payloadLength: 'payloadLength',
  renumber: 'renumber',
  setFinal: 'final',
  clearFinal: 'final',
  finalFlags: 'final',
  chunkCount: 'chunkCount',
  headerDefault: 'headerDefault',
  padding: 'padding',
  rangeBufferWords: 'rangeBufferWords',
  gpadlChannel: 'gpadlChannel',
  ringGpadl: 'ringGpadl',
  gpadlAccepted: 'ringGpadl',
  optionalType: 'optionalType',
  deleteChunk: 'deleteChunk',
  insertEnd: 'insertEnd',
  identityBegin: 'identityBegin',
};

export interface QuickFixOffer {
  id: QuickFixId;
  title: string;
  /** Stream offset of the chunk the fix applies to (chunk-level fixes). */
  chunk?: number;
  /** Content fixes: the offset of the field to write, and the value. */
  at?: number;
  value?: number;
}

export interface ProblemLike {
  code: DiagnosticCode;
  bytes?: { start: number; end: number };
}

type ChunkOffer = (p: ProblemLike, c: number | undefined, type: number | undefined) => QuickFixOffer[];
const onChunk =
  (id: ChunkFixId, detail?: string): ChunkOffer =>
  (_p, c) =>
    c !== undefined ? [{ id, title: fixTitle(FIX_KIND_OF[id], detail), chunk: c }] : [];

/**
 * How the binary editor offers each chunk-level fix kind (the webview works these out from the
 * problem and the chunk it sits in; content kinds come from the host, contentFixes.ts).
 */
export const CHUNK_FIX_OFFERS: Partial<Record<FixKind, ChunkOffer>> = {
  headerCrc: onChunk('headerCrc'),
  payloadCrc: onChunk('payloadCrc'),
  streamCrc: onChunk('streamCrc'),
  allCrcs: () => [{ id: 'allCrcs', title: fixTitle('allCrcs') }],
  payloadLength: onChunk('payloadLength', 'up to the next chunk, with exact padding'),
  padding: onChunk('padding'),
  rangeBufferWords: (_p, c, type) =>
    c !== undefined && type === CHUNK_TYPES.GPADL
      ? [{ id: 'rangeBufferWords', title: fixTitle('rangeBufferWords'), chunk: c }]
      : [],
  // A chunk whose magic is wrong is raw bytes to the decoder: the problem's first byte is where its header starts.
  headerDefault: (p, c) => {
    const start = c ?? (p.code === 'FRAME-MAGIC' ? p.bytes?.start : undefined);
    return start !== undefined
      ? [
          {
            id: 'headerDefault',
            title: fixTitle('headerDefault', 'magic "VBSC", the stream\'s version, reserved 0'),
            chunk: start,
          },
        ]
      : [];
  },
  renumber: () => [{ id: 'renumber', title: fixTitle('renumber', 'every chunk from 0') }],
  final: (_p, c, type) =>
    c !== undefined && type !== undefined
      ? [
          type === CHUNK_TYPES.END
            ? { id: 'setFinal', title: fixTitle('final', 'set it on END'), chunk: c }
            : { id: 'clearFinal', title: fixTitle('final', 'clear it'), chunk: c },
        ]
      : [],
  chunkCount: () => [{ id: 'chunkCount', title: fixTitle('chunkCount') }],
};

/** Which chunk-level fixes the editor offers for a problem found in the chunk starting at `chunkAt` (of type `type`): the kinds core's table lists for its code. */
export function fixesFor(p: ProblemLike, chunkAt: number | undefined, type: number | undefined): QuickFixOffer[] {
  return fixKindsFor(p.code, 'bytes').flatMap((kind) => CHUNK_FIX_OFFERS[kind]?.(p, chunkAt, type) ?? []);
}

/** Run a fix by id; `channel` is the channel the analysis restored into (for BEGIN's identity). */
export function runQuickFix(
  bytes: Uint8Array,
  fix: { id: QuickFixId; chunk?: number; at?: number; value?: number },
  chunks: readonly { start: number; end: number }[],
  channel: Partial<ChannelConfig> = {},
): ByteEdit | undefined {
  const at = fix.chunk;
  const need = () => {
    if (at === undefined) throw new EditError(`fix ${fix.id} needs a chunk`);
    return at;
  };
  switch (fix.id) {
    case 'headerCrc':
      return recomputeHeaderCrc(bytes, need());
    case 'payloadCrc':
      return recomputePayloadCrc(bytes, need());
    case 'streamCrc':
      return recomputeStreamCrc(bytes, chunks, need());
    case 'allCrcs':
      return recomputeAllCrcs(bytes, chunks);
    case 'payloadLength':
      return fixPayloadLength(bytes, need());
    case 'renumber':
      return renumberSequences(
        bytes,
        chunks.map((c) => c.start),
      );
    case 'setFinal':
      return setFinal(bytes, need(), true);
    case 'clearFinal':
      return setFinal(bytes, need(), false);
    case 'finalFlags':
      return fixFinalFlags(
        bytes,
        chunks.map((c) => c.start),
      );
    case 'chunkCount':
      return fixChunkCount(bytes, chunks);
    case 'headerDefault':
      return writeHeaderDefaults(bytes, chunks, need());
    case 'padding':
      return zeroPadding(bytes, chunks, need());
    case 'rangeBufferWords':
      return fixRangeBufferWords(bytes, chunks, need());
    default:
      return runContentFix(bytes, { ...fix, id: fix.id }, chunks, channel);
  }
}
