// One chunk of a restore call, in the check order of docs/format.md ("Emulated restore"):
// framing, sequence, type and order, content; then its record is applied (applyRecord.ts).

import { inspectChunk, noteUtf8Issue, type ChunkIssue } from '../chunkCheck';
import { concatBytes } from '../bytes';
import { crc32c, crc32cCombine } from '../crc32c';
import type { DiagnosticCode } from '../diagnostics';
import { chunkTypeName, CHUNK_TYPES, DEFAULT_MAX_PAYLOAD, FLAG_CONTINUES, HEADER_SIZE, OFF } from '../layout';
import type { ByteRange } from '../model';
import { decodePayload } from '../payload';
import { applyRecord, type ChannelContext } from './applyRecord';
import { Failure, fieldAt, type ExaminedChunk, type RestoreFinding, type Stop } from './findings';
import { mayFollow, ORDER_TEXT, RANK } from './order';
import type { Draft } from './restoredState';

/** Validate one chunk against the draft and apply it there; returns its span or throws Failure. */
export function restoreChunk(
  ctx: ChannelContext,
  b: Uint8Array,
  pos: number,
  origin: number,
  d: Draft,
  chunks: ExaminedChunk[],
  warnings: RestoreFinding[],
): number {
  const s = d.s;
  const ins = inspectChunk(b, pos, b.length, {
    maxPayload: s.begin?.maxPayloadLength ?? DEFAULT_MAX_PAYLOAD,
    streamVersion: s.version,
    continuing: s.continuation !== undefined,
  });
  const at = origin + pos;
  const abs = (r: ByteRange): ByteRange => ({ start: origin + r.start, end: origin + r.end });
  const toFinding = (i: ChunkIssue): RestoreFinding => ({
    code: i.code,
    message: i.message,
    severity: i.severity,
    bytes: abs(i.bytes),
    ...(i.related ? { related: i.related.map((x) => ({ message: x.message, bytes: abs(x.bytes) })) } : {}),
  });
  const stop: Stop = (code, message, bytes, related) => {
    throw new Failure({ code, message, severity: 'error', bytes, ...(related ? { related } : {}) });
  };
  const firstOf = (phase: IssuePhase) => ins.issues.find((i) => i.severity === 'error' && phaseOf(i.code) === phase);

  const h = ins.header;
  if (h) chunks.push({ at, span: ins.span, type: h.type, sequence: h.sequence, applied: false });
  const frameIssue = firstOf('frame');
  if (frameIssue) throw new Failure(toFinding(frameIssue));
  if (!h) throw new Error('inspectChunk returned no header without an issue');
  for (const w of ins.issues) if (w.severity === 'warning') warnings.push(toFinding(w));

  // Sequence.
  const seqField = fieldAt(at, OFF.sequence, 4);
  const chunkRef = (message: string, off: number | undefined) =>
    off === undefined ? undefined : [{ message, bytes: { start: off, end: off + HEADER_SIZE } }];
  if (s.final)
    stop(
      'SEQ-AFTER-FINAL',
      `${chunkTypeName(h.type)} (sequence ${h.sequence}) comes after the FINAL chunk: the stream has ended.`,
      fieldAt(at, 0, ins.headerLen),
      chunkRef('The FINAL chunk', s.finalAt),
    );
  if (s.rank === -1) {
    if (h.type !== CHUNK_TYPES.BEGIN || h.sequence !== 0)
      stop(
        'SEQ-FIRST',
        `The first chunk restored must be BEGIN with sequence 0; this is ${chunkTypeName(h.type)} with sequence ${h.sequence}.`,
        fieldAt(at, OFF.type, 8),
      );
  } else if (h.sequence > s.nextSequence) {
    stop(
      'SEQ-GAP',
      `Sequence ${h.sequence}, expected ${s.nextSequence}: ${h.sequence - s.nextSequence} chunk(s) are missing before this ${chunkTypeName(h.type)}.`,
      seqField,
      chunkRef(`The last chunk restored (sequence ${s.nextSequence - 1})`, d.chunkOffset(s.nextSequence - 1)),
    );
  } else if (h.sequence < s.nextSequence) {
    stop(
      'SEQ-DUPLICATE',
      `Sequence ${h.sequence} was already restored (expected ${s.nextSequence}): a buffer was passed twice or chunks repeat.`,
      seqField,
      chunkRef(`Sequence ${h.sequence} was restored here`, d.chunkOffset(h.sequence)),
    );
  }

  // Type and order.
  const typeIssue = firstOf('type');
  if (typeIssue) throw new Failure(toFinding(typeIssue));
  const flagsField = fieldAt(at, OFF.flags, 2);
  const continues = (h.flags & FLAG_CONTINUES) !== 0;
  const cont = s.continuation;
  if ((h.type === CHUNK_TYPES.BEGIN || h.type === CHUNK_TYPES.END) && continues)
    stop('SEQ-CONTINUATION', `${chunkTypeName(h.type)} cannot carry CONTINUES: it is never split.`, flagsField);
  if (cont && h.type !== cont.type)
    stop(
      'SEQ-CONTINUATION',
      `A ${chunkTypeName(cont.type)} record flagged CONTINUES is unfinished, but the next chunk is ${chunkTypeName(h.type)}.`,
      fieldAt(at, OFF.type, 2),
    );
  const rank = RANK[h.type];
  if (!cont && rank !== undefined) {
    if (rank === 0 && s.rank !== -1)
      stop('SEQ-ORDER', 'A second BEGIN: a stream has exactly one.', fieldAt(at, OFF.type, 2));
    if (rank !== 0 && !mayFollow(rank, s.rank)) {
      const prev = Object.keys(RANK).find((k) => RANK[+k] === s.rank);
      stop(
        'SEQ-ORDER',
        `${chunkTypeName(h.type)} cannot follow ${prev ? chunkTypeName(+prev) : 'nothing'}: the order is ${ORDER_TEXT} (optional chunks anywhere between).`,
        fieldAt(at, OFF.type, 2),
      );
    }
  }

  // Content.
  const contentIssue = firstOf('content');
  if (contentIssue) throw new Failure(toFinding(contentIssue));
  const pStart = pos + ins.headerLen;
  const pEnd = pStart + h.payloadLength;
  let record = ins.payload?.record;
  if (continues || cont) {
    const parts = cont ? cont.parts : [];
    parts.push(b.slice(pStart, pEnd));
    if (continues) {
      s.continuation = { type: h.type, parts, firstChunk: cont ? cont.firstChunk : at };
    } else {
      s.continuation = undefined;
      const joined = concatBytes(parts);
      const dec = decodePayload(h.type, joined, 0, joined.length, false);
      const bad = dec.issues[0];
      if (bad)
        stop(bad.code, `Record joined from ${parts.length} CONTINUES chunks: ${bad.message}`, {
          start: origin + pStart,
          end: origin + pEnd,
        });
      record = dec.record;
      if (h.type === CHUNK_TYPES.NOTE) {
        const bad = noteUtf8Issue(joined, 0, joined.length);
        if (bad)
          warnings.push({
            ...bad,
            message: `Record joined from ${parts.length} CONTINUES chunks: ${bad.message}`,
            bytes: { start: origin + pStart, end: origin + pEnd },
          });
      }
    }
  }
  const warn = (code: DiagnosticCode, message: string, bytes: ByteRange) =>
    warnings.push({ code, message, severity: 'warning', bytes });
  // A user schema marked mandatory that the payload fails: after the built-in content checks (docs/format.md §4).
  const schemaFailure = !continues && !cont ? ctx.schemaFailures?.get(at) : undefined;
  if (schemaFailure) stop('SCHEMA-MANDATORY', schemaFailure.message, schemaFailure.bytes!);
  if (record && !continues) applyRecord(ctx, record, d, at, ins.headerLen, origin + pStart, stop, warn);
  if (rank !== undefined && !cont) s.rank = rank;
  if (h.type === CHUNK_TYPES.BEGIN) s.version = { major: h.versionMajor, minor: h.versionMinor };
  // The running CRC over the whole chunk from the payload CRC inspectChunk computed: the header
  // and padding bytes are read again (a few dozen), the payload is not (crc32cCombine).
  s.streamCrc = crc32c(b, pos, pStart, s.streamCrc);
  s.streamCrc =
    ins.computedPayloadCrc === undefined
      ? crc32c(b, pStart, pEnd, s.streamCrc)
      : crc32cCombine(s.streamCrc, ins.computedPayloadCrc, h.payloadLength);
  s.streamCrc = crc32c(b, pEnd, pos + ins.span, s.streamCrc);
  s.chunks++;
  s.nextSequence = h.sequence + 1;
  d.addedChunkAt.push(at);
  if (h.type === CHUNK_TYPES.END) {
    s.final = true;
    s.finalAt = at;
  }
  return ins.span;
}

type IssuePhase = 'frame' | 'type' | 'content';

/** Where a chunk issue falls in the check order: framing first, then type, then content. */
function phaseOf(code: DiagnosticCode): IssuePhase {
  if (code === 'UNSUP-TYPE') return 'type';
  if (code.startsWith('CONTENT-') || code === 'VER-VMBUS' || code === 'VER-FEATURES' || code === 'UNSUP-END-FLAGS')
    return 'content';
  return 'frame';
}
