// `vmbstate dump`: the chunk tree and the restore trace of one file, for people or as JSON.

import {
  analyze, decodeDocument, formatStatus, hex, isProgressDespiteNtSuccessFalse, statusMeaning, toWire,
  type Analysis, type ChunkNode, type FieldNode, type RawNode,
} from '../../core/src';
import type { CliOptions } from './args';
import { offsetNote } from './locate';
import { readInput } from './readInput';

const off = (n: number) => hex(n, 4);

function fieldLines(fields: FieldNode[], indent: string, out: string[]): void {
  const width = Math.max(0, ...fields.map((f) => f.name.length));
  for (const f of fields) {
    if (f.children) {
      out.push(`${indent}${f.name}  @${off(f.bytes.start)}`);
      fieldLines(f.children, indent + '  ', out);
      continue;
    }
    const note = f.note ? `  (${f.note})` : '';
    out.push(`${indent}${f.name.padEnd(width)}  @${off(f.bytes.start)}  ${f.display}${note}`);
  }
}

function itemLines(it: ChunkNode | RawNode, fields: boolean, out: string[]): void {
  const size = it.bytes.end - it.bytes.start;
  if (it.kind === 'raw') {
    out.push(`  raw  @${off(it.bytes.start)}  ${size} B  (${it.reason})`);
    return;
  }
  const h = it.header;
  const desc = h ? `seq ${h.sequence}  ${size} B  payload ${h.payloadLength} B` : `${size} B`;
  out.push(`  chunk ${it.index}  ${it.typeName}  @${off(it.bytes.start)}  ${desc}${it.complete ? '' : '  (incomplete)'}`);
  if (!fields) return;
  fieldLines(it.headerFields, '      ', out);
  if (it.payloadFields.length) {
    out.push('      -- payload --');
    fieldLines(it.payloadFields, '      ', out);
  }
}

export function renderDump(file: string, a: Analysis, fields: boolean): string {
  const d = a.doc;
  const out: string[] = [];
  out.push(`${file}: ${d.form} form, ${d.bytes.length} bytes, ${d.calls.length} restore call(s), ${d.chunks.length} chunk(s)`);
  for (const c of d.calls) {
    const args = `${c.bufferNull ? 'Buffer=NULL, ' : ''}BufferSize=${c.size}`;
    out.push(`call ${c.index + 1}  [${off(c.bytes.start)}..${off(c.bytes.end)})  ${args}`);
    for (const it of c.items) itemLines(it, fields, out);
  }
  out.push('');
  out.push(`Restore trace (emulated VmbChannelRestoreFromBuffer; channel starts ${d.channel.state}${d.channel.handle === 'null' ? ', handle NULL' : ''}):`);
  for (const t of a.trace) {
    if (t.kind === 'op') {
      out.push(`  .op ${t.op}: ${t.message}`);
      continue;
    }
    const chunks = t.chunks.map((i) => d.chunks[i].typeName).join(' ');
    out.push(`  call ${t.call + 1}  [${chunks || (t.failure ? 'refused before reading the buffer' : 'no chunk')}]  → ${formatStatus(t.status)}  NT_SUCCESS=${t.ntSuccess ? 'TRUE' : 'FALSE'}${isProgressDespiteNtSuccessFalse(t.status) ? ' (yet progress: call again with the next buffer)' : ''}`);
    if (t.failure) out.push(`      ${t.failure.code}: ${t.failure.message}${offsetNote(t.failure)}`);
    for (const w of t.warnings) out.push(`      warning ${w.code}: ${w.message}`);
    if (t.expect) out.push(`      .expect ${formatStatus(t.expect.status)}${t.expect.diag ? ` diag=${t.expect.diag}` : ''}: ${t.expect.ok ? 'ok' : 'MISMATCH'}`);
  }
  out.push(`Outcome: ${formatStatus(a.outcome.status)}: ${statusMeaning(a.outcome.status)}`);
  const errors = a.problems.filter((p) => p.severity === 'error');
  out.push(errors.length ? `Problems: ${errors.length} error(s); run 'vmbstate check ${file}' for locations.` : 'Problems: none');
  return out.join('\n');
}

export function runDump(o: CliOptions, out: (s: string) => void): number {
  const file = o.files[0];
  const a = analyze(decodeDocument(file, readInput(file), { buffering: o.buffering, channel: o.channel }));
  out(o.json ? JSON.stringify(toWire(a), null, 2) : renderDump(file, a, o.fields));
  return 0;
}
