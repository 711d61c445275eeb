// Decodes the text form into the same document tree as a binary file: assemble, frame the
// calls the text lays out, then give every node and problem the text range it came from.

import { decodeCalls, stepsBeforeCut } from '../decoder';
import { escapeControl } from '../escape';
import { DEFAULT_MAX_PAYLOAD, VERSION_MAJOR, VERSION_MINOR } from '../layout';
import { defaultChannelConfig, type FieldNode, type Problem, type SavedStateDocument, type TextRange } from '../model';
import { assembleText, type AssembledChunk, type AssembledText } from './assembler';
import { SequentialRangeMapper, textRangeForBytes } from './sourceMap';
import { textProblem } from './textProblems';
import { capProblems } from '../problemCap';
import type { ParseOptions } from './parser';

/** Never throws: an internal failure becomes a TEXT-INTERNAL problem on an empty document. */
export function decodeText(text: string, opts: ParseOptions = {}): SavedStateDocument {
  try {
    return decode(text, opts);
  } catch (e) {
    const at = { line: 0, character: 0 };
    return {
      form: 'text',
      bytes: new Uint8Array(0),
      text,
      calls: [],
      chunks: [],
      steps: [],
      channel: defaultChannelConfig(),
      stream: { versionMajor: VERSION_MAJOR, versionMinor: VERSION_MINOR, maxPayload: DEFAULT_MAX_PAYLOAD },
      problems: [
        textProblem(
          'TEXT-INTERNAL',
          `internal error while reading the text: ${escapeControl(e instanceof Error ? e.message : String(e))}`,
          { start: at, end: at },
        ),
      ],
      sourceMap: [],
    };
  }
}

function decode(text: string, opts: ParseOptions): SavedStateDocument {
  return decodeAssembled(text, assembleText(text, opts), opts);
}

/** The document of a text already assembled (`a` is assembleText(text, opts), or incremental.ts's equal of it). */
export function decodeAssembled(text: string, a: AssembledText, opts: ParseOptions = {}): SavedStateDocument {
  // Field trees are built lazily by the decoder; each gets its text ranges when it is built.
  // The callback keeps the source map alive, nothing else of the assembly (it lives as long as the nodes).
  const segs = a.sourceMap;
  const doc = decodeCalls(a.bytes, a.calls, 'text', {
    channel: a.channel,
    maxProblems: opts.maxProblems,
    maxChunks: opts.maxChunks,
    onFields: (fs) => mapFields(new SequentialRangeMapper(segs), fs),
  });
  doc.text = text;
  doc.sourceMap = a.sourceMap;
  // The chunk limit in a .raw block stops the restore before the call holding it; a limit the
  // parser met stops it where the text stopped being read (after every call read).
  if (!doc.cut && a.stopped) doc.cut = { code: 'TEXT-LIMIT', at: a.bytes.length, call: a.calls.length };
  doc.steps = stepsBeforeCut(a.steps, doc.cut);
  doc.channel = a.channel;
  doc.stream = a.stream;
  if (a.expectEnd) doc.expectEnd = a.expectEnd;
  if (a.saveSteps.length) doc.saveSteps = a.saveSteps;
  if (a.schemas) doc.schemaDirectives = a.schemas;

  // A framed chunk that starts where a .chunk block starts belongs to that block's directive.
  const blocks = new Map<number, AssembledChunk>();
  for (const c of a.chunks) {
    const prev = blocks.get(c.bytes.start);
    if (!prev || prev.bytes.end === prev.bytes.start) blocks.set(c.bytes.start, c);
  }
  // Items come in byte order: one mapper walks the source map along with them.
  const map = new SequentialRangeMapper(a.sourceMap);
  for (const call of doc.calls) {
    for (const item of call.items) {
      if (item.kind === 'raw') {
        item.text = map.textRange(item.bytes, true);
        continue;
      }
      const block = blocks.get(item.bytes.start);
      item.text = block?.directive ?? map.textRange(item.headerBytes, true);
      // Header values the .chunk line sets against the computed ones: the cause its errors name.
      for (const o of block?.overrides ?? []) (doc.headerOverrides ??= []).push({ chunk: item.index, ...o });
    }
  }
  for (const p of doc.problems) {
    const t = textRangeForProblem(doc, p);
    if (t) p.text = t;
    for (const r of p.related ?? []) {
      if (r.bytes && !r.text) {
        const rt = textRangeForBytes(doc, r.bytes, true);
        if (rt) r.text = rt;
      }
    }
  }
  doc.problems = capProblems([...a.problems, ...doc.problems], opts.maxProblems);
  return doc;
}

function mapFields(map: SequentialRangeMapper, fields: FieldNode[]): void {
  for (const f of fields) {
    const t = map.textRange(f.bytes);
    if (t) f.text = t;
    if (f.children) mapFields(map, f.children);
  }
}

/**
 * Where a finding about bytes shows in the text: the text of its bytes; for an empty or
 * unmapped range the directive of its chunk, else the nearest source segment, else its call.
 */
export function textRangeForProblem(doc: SavedStateDocument, p: Problem): TextRange | undefined {
  if (p.bytes) {
    const t = textRangeForBytes(doc, p.bytes);
    if (t) return t;
  }
  if (p.chunk !== undefined && doc.chunks[p.chunk]?.text) return doc.chunks[p.chunk].text;
  if (p.bytes) {
    const t = textRangeForBytes(doc, p.bytes, true);
    if (t) return t;
  }
  if (p.call !== undefined) return doc.calls[p.call]?.text;
  return undefined;
}
