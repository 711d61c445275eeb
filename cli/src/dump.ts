// `vmbstate dump`: the chunk tree and the restore trace of one file, for people or as JSON.

import {
  formatStatus,
  hex,
  ntSuccess,
  ntSuccessTrapBrief,
  statusMeaning,
  transientFields,
  type Analysis,
  type CallNode,
  type CallTrace,
  type ChannelConfig,
  type ChunkNode,
  type Problem,
  type FieldNode,
  type RawNode,
} from '../../core/src';
import type { CliOptions } from './args';
import { analyzeInput } from './analyzeInput';
import { dumpJsonLines } from './dumpJson';
import { offsetNote } from './locate';
import { canStream, streamedDump, streamedDumpJson } from './streamDump';

const off = (n: number) => hex(n, 4);

function* fieldLines(fields: FieldNode[], indent: string): Generator<string> {
  const width = Math.max(0, ...fields.map((f) => f.name.length));
  for (const f of fields) {
    if (f.children) {
      yield `${indent}${f.name}  @${off(f.bytes.start)}`;
      yield* fieldLines(f.children, indent + '  ');
      continue;
    }
    const note = f.note ? `  (${f.note})` : '';
    yield `${indent}${f.name.padEnd(width)}  @${off(f.bytes.start)}  ${f.display}${note}`;
  }
}

export function* itemLines(it: ChunkNode | RawNode, fields: boolean): Generator<string> {
  const size = it.bytes.end - it.bytes.start;
  if (it.kind === 'raw') {
    yield `  raw  @${off(it.bytes.start)}  ${size} B  (${it.reason})`;
    return;
  }
  const h = it.header;
  const desc = h ? `seq ${h.sequence}  ${size} B  payload ${h.payloadLength} B` : `${size} B`;
  yield `  chunk ${it.index + 1}  ${it.typeName}  @${off(it.bytes.start)}  ${desc}${it.complete ? '' : '  (incomplete)'}`;
  if (!fields) return;
  // Built per chunk and let go: a dump holds one chunk's trees at a time, never the stream's.
  yield* fieldLines(transientFields(it, 'headerFields'), '      ');
  const payload = transientFields(it, 'payloadFields');
  if (payload.length) {
    yield '      -- payload --';
    yield* fieldLines(payload, '      ');
  }
}

/** A restore call's lines in the trace; `typeName` names a chunk by index. */
export function* callTraceLines(t: CallTrace, typeName: (chunk: number) => string): Generator<string> {
  const chunks = t.chunks.map(typeName).join(' ');
  yield `  call ${t.call + 1}  [${chunks || (t.failure ? 'refused before reading the buffer' : 'no chunk')}]  → ${formatStatus(t.status)}  NT_SUCCESS=${t.ntSuccess ? 'TRUE' : 'FALSE'}${ntSuccessTrapBrief(t.status) ? ` (${ntSuccessTrapBrief(t.status)})` : ''}`;
  if (t.failure) yield `      ${t.failure.code}: ${t.failure.message}${offsetNote(t.failure)}`;
  for (const w of t.warnings) yield `      warning ${w.code}: ${w.message}`;
  if (t.expect)
    yield `      .expect ${formatStatus(t.expect.status)}${t.expect.diag ? ` diag=${t.expect.diag}` : ''}: ${t.expect.ok ? 'ok' : 'MISMATCH'}`;
}

/** The first line of a call in the dump. */
export function callLine(c: CallNode): string {
  const args = `${c.bufferNull ? 'Buffer=NULL, ' : ''}BufferSize=${c.size}`;
  return `call ${c.index + 1}  [${off(c.bytes.start)}..${off(c.bytes.end)})  ${args}`;
}

/** The line that opens the restore trace. */
export function traceHead(channel: ChannelConfig): string {
  return `Restore trace (emulated VmbChannelRestoreFromBuffer; channel starts ${channel.state}${channel.handle === 'null' ? ', handle NULL' : ''}):`;
}

/** The last line: how many errors, or none. */
export function problemsLine(file: string, problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error');
  return errors.length
    ? `Problems: ${errors.length} error(s); run 'vmbstate check ${file}' for locations.`
    : 'Problems: none';
}

/** The dump for people, line by line (a large stream's dump is never one string). */
export function* renderDump(file: string, a: Analysis, fields: boolean): Generator<string> {
  const d = a.doc;
  yield `${file}: ${d.form} form, ${d.bytes.length} bytes, ${d.calls.length} restore call(s), ${d.chunks.length} chunk(s)`;
  for (const c of d.calls) {
    yield callLine(c);
    for (const it of c.items) yield* itemLines(it, fields);
  }
  yield '';
  yield traceHead(d.channel);
  for (const t of a.trace) {
    if (t.kind === 'op') {
      yield `  .op ${t.op}: ${t.message}`;
      if (t.warning) yield `      warning ${t.warning.code}: ${t.warning.message}`;
      continue;
    }
    yield* callTraceLines(t, (i) => d.chunks[i].typeName);
  }
  yield `Outcome: ${formatStatus(a.outcome.status)}: ${statusMeaning(a.outcome.status)}`;
  if (a.save) yield* saveLines(a);
  yield problemsLine(file, a.problems);
}

/** The fixture's save calls (docs/format.md §9.5): status, NT_SUCCESS, BytesFilled, BytesRequired, chunks written. */
function* saveLines(a: Analysis): Generator<string> {
  const save = a.save!;
  yield '';
  yield `Save trace (emulated VmbChannelSaveBegin/SaveContinue/SaveEnd; ${save.chunks.length} chunk(s) to write):`;
  for (const t of save.trace) {
    const n = `  save ${t.index + 1}`;
    if (t.call === 'begin') yield `${n}  SaveBegin  → ${formatStatus(t.status!)}`;
    else if (t.call === 'end')
      yield `${n}  SaveEnd${t.refused ? '  (refused)' : `  (${t.unwritten} chunk(s) never written)`}`;
    else {
      const trap = ntSuccessTrapBrief(t.status!);
      const chunks = t.written.map((i) => save.chunks[i].label).join(', ');
      yield `${n}  SaveContinue(BufferSize=${t.bufferSize})  → ${formatStatus(t.status!)}  NT_SUCCESS=${ntSuccess(t.status!) ? 'TRUE' : 'FALSE'}${trap ? ` (${trap})` : ''}  BytesFilled=${t.bytesFilled}  BytesRequired=${t.bytesRequired}  [${chunks || 'nothing written'}]`;
    }
    if (t.refused) yield `      ${t.refused.code}: ${t.refused.message}`;
    if (t.expect)
      yield `      .expect ${formatStatus(t.expect.status)}${t.expect.diag ? ` diag=${t.expect.diag}` : ''}: ${t.expect.ok ? 'ok' : 'MISMATCH'}`;
  }
}

export function runDump(o: CliOptions, out: (s: string) => void): number {
  const file = o.files[0];
  // A binary stream is dumped in streaming passes, in memory bounded by its largest call (docs/format.md §8.3).
  if (canStream(file, o)) {
    if (o.json) streamedDumpJson(file, o, out);
    else streamedDump(file, o, out);
    return 0;
  }
  // The human dump shows no text range: a text is first analysed without its source map.
  const a = analyzeInput(file, o, !o.json);
  const lines = o.json ? dumpJsonLines(a, o.fields) : renderDump(file, a, o.fields);
  for (const line of lines) out(line);
  return 0;
}
