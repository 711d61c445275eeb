// How the Step Restore runtime presents the document: the plan event a session sends on launch,
// call and chunk labels, an item's whole text block, and the console lines of each trace entry.

import {
  formatStatus,
  statusHex,
  statusName,
  type CallNode,
  type ChunkNode,
  type RawNode,
  type SavedStateDocument,
  type TextRange,
  type TraceEntry,
} from '../../core/src';
import type { PlanEventBody } from './protocol';
import { isFailure } from './stopReasons';

export type OutputCategory = 'console' | 'stdout' | 'stderr' | 'important';

/** Whether a 0-based line falls inside a range that may end at column 0 of the next line. */
export function lineInRange(r: TextRange, line: number): boolean {
  const last = r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
  return line >= r.start.line && line <= last;
}

export type Item = ChunkNode | RawNode;

const linesCache = new WeakMap<SavedStateDocument, string[]>();

/**
 * The whole block of an item in the text form: its `.chunk` (or `.raw`) line through the matching
 * `.end` (`.endraw`). The decoder gives items the directive line; breakpoints and stack frames
 * cover the block.
 */
export function blockText(doc: SavedStateDocument, it: Item): TextRange | undefined {
  const t = it.text;
  if (!t || doc.form !== 'text' || doc.text === undefined) return t;
  let lines = linesCache.get(doc);
  if (!lines) {
    lines = doc.text.split(/\r\n|\r|\n/);
    linesCache.set(doc, lines);
  }
  const first = t.start.line;
  const opener = (lines[first] ?? '').trim();
  const isRaw = /^\.raw\b/.test(opener);
  if (!isRaw && !/^\.chunk\b/.test(opener)) return t;
  const closer = isRaw ? /^\.endraw\b/ : /^\.end\b(?!raw)/;
  for (let i = first + 1; i < lines.length; i++) {
    const l = lines[i].trim();
    if (closer.test(l)) return { start: t.start, end: { line: i, character: lines[i].length } };
    if (/^\.(chunk|call|raw|op|expect|expect-end|channel|stream)\b/.test(l))
      return { start: t.start, end: { line: i - 1, character: lines[i - 1].length } };
  }
  const last = lines.length - 1;
  return { start: t.start, end: { line: last, character: lines[last].length } };
}

/** The plan event a session sends on launch: every call with its buffer, chunks and expectation. */
export function planEvent(doc: SavedStateDocument, uri: string, path: string): PlanEventBody {
  const runs = new Set(doc.steps.flatMap((s) => (s.kind === 'call' ? [s.call] : [])));
  return {
    uri,
    path,
    form: doc.form,
    size: doc.bytes.length,
    steps: doc.steps,
    problems: doc.problems.length,
    calls: doc.calls.map((c) => ({
      call: c.index,
      bytes: c.bytes,
      size: c.size,
      bufferNull: c.bufferNull,
      ...(c.text ? { text: c.text } : {}),
      runs: runs.has(c.index),
      ...(c.expect
        ? {
            expect: {
              status: c.expect.status,
              statusName: statusName(c.expect.status) ?? statusHex(c.expect.status),
              ...(c.expect.diag ? { diag: c.expect.diag } : {}),
            },
          }
        : {}),
      items: c.items.map((it) =>
        it.kind === 'chunk'
          ? {
              kind: 'chunk' as const,
              index: it.index,
              typeName: it.typeName,
              ...(it.header ? { sequence: it.header.sequence } : {}),
              bytes: it.bytes,
              ...(it.text ? { text: blockText(doc, it) } : {}),
            }
          : {
              kind: 'raw' as const,
              typeName: 'raw',
              bytes: it.bytes,
              ...(it.text ? { text: blockText(doc, it) } : {}),
            },
      ),
    })),
  };
}

export function callLabel(call: CallNode): string {
  const n = call.items.filter((i) => i.kind === 'chunk').length;
  const size = call.size !== call.bytes.end - call.bytes.start ? ` size=${call.size}` : '';
  const buf = call.bufferNull ? ' buffer=NULL' : '';
  return `call ${call.index + 1} [${call.bytes.start}..${call.bytes.end})${buf}${size} ${n} chunk${n === 1 ? '' : 's'}`;
}

export function itemLabel(it: Item): string {
  const at = '@0x' + it.bytes.start.toString(16).toUpperCase();
  if (it.kind === 'raw') return `raw ${at} (${it.bytes.end - it.bytes.start} bytes)`;
  return `chunk ${it.index + 1} ${it.typeName} ${at}`;
}

/**
 * One console line per restore call (plus indented detail lines). `at` is the text a line links
 * to when it is not the call's own: the `.expect` line for the `.expect` check.
 */
export function traceLines(
  doc: SavedStateDocument,
  e: TraceEntry,
): { text: string; category: OutputCategory; at?: TextRange }[] {
  if (e.kind === 'op') return [{ text: `op ${e.message}`, category: e.ok ? 'stdout' : 'stderr' }];
  const call = doc.calls[e.call];
  const failed = isFailure(e.status);
  const out: { text: string; category: OutputCategory; at?: TextRange }[] = [
    { text: `${callLabel(call)} → ${formatStatus(e.status)}`, category: failed ? 'stderr' : 'stdout' },
  ];
  if (e.failure) out.push({ text: `    ${e.failure.code}: ${e.failure.message}`, category: 'stderr' });
  for (const w of e.warnings) out.push({ text: `    warning ${w.code}: ${w.message}`, category: 'stdout' });
  if (e.expect) {
    const at = call.expect?.text ? { at: call.expect.text } : {};
    out.push(
      e.expect.ok
        ? {
            text: `    .expect ${formatStatus(e.expect.status)}${e.expect.diag ? ` diag=${e.expect.diag}` : ''}: ok`,
            category: 'stdout',
            ...at,
          }
        : {
            text: `    .expect ${formatStatus(e.expect.status)}${e.expect.diag ? ` diag=${e.expect.diag}` : ''}: MISMATCH, returned ${formatStatus(e.status)}${e.failure ? ` (${e.failure.code})` : ''}`,
            category: 'stderr',
            ...at,
          },
    );
  }
  return out;
}
