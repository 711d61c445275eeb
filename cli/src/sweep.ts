// `vmbstate sweep FILE [--min N] [--max N] [--json]`: the restore under every distinct packing of
// the stream's whole chunks, and the save side's BUFFER_TOO_SMALL sizes (docs/format.md §8.9).

import { decodeDocument, formatStatus, statusName, sweepBufferSizes, type SweepResult } from '../../core/src';
import type { CliOptions } from './args';
import { jsonText } from './print';
import { readInput } from './readInput';

const name = (s: number) => statusName(s) ?? formatStatus(s);
const span = (from: number, to: number) => (from === to ? `${from}` : `${from}–${to}`);

/** The JSON report: statuses as names, sizes in bytes (docs/format.md §8.9). */
export function sweepJson(file: string, form: string, r: SweepResult): unknown {
  return {
    file,
    form,
    min: r.min,
    max: r.max,
    streamBytes: r.streamBytes,
    chunks: r.chunks,
    largestChunk: r.largestChunk,
    packings: r.packings.map((p) => ({
      from: p.from,
      to: p.to,
      calls: p.calls,
      largestCall: p.largestCall,
      statuses: p.statuses.map(name),
      outcome: name(p.outcome),
      code: p.code ?? null,
      decidingCall: p.decidingCall ?? null,
      committedChunks: p.committedChunks,
    })),
    ranges: r.ranges.map((x) => ({
      from: x.from,
      to: x.to,
      outcome: name(x.outcome),
      code: x.code ?? null,
      packings: x.packings,
    })),
    changes: r.changes,
    smallestWorking: r.smallestWorking ?? null,
    save: r.save
      ? {
          identical: r.save.identical,
          chunks: r.save.chunks,
          largestChunk: r.save.largestChunk,
          ranges: r.save.ranges.map((x) => ({
            from: x.from,
            to: x.to,
            status: name(x.status),
            calls: x.calls,
            bytesRequired: x.bytesRequired ?? null,
          })),
        }
      : null,
    stoppedAt: r.stoppedAt ?? null,
  };
}

export function runSweep(o: CliOptions, out: (s: string) => void): number {
  const file = o.files[0];
  const doc = decodeDocument(file, readInput(file), { channel: o.channel });
  const r = sweepBufferSizes(doc.bytes, { min: o.min, max: o.max, channel: doc.channel });
  if (o.json) {
    out(jsonText(sweepJson(file, doc.form, r), 2));
    return 0;
  }
  out(
    `${file}: ${r.streamBytes} bytes, ${r.chunks.length} chunk(s), largest ${r.largestChunk} bytes; ` +
      `buffer sizes ${span(r.min, r.stoppedAt ?? r.max)}: ${r.packings.length} distinct packing(s)`,
  );
  const rows = r.packings.map((p) => [
    span(p.from, p.to),
    `${p.calls.length}`,
    name(p.outcome) + (p.code ? ` [${p.code}]` : ''),
    p.decidingCall === undefined ? '—' : `call ${p.decidingCall}`,
    `${p.committedChunks}`,
    p.from < p.largestCall ? `sizes below ${p.largestCall}: a chunk gets a buffer of its own` : '',
  ]);
  table(out, ['sizes', 'calls', 'restore ends with', 'decided by', 'chunks committed', ''], rows);
  if (r.changes.length === 0 && r.ranges.length)
    out(`outcome: ${name(r.ranges[0].outcome)}${r.ranges[0].code ? ` [${r.ranges[0].code}]` : ''} at every size`);
  for (const c of r.changes) out(`outcome changes at ${c.at}: ${c.from} → ${c.to}`);
  out(
    r.smallestWorking === undefined
      ? 'smallest working buffer: none in this range'
      : `smallest working buffer: ${r.smallestWorking} bytes`,
  );
  if (r.stoppedAt !== undefined) out(`note: stopped after ${r.packings.length} packings at size ${r.stoppedAt}`);
  if (r.save) {
    out(
      `save side (SaveContinue with a fixed buffer size; re-saving the restored state ${
        r.save.identical ? 'writes this stream byte for byte' : 'writes a different stream'
      }):`,
    );
    table(
      out,
      ['sizes', 'SaveContinue calls', 'last call returns'],
      r.save.ranges.map((x) => [
        span(x.from, x.to),
        `${x.calls}`,
        name(x.status) + (x.bytesRequired !== undefined ? `, BytesRequired ${x.bytesRequired}` : ''),
      ]),
    );
  } else out('save side: not run (the stream does not restore to a saveable state)');
  return 0;
}

function table(out: (s: string) => void, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  out(line(head));
  for (const r of rows) out(line(r));
}
