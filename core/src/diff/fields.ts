// Field-level comparison of two matched records: header values, payload fields by path, padding
// and call boundaries, each classed as content or framing (docs/compare.md, "Framing").

import { CHUNK_TYPES, FLAG_CONTINUES, OFF } from '../layout';
import type { ByteRange, ChunkHeader, ChunkNode, FieldNode, SavedStateDocument, TextRange } from '../model';
import { decodePayload } from '../payload';
import { textRangeForBytes } from '../text/sourceMap';
import { recordPayload, streamCrcBefore, type Side, type SideRecord } from './records';
import type { ChangeKind, FieldChange } from './types';

/** A leaf field of one side, with its content bytes and where it sits in the stream. */
export interface Leaf {
  node: FieldNode;
  content: Uint8Array;
  bytes: ByteRange;
  text?: TextRange;
}

export const HEADER_KEYS: [string, keyof ChunkHeader][] = [
  ['Magic', 'magic'],
  ['HeaderSize', 'headerSize'],
  ['VersionMajor', 'versionMajor'],
  ['VersionMinor', 'versionMinor'],
  ['Reserved0', 'reserved0'],
  ['Type', 'type'],
  ['Flags', 'flags'],
  ['Sequence', 'sequence'],
  ['PayloadLength', 'payloadLength'],
  ['PayloadCrc32c', 'payloadCrc'],
  ['Reserved1', 'reserved1'],
  ['HeaderCrc32c', 'headerCrc'],
];

/** Equal bytes; four at a time when both views are 4-aligned (chunks are 8-aligned in a stream). */
export function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  let i = 0;
  if (x.byteOffset % 4 === 0 && y.byteOffset % 4 === 0) {
    const n = x.length >>> 2;
    const wx = new Uint32Array(x.buffer, x.byteOffset, n);
    const wy = new Uint32Array(y.buffer, y.byteOffset, n);
    for (let k = 0; k < n; k++) if (wx[k] !== wy[k]) return false;
    i = n << 2;
  }
  for (; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function firstDifference(x: Uint8Array, y: Uint8Array): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return i;
  return n;
}

