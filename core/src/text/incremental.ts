// Incremental decoding of the text form: after an edit that stays inside the field lines of one
// `.chunk` block and keeps the number of lines, only that block is read and assembled again and
// spliced into the previous assembly; framing, field trees and text ranges are then redone over
// the bytes (cheap next to reading the text). Anything else answers undefined: decode from scratch.
// The result equals decodeTextDocument on the new text (test/unit/core.incremental.test.ts).

import { HEADER_SIZE } from '../layout';
import { MAX_COLLECTED_PROBLEMS, MAX_SOURCE_SEGMENTS } from '../limits';
import type { ChannelConfig, Problem, SavedStateDocument, SourceSegment } from '../model';
import { MORE_PROBLEMS } from '../problemCap';
import { assembleText, reassembleChunk, type AssembledText } from './assembler';
import { decodeAssembled } from './decodeText';
import { parseBlockBody, type ParseOptions } from './parser';
import { comparePositions, type LineIndex } from './positions';
import { firstSegmentAfter, sourceMapReplaced } from './sourceMap';

/** What a decoded text keeps for the next edit; opaque to its holder. */
export interface TextDecodeState {
  readonly text: string;
  readonly assembled: AssembledText;
  /** The channel settings given (a text without `.channel` takes them). */
  readonly channel?: Partial<ChannelConfig>;
  readonly hasChannelDirective: boolean;
}

const CHANNEL_DIRECTIVE = /^[ \t]*\.channel\b/m;

/** decodeTextDocument(text, { channel }) (core/src/document.ts), keeping what the next edit reuses. */
export function decodeTextKeeping(
  text: string,
  channel?: Partial<ChannelConfig>,
  opts: ParseOptions = {},
): { doc: SavedStateDocument; state: TextDecodeState } {
  const assembled = assembleText(text, opts);
  const hasChannelDirective = CHANNEL_DIRECTIVE.test(text);
  const state: TextDecodeState = { text, assembled, hasChannelDirective, ...(channel ? { channel } : {}) };
  return { doc: documentOf(state), state };
}

function documentOf(s: TextDecodeState): SavedStateDocument {
  const doc = decodeAssembled(s.text, s.assembled);
  if (s.channel && !s.hasChannelDirective) doc.channel = { ...doc.channel, ...s.channel };
  return doc;
}

/**
 * The document of `text`, the previous text with lines [fromLine, toLine] (in both texts: the
 * edit kept the number of lines) rewritten, reusing `prev`; `lines` indexes `text`. Undefined when
 * the edit is not confined to one chunk block's field lines, changes that block's payload length,
 * or the text is near a limit whose effects reach past the block (the caller decodes from scratch).
 * With `inPlace`, `prev`'s bytes, source map and chunk list are updated rather than copied (a
 * 10 MB text's bytes and segments cost more to copy than the block does to re-read): `prev` and the
 * document decoded with it are consumed, whatever the answer, and must not be used again.
 */
