// The canonical text of a saved state for `git diff` (`vmbstate textconv`, docs/compare.md): call
// and record headers, one field per line, no stream offsets, and values that only follow the
// stream (Sequence, CRCs, PayloadLength, ChunkCount, StreamCrc32c) printed only when they are
// wrong, so inserting one packet changes the lines of that packet and little else.

import type { Analysis } from '../analyze';
import { crc32c } from '../crc32c';
import type { CallTrace } from '../emulator/session';
import { hex } from '../fieldReader';
import { indexAtOffset } from '../lookup';
import type { SavedStateDocument } from '../model';
import { formatStatus, statusName } from '../ntstatus';
import {
  HEADER_KEYS,
  headerConsistent,
  holdsDerivedValue,
  isDerived,
  lengthFollowsContent,
  payloadLeaves,
} from './fields';
import { buildSide, streamCrcBefore, type SideRecord } from './records';

const ROW = 32;

function* hexRows(b: Uint8Array, indent: string): Generator<string> {
  for (let i = 0; i < b.length; i += ROW)
    yield indent + Array.from(b.subarray(i, i + ROW), (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

const isZero = (b: Uint8Array) => b.every((x) => x === 0);

/** The header values worth a line: Flags always; the rest only when not the usual value or not the right one. */
function* headerLines(doc: SavedStateDocument, r: SideRecord): Generator<string> {
  const c = r.chunks[0];
  const h = c.header!;
  const usual: Partial<Record<string, number>> = {
    magic: 0x43534256,
    headerSize: 32,
    versionMajor: 1,
    versionMinor: 0,
    reserved0: 0,
    reserved1: 0,
  };
  for (const [name, key] of HEADER_KEYS) {
    if (key === 'type') continue;
    const v = h[key];
    let show: boolean;
    if (key === 'flags') show = true;
    else if (key === 'sequence' || key === 'payloadCrc' || key === 'headerCrc')
      show = !headerConsistent(c, key) && !(key === 'payloadCrc' && r.chunks.length > 1);
    else if (key === 'payloadLength') show = r.chunks.length === 1 && !lengthFollowsContent(payloadLeaves(doc, r), r);
    else show = v !== usual[key];
    if (!show) continue;
    const f = c.headerFields.find((x) => x.name === name)!;
    yield `    ${name}: ${f.display}${f.note ? ` (${f.note})` : ''}`;
  }
}

/** The canonical text, line by line (a large stream's text is never one string). */
export function* canonicalLines(an: Analysis): Generator<string> {
  const doc = an.doc;
  const side = buildSide(doc);
  let crc: number | undefined;
  const streamCrc = () => (crc ??= streamCrcBefore(side));
  yield '# vmbstate canonical text (docs/compare.md): records by identity, one field per line';
  let call = -1;
  for (const r of side.records) {
    if (r.ref.call !== call) {
      call = r.ref.call;
      // Unnumbered: one record inserted must not renumber every call after it.
      yield 'call';
    }
    if (r.raw) {
      const b = doc.bytes.subarray(r.ref.bytes.start, r.ref.bytes.end);
      yield `  unframed ${b.length} bytes (${r.raw.reason})`;
      yield* hexRows(b, '    ');
      continue;
    }
    const c = r.chunks[0];
    yield `  chunk ${r.key}${r.chunks.length > 1 ? ` (${r.chunks.length} fragments)` : ''}${c.complete ? '' : ' (incomplete)'}`;
    if (!c.header) {
      yield* hexRows(doc.bytes.subarray(c.bytes.start, c.bytes.end), '    ');
      continue;
    }
    yield* headerLines(doc, r);
    const leaves = payloadLeaves(doc, r);
    for (const [path, leaf] of leaves) {
      const f = leaf.node;
      if (isDerived(c.header.type, path) && holdsDerivedValue(side, r, path, leaf, () => leaves, streamCrc)) {
        yield `    ${path}: (right for this stream)`;
        continue;
      }
      if (f.value !== undefined || f.type !== 'bytes') {
        yield `    ${path}: ${f.display}${f.note ? ` (${f.note})` : ''}`;
        continue;
      }
      yield `    ${path}: ${leaf.content.length} bytes${isZero(leaf.content) ? ', all zero' : `, CRC-32C ${hex(crc32c(leaf.content), 8)}`}`;
      if (!isZero(leaf.content)) yield* hexRows(leaf.content, '      ');
    }
    const last = r.chunks[r.chunks.length - 1].paddingBytes;
    const pad = doc.bytes.subarray(last.start, last.end);
    if (!isZero(pad))
      yield `    (padding): ${Array.from(pad, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ')}`;
  }
  yield 'restore';
  for (const t of an.trace) {
    if (t.kind === 'op') {
      yield `  .op ${t.op}: ${t.ok ? 'ok' : 'refused'}`;
      continue;
    }
    yield `  call ${callLine(side, t)}`;
  }
  yield `outcome: ${statusName(an.outcome.status) ?? formatStatus(an.outcome.status)}${an.outcome.code ? ` (${an.outcome.code})` : ''}`;
}

/** `[GPADL 0xE001 PACKET 0x…]: STATUS_…, CODE on KEY`: a call named by the records it examined, not by its number. */
function callLine(side: ReturnType<typeof buildSide>, t: CallTrace): string {
  const keys: string[] = [];
  for (const i of t.chunks) {
    const r = side.recordOfChunk[i];
    const k = r >= 0 ? side.records[r].key : `chunk ${i + 1}`;
    if (keys[keys.length - 1] !== k) keys.push(k);
  }
  const name = `[${keys.join(', ') || 'no chunk'}]: ${statusName(t.status) ?? formatStatus(t.status)}`;
  const f = t.failure;
  if (!f) return name;
  let on = '';
  if (f.bytes) {
    const i = indexAtOffset(side.doc.chunks, f.bytes.start);
    if (i >= 0 && side.recordOfChunk[i] >= 0) on = ` on ${side.records[side.recordOfChunk[i]].key}`;
  }
  return `${name}, ${f.code}${on}`;
}