/** `4096 bytes, at +0x0012: 41 42 43 44 45 46 47 48…`: where two blobs first differ, not the whole blob. */
function bytesDisplay(b: Uint8Array, at: number): string {
  const show = Array.from(b.subarray(at, at + 8), (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  const where =
    at >= b.length
      ? `, ends at +0x${at.toString(16).toUpperCase()}`
      : `, at +0x${at.toString(16).toUpperCase().padStart(4, '0')}: ${show}${b.length > at + 8 ? '…' : ''}`;
  return `${b.length} bytes${where}`;
}

const shown = (f: FieldNode) => (f.note ? `${f.display} (${f.note})` : f.display);

/** Leaf fields by dotted path; a name repeated among siblings gets `[n]` from its second occurrence. */
function flatten(fields: readonly FieldNode[], prefix: string, out: Map<string, FieldNode>): void {
  const count = new Map<string, number>();
  for (const f of fields) {
    const n = count.get(f.name) ?? 0;
    count.set(f.name, n + 1);
    const path = prefix + f.name + (n ? `[${n}]` : '');
    if (f.children) flatten(f.children, path + '.', out);
    else out.set(path, f);
  }
}

/** The payload leaves of a record: the chunk's own fields, or a chain's joined record mapped back to the stream. */
export function payloadLeaves(doc: SavedStateDocument, r: SideRecord): Map<string, Leaf> {
  const map = new Map<string, FieldNode>();
  const out = new Map<string, Leaf>();
  if (r.chunks.length === 1) {
    flatten(r.chunks[0].payloadFields, '', map);
    for (const [p, f] of map)
      out.set(p, {
        node: f,
        content: doc.bytes.subarray(f.bytes.start, f.bytes.end),
        bytes: f.bytes,
        ...(f.text ? { text: f.text } : {}),
      });
    return out;
  }
  const joined = recordPayload(doc, r.chunks);
  // Joined offset → stream offset, fragment by fragment.
  const starts: number[] = [];
  let at = 0;
  for (const c of r.chunks) {
    starts.push(at);
    at += c.payloadBytes.end - c.payloadBytes.start;
  }
  const toStream = (off: number, isEnd: boolean): number => {
    let i = r.chunks.length - 1;
    while (i > 0 && (isEnd ? starts[i] >= off : starts[i] > off)) i--;
    return r.chunks[i].payloadBytes.start + (off - starts[i]);
  };
  flatten(decodePayload(r.chunks[0].header!.type, joined, 0, joined.length).fields, '', map);
  for (const [p, f] of map) {
    const bytes = { start: toStream(f.bytes.start, false), end: toStream(f.bytes.end, true) };
    const text = doc.form === 'text' ? textRangeForBytes(doc, bytes) : undefined;
    out.set(p, { node: f, content: joined.subarray(f.bytes.start, f.bytes.end), bytes, ...(text ? { text } : {}) });
  }
  return out;
}

/** Whether a side's PayloadLength only follows its content: its fields end exactly at the payload's end. */
export function lengthFollowsContent(leaves: Map<string, Leaf>, r: SideRecord): boolean {
  const c = r.chunks[0];
  if (!c.complete) return false;
  let end = c.payloadBytes.start;
  for (const [p, l] of leaves) {
    if (p === 'Trailing' || p.endsWith('(truncated)')) return false;
    end = Math.max(end, l.bytes.end);
  }
  return end === c.payloadBytes.end;
}

/** BEGIN's and END's ChunkCount and END's StreamCrc32c follow the other chunks (framing while right). */
export function isDerived(type: number, path: string): boolean {
  return (
    (type === CHUNK_TYPES.BEGIN && path === 'ChunkCount') ||
    (type === CHUNK_TYPES.END && (path === 'ChunkCount' || path === 'StreamCrc32c'))
  );
}

/** Whether a derived payload field holds the value the rest of its stream requires. */
export function holdsDerivedValue(
  side: Side,
  r: SideRecord,
  path: string,
  leaf: Leaf,
  leaves: () => Map<string, Leaf>,
  streamCrc: () => number,
): boolean {
  const type = r.chunks[0].header?.type;
  const v = Number(leaf.node.value);
  const count = side.endChunk >= 0 ? side.endChunk + 1 : side.doc.chunks.length;
  if (type === CHUNK_TYPES.BEGIN && path === 'ChunkCount') return v === 0 || v === count;
  if (type !== CHUNK_TYPES.END || r.chunks[0].index !== side.endChunk) return false;
  if (path === 'ChunkCount') return v === count;
  if (path !== 'StreamCrc32c') return false;
  const flags = leaves().get('EndFlags')?.node.value;
  // Without HasStreamCrc nothing checks the field.
  if (flags !== undefined && (Number(flags) & 1) === 0) return true;
  return v === streamCrc();
}

/** Whether a header value that follows the stream holds the right value: Sequence its position, the CRCs the computed ones. */
export function headerConsistent(c: ChunkNode, key: keyof ChunkHeader): boolean {
  const h = c.header!;
  if (key === 'sequence') return h.sequence === c.index;
  if (key === 'payloadCrc') return h.payloadCrc === c.computedPayloadCrc;
  if (key === 'headerCrc') return h.headerCrc === c.computedHeaderCrc;
  return true;
}

export class PairComparer {
  private crc = new Map<Side, number>();
  constructor(
    private readonly a: Side,
    private readonly b: Side,
  ) {}

  /** Every difference of a matched pair, content and framing. */
  compare(ra: SideRecord, rb: SideRecord): FieldChange[] {
    const out: FieldChange[] = [];
    if (ra.startsCall !== rb.startsCall)
      out.push({
        path: '(call boundary)',
        kind: 'framing',
        old: ra.startsCall ? 'starts a call' : 'inside a call',
        new: rb.startsCall ? 'starts a call' : 'inside a call',
        a: ra.ref.bytes,
        b: rb.ref.bytes,
      });
    if (ra.raw || rb.raw) {
      const x = this.a.doc.bytes.subarray(ra.ref.bytes.start, ra.ref.bytes.end);
      const y = this.b.doc.bytes.subarray(rb.ref.bytes.start, rb.ref.bytes.end);
      if (!sameBytes(x, y)) {
        const at = firstDifference(x, y);
        out.push(
          this.change('(bytes)', 'content', bytesDisplay(x, at), bytesDisplay(y, at), ra.ref.bytes, rb.ref.bytes),
        );
      }
      return out;
    }
    if (ra.chunks.length !== rb.chunks.length)
      out.push({
        path: '(fragments)',
        kind: 'framing',
        old: `${ra.chunks.length} chunk(s)`,
        new: `${rb.chunks.length} chunk(s)`,
        a: ra.ref.bytes,
        b: rb.ref.bytes,
      });
    this.header(ra, rb, out);
    this.payload(ra, rb, out);
    this.padding(ra, rb, out);
    return out;
  }

  private change(
    path: string,
    kind: ChangeKind,
    old: string,
    now: string,
    a: ByteRange,
    b: ByteRange,
    aText?: TextRange,
    bText?: TextRange,
  ): FieldChange {
    return { path, kind, old, new: now, a, b, ...(aText ? { aText } : {}), ...(bText ? { bText } : {}) };
  }

  private header(ra: SideRecord, rb: SideRecord, out: FieldChange[]): void {
    const ca = ra.chunks[0];
    const cb = rb.chunks[0];
    const ha = ca.header;
    const hb = cb.header;
    if (!ha || !hb) {
      const x = this.a.doc.bytes.subarray(ca.headerBytes.start, ca.headerBytes.end);
      const y = this.b.doc.bytes.subarray(cb.headerBytes.start, cb.headerBytes.end);
      if (!sameBytes(x, y))
        out.push(
          this.change(
            '(header bytes)',
            'content',
            bytesDisplay(x, firstDifference(x, y)),
            bytesDisplay(y, firstDifference(x, y)),
            ca.headerBytes,
            cb.headerBytes,
          ),
        );
      return;
    }
    const chain = ra.chunks.length > 1 || rb.chunks.length > 1;
    let leavesA: Map<string, Leaf> | undefined;
    let leavesB: Map<string, Leaf> | undefined;
    for (const [name, key] of HEADER_KEYS) {
      let va = ha[key];
      let vb = hb[key];
      // A chain's split (where CONTINUES falls, each fragment's length and CRC) is framing: its record is compared whole.
      if (key === 'flags' && chain) {
        va &= ~FLAG_CONTINUES;
        vb &= ~FLAG_CONTINUES;
      }
      if (va === vb) continue;
      let kind: ChangeKind = 'content';
      if (key === 'sequence' || key === 'headerCrc')
        kind = headerConsistent(ca, key) && headerConsistent(cb, key) ? 'framing' : 'content';
      else if (key === 'payloadCrc')
        kind = chain || (headerConsistent(ca, key) && headerConsistent(cb, key)) ? 'framing' : 'content';
      else if (key === 'payloadLength') {
        leavesA = payloadLeaves(this.a.doc, ra);
        leavesB = payloadLeaves(this.b.doc, rb);
        kind =
          chain || (lengthFollowsContent(leavesA, ra) && lengthFollowsContent(leavesB, rb)) ? 'framing' : 'content';
      }
      const fa = ca.headerFields.find((f) => f.name === name)!;
      const fb = cb.headerFields.find((f) => f.name === name)!;
      out.push(this.change(name, kind, shown(fa), shown(fb), fa.bytes, fb.bytes, fa.text, fb.text));
    }
    const ea = this.a.doc.bytes.subarray(ca.headerBytes.start + OFF.headerCrc + 4, ca.headerBytes.end);
    const eb = this.b.doc.bytes.subarray(cb.headerBytes.start + OFF.headerCrc + 4, cb.headerBytes.end);
    if (!sameBytes(ea, eb)) {
      const at = firstDifference(ea, eb);
      out.push(
        this.change(
          'HeaderExtension',
          'content',
          bytesDisplay(ea, at),
          bytesDisplay(eb, at),
          { start: ca.headerBytes.start + 32, end: ca.headerBytes.end },
          { start: cb.headerBytes.start + 32, end: cb.headerBytes.end },
        ),
      );
    }
  }

  private payload(ra: SideRecord, rb: SideRecord, out: FieldChange[]): void {
    // Equal payload bytes: no field can differ (the common case, and the cheap one: no field tree is built).
    if (sameBytes(recordPayload(this.a.doc, ra.chunks), recordPayload(this.b.doc, rb.chunks))) return;
    const la = payloadLeaves(this.a.doc, ra);
    const lb = payloadLeaves(this.b.doc, rb);
    const type = ra.chunks[0].header!.type;
    for (const [path, x] of la) {
      const y = lb.get(path);
      if (!y) {
        out.push({ path, kind: 'content', old: shown(x.node), a: x.bytes, ...(x.text ? { aText: x.text } : {}) });
        continue;
      }
      const valued = x.node.value !== undefined && y.node.value !== undefined;
      if (
        valued
          ? x.node.type === y.node.type && String(x.node.value) === String(y.node.value)
          : sameBytes(x.content, y.content)
      )
        continue;
      const at = valued ? 0 : firstDifference(x.content, y.content);
      const old = valued ? shown(x.node) : bytesDisplay(x.content, at);
      const now = valued ? shown(y.node) : bytesDisplay(y.content, at);
      out.push(
        this.change(path, this.payloadKind(type, path, ra, rb, x, y), old, now, x.bytes, y.bytes, x.text, y.text),
      );
    }
    for (const [path, y] of lb)
      if (!la.has(path))
        out.push({ path, kind: 'content', new: shown(y.node), b: y.bytes, ...(y.text ? { bText: y.text } : {}) });
  }

  private streamCrc(side: Side): number {
    let crc = this.crc.get(side);
    if (crc === undefined) this.crc.set(side, (crc = streamCrcBefore(side)));
    return crc;
  }

  private payloadKind(type: number, path: string, ra: SideRecord, rb: SideRecord, x: Leaf, y: Leaf): ChangeKind {
    if (!isDerived(type, path)) return 'content';
    const okA = holdsDerivedValue(
      this.a,
      ra,
      path,
      x,
      () => payloadLeaves(this.a.doc, ra),
      () => this.streamCrc(this.a),
    );
    const okB = holdsDerivedValue(
      this.b,
      rb,
      path,
      y,
      () => payloadLeaves(this.b.doc, rb),
      () => this.streamCrc(this.b),
    );
    return okA && okB ? 'framing' : 'content';
  }

  /** Padding: framing while both sides pad with zeros (only its length follows the payload's). */
  private padding(ra: SideRecord, rb: SideRecord, out: FieldChange[]): void {
    const last = (r: SideRecord) => r.chunks[r.chunks.length - 1];
    const pa = last(ra).paddingBytes;
    const pb = last(rb).paddingBytes;
    const x = this.a.doc.bytes.subarray(pa.start, pa.end);
    const y = this.b.doc.bytes.subarray(pb.start, pb.end);
    if (sameBytes(x, y)) return;
    const zero = (b: Uint8Array) => b.every((v) => v === 0);
    const at = firstDifference(x, y);
    out.push(
      this.change(
        '(padding)',
        zero(x) && zero(y) ? 'framing' : 'content',
        bytesDisplay(x, at),
        bytesDisplay(y, at),
        pa,
        pb,
      ),
    );
  }
}
