// `vmbstate diff A B`: the structural diff (core diffStreams) for people, compiler-style with the
// place of each change in both files, or as JSON; exit status as `git diff --exit-code` with it.

import {
  analyze,
  decodeDocument,
  diffStreams,
  type Analysis,
  type ByteRange,
  type FieldChange,
  type SavedStateDocument,
  type SideStop,
  type StreamDiff,
  type TextRange,
} from '../../core/src';
import type { CliOptions } from './args';
import { location } from './locate';
import { jsonText } from './print';
import { InputError, readInput } from './readInput';
import { withSchemas, writeOptions } from './schemas';

interface Loaded {
  file: string;
  analysis: Analysis;
  /** Why the file could not be read: the diff then runs against an empty side. */
  unreadable?: string;
}

function load(file: string, o: CliOptions): Loaded {
  let bytes: Uint8Array;
  try {
    bytes = readInput(file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return {
      file,
      analysis: analyze(
        decodeDocument(file, new Uint8Array(0), {
          buffering: o.buffering,
          channel: o.channel,
          ...writeOptions(o.loadedSchemas, file),
        }),
      ),
      unreadable: e.message,
    };
  }
  const doc = decodeDocument(file, bytes, {
    buffering: o.buffering,
    channel: o.channel,
    ...writeOptions(o.loadedSchemas, file),
  });
  return { file, analysis: analyze(withSchemas(doc, o.loadedSchemas, file)) };
}

/** `file:line:col` of a place: text line for `.vmbhex`, 16-byte row for binaries (as `check` prints). */
function where(file: string, doc: SavedStateDocument, bytes?: ByteRange, text?: TextRange): string {
  return location(file, doc, { ...(bytes ? { bytes } : {}), ...(text ? { text } : {}) });
}

const result = (d: StreamDiff) =>
  d.identical ? 'identical' : d.equivalent ? 'equivalent (framing only)' : 'different';

export function diffExitStatus(d: StreamDiff, unreadable: boolean, exitCode: boolean): number {
  if (unreadable) return 2;
  if (!exitCode) return 0;
  return d.identical ? 0 : 1;
}

function* humanLines(A: Loaded, B: Loaded, d: StreamDiff): Generator<string> {
  const da = A.analysis.doc;
  const db = B.analysis.doc;
  const head = (tag: string, l: Loaded, s: StreamDiff['a']) =>
    `${tag} ${l.file} (${s.form}, ${s.size} bytes, ${s.records} record(s), ${s.calls} restore call(s); restore ends with ${s.outcome})`;
  yield head('---', A, d.a);
  yield head('+++', B, d.b);
  const stop = (l: Loaded, doc: SavedStateDocument, side: string, s?: SideStop) =>
    s &&
    `${where(l.file, doc, { start: s.at, end: s.at + 1 }, s.text)}: ${side} stopped decoding at byte 0x${s.at.toString(16).toUpperCase().padStart(4, '0')}: [${s.code}] ${s.message.replace(/\.$/, '')}; the diff covers what decodes before it`;
  for (const line of [stop(A, da, 'A', d.a.stop), stop(B, db, 'B', d.b.stop)]) if (line) yield line;
  for (const row of d.rows) {
    if (row.kind === 'same' && !row.reordered && !row.changes.length) continue;
    if (row.kind === 'onlyA' || row.kind === 'onlyB') {
      const [l, doc, ref, side] = row.kind === 'onlyA' ? [A, da, row.a!, 'A'] : [B, db, row.b!, 'B'];
      yield `${where(l.file, doc, ref.bytes, ref.text)}: ${row.key}: only in ${side} (record ${ref.ordinal + 1}, call ${ref.call + 1})`;
      continue;
    }
    const a = row.a!;
    const b = row.b!;
    const tags = [
      row.kind === 'changed'
        ? `${row.changes.filter((c) => c.kind === 'content').length} change(s)`
        : 'no content change',
      row.reordered ? `reordered (record ${a.ordinal + 1} in A, ${b.ordinal + 1} in B)` : '',
    ].filter(Boolean);
    yield `${where(A.file, da, a.bytes, a.text)}: ${where(B.file, db, b.bytes, b.text)}: ${row.key}: ${tags.join(', ')}`;
    for (const c of row.changes) yield `  ${changeLine(A, B, c)}`;
  }
  yield 'Restore, call by call (A → B):';
  let same = 0;
  for (const c of d.calls) {
    if (c.same) {
      same++;
      continue;
    }
    const show = (x?: StreamDiff['calls'][number]['a']) =>
      x ? `${x.statusName}${x.code ? `, ${x.code}${x.on ? ` on ${x.on}` : ''}` : ''}` : '(no such call)';
    yield `  call ${c.call + 1}: ${show(c.a)} → ${show(c.b)}${c.call === d.firstDivergentCall ? '   (first divergence)' : ''}`;
  }
  yield `  ${same} of ${d.calls.length} call(s) return the same; restore ends with ${d.a.outcome} → ${d.b.outcome}`;
  const s = d.summary;
  const framing = Object.entries(s.framing)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const hidden = s.framingTotal
    ? `; ${s.framingTotal} framing difference(s)${framing ? ` (${framing})` : ''}${d.rows.some((r) => r.changes.some((c) => c.kind === 'framing')) ? ' shown' : ' hidden, --framing shows them'}`
    : '; no framing difference';
  yield `Summary: ${s.changed} changed, ${s.onlyA} only in A, ${s.onlyB} only in B, ${s.reordered} reordered, ${s.same} the same${hidden}; ${s.callsDiffering} call(s) differ`;
  const unread = [A, B].filter((l) => l.unreadable);
  const nothing = s.changed + s.onlyA + s.onlyB + s.reordered + s.framingTotal + s.callsDiffering === 0;
  const stopped = d.a.stop || d.b.stop;
  yield `Result: ${unread.length ? `not comparable: ${unread.map((l) => l.file).join(' and ')} could not be read` : stopped && nothing ? 'no difference in what decodes, but not known to be the same: decoding stopped early' : result(d)}`;
}

function changeLine(A: Loaded, B: Loaded, c: FieldChange): string {
  const at = [c.a && where(A.file, A.analysis.doc, c.a, c.aText), c.b && where(B.file, B.analysis.doc, c.b, c.bText)]
    .filter(Boolean)
    .join(': ');
  const value =
    c.old !== undefined && c.new !== undefined
      ? `${c.old} → ${c.new}`
      : c.old !== undefined
        ? `${c.old} (only in A)`
        : `${c.new} (only in B)`;
  return `${at}: ${c.path}: ${value}${c.kind === 'framing' ? '  [framing]' : ''}`;
}

/** The JSON text line by line: each row and call on a line of its own, so its size follows the diff. */
function* jsonLines(A: Loaded, B: Loaded, d: StreamDiff, code: number): Generator<string> {
  const side = (l: Loaded, s: StreamDiff['a']) =>
    jsonText({ file: l.file, ...s, ...(l.unreadable ? { unreadable: l.unreadable } : {}) });
  yield `{"result":${jsonText(A.unreadable || B.unreadable ? 'unreadable' : d.identical ? 'identical' : d.equivalent ? 'equivalent' : 'different')},"exitCode":${code},`;
  yield `"a":${side(A, d.a)},"b":${side(B, d.b)},`;
  yield `"summary":${jsonText(d.summary)},"identical":${d.identical},"equivalent":${d.equivalent},${d.firstDivergentCall !== undefined ? `"firstDivergentCall":${d.firstDivergentCall},` : ''}`;
  const list = function* (key: string, xs: readonly unknown[], last: boolean) {
    yield `${jsonText(key)}:[`;
    for (let i = 0; i < xs.length; i++) yield jsonText(xs[i]) + (i + 1 < xs.length ? ',' : '');
    yield `]${last ? '' : ','}`;
  };
  yield* list('rows', d.rows, false);
  yield* list('differences', d.differences, false);
  yield* list('calls', d.calls, true);
  yield '}';
}

export function runDiff(o: CliOptions, out: (s: string) => void, err: (s: string) => void): number {
  const [A, B] = o.files.map((f) => load(f, o));
  for (const l of [A, B]) if (l.unreadable) err(`vmbstate: ${l.unreadable}`);
  const d = diffStreams(A.analysis, B.analysis, { framing: o.framing });
  for (const [l, s] of [
    [A, d.a],
    [B, d.b],
  ] as const)
    if (l.unreadable) s.stop = { at: 0, code: 'UNREADABLE', message: l.unreadable };
  const code = diffExitStatus(d, !!(A.unreadable || B.unreadable), o.exitCode);
  for (const line of o.json ? jsonLines(A, B, d, code) : humanLines(A, B, d)) out(line);
  return code;
}