export function decodeTextEdited(
  prev: TextDecodeState,
  text: string,
  lines: LineIndex,
  fromLine: number,
  toLine: number,
  inPlace = false,
): { doc: SavedStateDocument; state: TextDecodeState; changedFrom: number } | undefined {
  const a = prev.assembled;
  const reuse = a.reuse;
  if (!reuse || reuse.truncated || a.stopped || a.problems.some(tooFar)) return undefined;
  const blocks = reuse.blocks;
  // The block whose `.chunk` line is before the edit and whose `.end` line after it.
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].directive.start.line < fromLine) lo = mid + 1;
    else hi = mid;
  }
  const k = lo - 1;
  const old = blocks[k];
  if (!old) return undefined;
  const endLine = old.text.end.line;
  if (old.directive.end.line >= fromLine || endLine <= toLine) return undefined;
  // A block closed by end of file (no `.end`) ends at its last field line: not confined.
  const endAt = lines.starts[endLine];
  if (!/^[ \t\uFEFF]*\.end\b/.test(text.slice(endAt, endAt + 64))) return undefined;
  // A later `StreamCrc32c: auto` covers these bytes: its block is assembled again below, unless
  // text problems sit on its field lines (their order against the new ones is not worth redoing).
  const crcLater: number[] = [];
  for (let i = k + 1; i < blocks.length; i++) {
    const b = blocks[i];
    if (!b.autos.some((x) => x.kind === 'StreamCrc32c')) continue;
    const l0 = b.directive.end.line;
    const l1 = b.text.end.line;
    if (a.problems.some((p) => p.text!.start.line > l0 && p.text!.start.line < l1)) return undefined;
    crcLater.push(i);
  }

  const firstBody = old.directive.end.line + 1;
  const body = parseBlockBody(text, old, firstBody, lines.starts[firstBody], endLine - 1);
  if (!body || body.limitHit || body.payload.length !== old.dataEnd - old.dataStart) return undefined;
  const chunk = a.chunks[k];
  const start = chunk.bytes.start;
  const prevSeq = k > 0 ? blocks[k - 1].sequence : undefined;
  const re = reassembleChunk(body.block, body.payload, a.bytes.subarray(0, start), prevSeq, reuse.chunkCount, a);
  if (re.bytes.length !== chunk.bytes.end - start) return undefined;

  // The block's segments (header through padding) are those over its bytes: the map has no gaps.
  const s0 = firstSegmentAfter(a.sourceMap, start);
  const s1 = firstSegmentAfter(a.sourceMap, chunk.bytes.end - 1) + 1;
  if (a.sourceMap.length - (s1 - s0) + re.segments.length >= MAX_SOURCE_SEGMENTS) return undefined;
  let sourceMap: SourceSegment[];
  if (inPlace && re.segments.length === s1 - s0) {
    sourceMap = a.sourceMap;
    // Where every segment starts where the old one did, the map's text order is unchanged.
    let orderKept = true;
    for (let i = 0; i < re.segments.length; i++) {
      const o = sourceMap[s0 + i].text.start;
      const n = re.segments[i].text.start;
      if (o.line !== n.line || o.character !== n.character) orderKept = false;
      sourceMap[s0 + i] = re.segments[i];
    }
    sourceMapReplaced(sourceMap, s0, s1, orderKept);
  } else {
    sourceMap = a.sourceMap.slice(0, s0);
    for (const s of re.segments) sourceMap.push(s);
    for (let i = s1; i < a.sourceMap.length; i++) sourceMap.push(a.sourceMap[i]);
  }

  // Text problems: those of the block's field lines are replaced; order as assembleText sorts them.
  const inBody = (p: Problem) => p.text!.start.line >= firstBody && p.text!.start.line < endLine;
  const kept = a.problems.filter((p) => !inBody(p));
  const fresh = [...body.problems, ...re.problems];
  if (kept.length + fresh.length >= MAX_COLLECTED_PROBLEMS) return undefined;
  const problems = [...kept, ...fresh].sort((x, y) => comparePositions(x.text!.start, y.text!.start));

  const bytes = inPlace ? a.bytes : a.bytes.slice();
  bytes.set(re.bytes, start);
  const chunks = inPlace ? a.chunks : a.chunks.slice();
  chunks[k] = re.chunk;
  for (const j of crcLater) {
    // Its payload as assembled (auto values are written again), its segments unchanged.
    const b = blocks[j];
    const at = a.chunks[j].bytes.start;
    const len = b.dataEnd - b.dataStart;
    const p0 = at + Math.max(b.opts.hsize?.value ?? HEADER_SIZE, HEADER_SIZE);
    const payload = bytes.slice(p0, p0 + len);
    const again = reassembleChunk(
      { ...b, pieces: [], dataStart: 0, dataEnd: len },
      payload,
      bytes.subarray(0, at),
      blocks[j - 1].sequence,
      reuse.chunkCount,
      a,
    );
    if (again.bytes.length !== a.chunks[j].bytes.end - at) return undefined;
    bytes.set(again.bytes, at);
    chunks[j] = again.chunk;
    for (const p of again.problems) problems.push(p);
  }
  if (crcLater.length) problems.sort((x, y) => comparePositions(x.text!.start, y.text!.start));
  const newBlocks = inPlace ? blocks : blocks.slice();
  newBlocks[k] = body.block;
  const assembled: AssembledText = {
    ...a,
    bytes,
    sourceMap,
    chunks,
    problems,
    reuse: { ...reuse, blocks: newBlocks },
  };
  const state: TextDecodeState = { ...prev, text, assembled };
  // The stream's bytes before the edited chunk are the same as before (later ones may change too).
  return { doc: documentOf(state), state, changedFrom: start };
}

/** A problem whose cause may reach past one block: a limit met, or a list already capped. */
const tooFar = (p: Problem) => p.code === MORE_PROBLEMS || p.code === 'TEXT-LIMIT';
