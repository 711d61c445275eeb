// Writes any byte stream as canonical text: assembling the result gives back the same bytes,
// byte for byte. Chunks become `.chunk` blocks whose header options appear only where a stored
// value differs from the computed one; whatever a `.chunk` block cannot reproduce (unframed
// bytes, partial chunks, non-zero header extensions, uneven padding) becomes a `.raw` block.

import { crc32c } from '../crc32c';
import { decodeBinary, type Buffering } from '../decoder';
import { streamBinaryLayout, streamBinaryLayoutEvents } from '../streamAnalysis';
import { formatGuid } from '../fieldReader';
import {
  chunkTypeName,
  CHUNK_TYPES,
  DEFAULT_MAX_PAYLOAD,
  FLAG_CONTINUES,
  FLAG_FINAL,
  HEADER_SIZE,
  MAGIC,
} from '../layout';
import type { ChunkHeader, ChunkNode, FieldNode, RawNode } from '../model';
import { autoKind } from './autoFields';
import { allZero, hexList, hexRows, offsetComment, ROW } from './hexRows';
import { isLabelName } from './literals';
import { formatInt, hexN } from './numbers';
import { quoteString } from './strings';

export interface DisassembleOptions {
  /** How the stream is cut into restore calls (as decodeBinary; one chunk per call by default). */
  buffering?: Buffering;
}

type Plan =
  { kind: 'chunk'; node: ChunkNode; header: ChunkHeader } | { kind: 'raw'; start: number; end: number; reason: string };

const SIZES: Partial<Record<FieldNode['type'], number>> = { u8: 1, u16: 2, u32: 4, u64: 8, guid: 16 };
const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The whole disassembly as one string (for inputs whose text fits comfortably in memory). */
export function disassemble(bytes: Uint8Array, opts: DisassembleOptions = {}): string {
  return Array.from(disassembleInPieces(bytes, opts)).join('');
}

/**
 * The disassembly in pieces of about `pieceChars` characters, each ending with a newline; their
 * concatenation is disassemble()'s text. A caller writing a file never holds the whole text.
 */
export function* disassembleInPieces(
  bytes: Uint8Array,
  opts: DisassembleOptions = {},
  pieceChars = 1 << 16,
): Generator<string> {
  let lines: string[] = [];
  let chars = 0;
  for (const l of disassembleLines(bytes, opts)) {
    lines.push(l);
    chars += l.length + 1;
    if (chars >= pieceChars) {
      yield lines.join('\n') + '\n';
      lines = [];
      chars = 0;
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}

/** The disassembly line by line, without line ends. */
export function* disassembleLines(bytes: Uint8Array, opts: DisassembleOptions = {}): Generator<string> {
  const buffering = opts.buffering ?? 'chunk';
  if (buffering !== 'whole') {
    yield* streamedLines(bytes, buffering);
    return;
  }
  const doc = decodeBinary(bytes, { buffering: opts.buffering });
  const plans = doc.calls.map((c) => c.items.map((it) => plan(bytes, it)));
  let chunkCount = 0;
  let first: ChunkHeader | undefined;
  let begin: ChunkNode | undefined;
  for (const p of plans.flat()) {
    if (p.kind !== 'chunk') continue;
    chunkCount++;
    first ??= p.header;
    if (p.header.type === CHUNK_TYPES.BEGIN) begin ??= p.node;
  }
  const version: [number, number] = first ? [first.versionMajor, first.versionMinor] : [1, 0];
  const w = new Disassembly(bytes, chunkCount, version);
  const rawCount = plans.reduce((n, ps) => n + ps.length, 0) - chunkCount;
  yield `# vmbstate hex-annotated text (.vmbhex), disassembled from ${bytes.length} bytes: ${chunkCount} chunk block(s), ${rawCount} raw block(s), ${doc.calls.length} restore call(s).`;
  yield '# Assembling this text gives back the same bytes. Header options appear only where a stored value differs from the computed one.';
  yield `.stream version=${version[0]}.${version[1]} maxpayload=${formatInt(maxPayload(bytes, begin))}`;
  // Without .call every block is its own call; write calls out only when some call differs.
  const explicitCalls = doc.calls.some((c) => c.items.length !== 1);
  for (let i = 0; i < doc.calls.length; i++) {
    const call = doc.calls[i];
    if (explicitCalls) {
      yield '';
      yield `.call  # call ${i + 1} @ ${offsetComment(call.bytes.start).slice(2)}, ${call.bytes.end - call.bytes.start} bytes`;
    }
    for (const p of plans[i]) {
      if (!explicitCalls) yield '';
      if (p.kind === 'chunk') {
        yield* w.chunk(p.node, p.header);
        // The field tree was built for this block only (the decoder caches it on the node): drop it.
        p.node.payloadFields = [];
      } else yield* w.raw(p.start, p.end, p.reason);
    }
    plans[i] = []; // written: let the plans (and the field trees they reach) go
  }
}

/**
 * disassembleLines in two framing passes (streamAnalysis.ts): one for the counts and the BEGIN
 * chunk the first lines name, one writing each call as it is framed; no pass keeps the chunks.
 */
function* streamedLines(bytes: Uint8Array, buffering: Exclude<Buffering, 'whole'>): Generator<string> {
  let chunkCount = 0;
  let items = 0;
  let first: ChunkHeader | undefined;
  let begin: number | undefined;
  let explicitCalls = false;
  let callItems = -1;
  const counts = streamBinaryLayout(
    bytes,
    { buffering },
    {
      call: () => {
        if (callItems >= 0 && callItems !== 1) explicitCalls = true;
        callItems = 0;
      },
      item: (it) => {
        items++;
        callItems++;
        const p = plan(bytes, it);
        if (p.kind !== 'chunk') return;
        chunkCount++;
        first ??= p.header;
        if (p.header.type === CHUNK_TYPES.BEGIN) begin ??= maxPayload(bytes, p.node);
      },
    },
  );
  if (callItems >= 0 && callItems !== 1) explicitCalls = true;
  const version: [number, number] = first ? [first.versionMajor, first.versionMinor] : [1, 0];
  const w = new Disassembly(bytes, chunkCount, version);
  yield `# vmbstate hex-annotated text (.vmbhex), disassembled from ${bytes.length} bytes: ${chunkCount} chunk block(s), ${items - chunkCount} raw block(s), ${counts.calls} restore call(s).`;
  yield '# Assembling this text gives back the same bytes. Header options appear only where a stored value differs from the computed one.';
  yield `.stream version=${version[0]}.${version[1]} maxpayload=${formatInt(begin ?? maxPayload(bytes, undefined))}`;
  for (const e of streamBinaryLayoutEvents(bytes, { buffering })) {
    if (e.kind === 'call') {
      if (!explicitCalls) continue;
      const call = e.head;
      yield '';
      yield `.call  # call ${call.index + 1} @ ${offsetComment(call.bytes.start).slice(2)}, ${call.bytes.end - call.bytes.start} bytes`;
    } else if (e.kind === 'item') {
      const p = plan(bytes, e.item);
      if (!explicitCalls) yield '';
      if (p.kind === 'chunk') yield* w.chunk(p.node, p.header);
      else yield* w.raw(p.start, p.end, p.reason);
    }
  }
}

/** Whether a `.chunk` block can reproduce this item's bytes exactly, and why not. */
function plan(b: Uint8Array, it: ChunkNode | RawNode): Plan {
  const raw = (reason: string): Plan => ({ kind: 'raw', start: it.bytes.start, end: it.bytes.end, reason });
  if (it.kind === 'raw') return raw(it.reason);
  const h = it.header;
  if (!h) return raw(`partial chunk header: ${it.bytes.end - it.bytes.start} of ${HEADER_SIZE} bytes`);
  if (!it.complete) return raw(`partial ${it.typeName} chunk: the buffer ends inside it`);
  const hlen = it.headerBytes.end - it.headerBytes.start;
  // encodeChunk writes max(HeaderSize, 32) header bytes, the extension zero-filled.
  if (hlen !== Math.max(h.headerSize, HEADER_SIZE))
    return raw(`${it.typeName} chunk with HeaderSize ${h.headerSize} framed as a ${hlen}-byte header`);
  if (!allZero(b, it.headerBytes.start + HEADER_SIZE, it.headerBytes.end))
    return raw(`${it.typeName} chunk whose header extension is not zero`);
  const pad = it.paddingBytes;
  for (let i = pad.start + 1; i < pad.end; i++)
    if (b[i] !== b[pad.start]) return raw(`${it.typeName} chunk with uneven padding bytes`);
  return { kind: 'chunk', node: it, header: h };
}

function maxPayload(b: Uint8Array, begin: ChunkNode | undefined): number {
  const f = begin?.payloadFields.find((x) => x.name === 'MaxPayloadLength' && x.type === 'u32');
  const v = f ? readUint(b, f.bytes.start, 4) : 0;
  return v >= 64 ? v : DEFAULT_MAX_PAYLOAD;
}

function readUint(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[at + i];
  return v;
}

function readU64(b: Uint8Array, at: number): bigint {
  return (BigInt(readUint(b, at + 4, 4)) << 32n) | BigInt(readUint(b, at, 4));
}

/** A FieldNode name as a label; whatever does not fit the label syntax goes to the comment. */
function labelFor(name: string): { label: string; rest: string } {
  const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(name);
  let label = m ? m[0] : 'Field';
  if (!isLabelName(label)) label += '_';
  return { label, rest: name.slice(m ? m[0].length : 0).trim() };
}

function leaves(fields: FieldNode[], out: FieldNode[] = []): FieldNode[] {
  for (const f of fields) {
    if (f.type === 'group') leaves(f.children ?? [], out);
    else out.push(f);
  }
  return out;
}

/** The decoder's fields can be written field by field only if they tile the payload exactly. */
function fieldsTile(fields: FieldNode[], start: number, end: number): boolean {
  let at = start;
  for (const f of leaves(fields)) {
    const size = SIZES[f.type];
    if (f.bytes.start !== at || f.bytes.end < at || (size !== undefined && f.bytes.end - f.bytes.start !== size))
      return false;
    at = f.bytes.end;
  }
  return at === end;
}

function flagsText(f: number): string {
  if (f & ~(FLAG_FINAL | FLAG_CONTINUES)) return hexN(f, 4);
  const names = [f & FLAG_FINAL ? 'FINAL' : '', f & FLAG_CONTINUES ? 'CONTINUES' : ''].filter(Boolean);
  return names.join('|') || '0';
}

class Disassembly {
  private prevSeq?: number;
  /** Start of the chunk being written: StreamCrc32c covers every byte before it. */
  private chunkAt = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly chunkCount: number,
    private readonly version: [number, number],
  ) {}

  *raw(start: number, end: number, reason: string): Generator<string> {
    yield `# raw @ ${offsetComment(start).slice(2)}, ${end - start} bytes: ${oneLine(reason)}`;
    yield '.raw';
    yield* hexRows(this.b, start, end, '  ', true);
    yield '.endraw';
  }

  *chunk(node: ChunkNode, h: ChunkHeader): Generator<string> {
    const b = this.b;
    const p = node.payloadBytes;
    const stored: [string, string, string][] = []; // option, stored text, computed text
    const opt = (name: string, value: number, computed: number, fmt: (v: number) => string) => {
      if (value !== computed) stored.push([name, fmt(value), fmt(computed)]);
    };
    const u32 = (v: number) => hexN(v, 8);
    opt('seq', h.sequence, this.prevSeq === undefined ? 0 : (this.prevSeq + 1) >>> 0, formatInt);
    opt('flags', h.flags, h.type === CHUNK_TYPES.END ? FLAG_FINAL : 0, flagsText);
    opt('len', h.payloadLength, p.end - p.start, formatInt);
    opt('crc', h.payloadCrc, node.computedPayloadCrc ?? h.payloadCrc, u32);
    opt('hcrc', h.headerCrc, node.computedHeaderCrc ?? h.headerCrc, u32);
    opt('magic', h.magic, MAGIC, u32);
    opt(
      'version',
      h.versionMajor * 256 + h.versionMinor,
      this.version[0] * 256 + this.version[1],
      (v) => `${v >> 8}.${v & 0xff}`,
    );
    opt('hsize', h.headerSize, HEADER_SIZE, formatInt);
    opt('pad', node.paddingBytes.end > node.paddingBytes.start ? b[node.paddingBytes.start] : 0, 0, (v) => hexN(v, 2));
    opt('reserved0', h.reserved0, 0, formatInt);
    opt('reserved1', h.reserved1, 0, formatInt);
    this.prevSeq = h.sequence;
    this.chunkAt = node.bytes.start;

    // Numbered from 1 as in every view (docs/format.md §4); the decoder's index, so a partial chunk written as .raw keeps its number.
    yield `# chunk ${node.index + 1} @ ${offsetComment(node.bytes.start).slice(2)}, ${node.bytes.end - node.bytes.start} bytes`;
    const options = stored.map(([k, v]) => ` ${k}=${v}`).join('');
    const note = stored.length ? `  # computed ${stored.map(([k, , c]) => `${k}=${c}`).join(' ')}` : '';
    yield `.chunk ${chunkTypeName(h.type)}${options}${note}`;
    if (fieldsTile(node.payloadFields, p.start, p.end)) yield* this.fields(node.payloadFields, '  ', h.type, p.end);
    else if (p.end > p.start) yield* this.bytesField('Payload', p.start, p.end, '  ', 'not decoded field by field');
    yield '.end';
  }

  private *fields(fields: FieldNode[], indent: string, type: number, payloadEnd: number): Generator<string> {
    for (const f of fields) {
      if (f.type === 'group') {
        yield `${indent}# ${oneLine(f.name)}`;
        yield* this.fields(f.children ?? [], indent + '  ', type, payloadEnd);
      } else {
        yield* this.leaf(f, indent, type, payloadEnd);
      }
    }
  }

  private *leaf(f: FieldNode, indent: string, type: number, payloadEnd: number): Generator<string> {
    const b = this.b;
    const { label, rest } = labelFor(f.name);
    const notes = [rest, f.note ?? ''].filter(Boolean);
    const at = f.bytes.start;
    const size = f.bytes.end - at;
    let lit: string;
    switch (f.type) {
      case 'u8':
      case 'u16':
      case 'u32': {
        const v = readUint(b, at, size);
        lit = `${f.type}:${formatInt(v)}`;
        const kind = autoKind(label, type);
        if (kind) {
          const computed =
            kind === 'ChunkCount'
              ? this.chunkCount
              : kind === 'StreamCrc32c'
                ? crc32c(b, 0, this.chunkAt)
                : (payloadEnd - f.bytes.end) % 8
                  ? -1
                  : (payloadEnd - f.bytes.end) / 8;
          if (computed === v) {
            lit = `${f.type}:auto`;
            notes.push(`= ${formatInt(v)}`);
          } else if (computed >= 0) {
            notes.push(`computed ${formatInt(computed)}`);
          }
        }
        break;
      }
      case 'u64':
        lit = `u64:${formatInt(readU64(b, at))}`;
        break;
      case 'guid':
        lit = `guid:{${formatGuid(b, at)}}`;
        break;
      case 'utf8': {
        const parts = utf8Parts(b, at, f.bytes.end);
        if (parts) {
          yield `${indent}${label}: ${parts[0]}${comment(notes)}`;
          for (const s of parts.slice(1)) yield `${indent}  ${s}`;
          return;
        }
        yield* this.bytesField(label, at, f.bytes.end, indent, notes.join('; '));
        return;
      }
      default:
        yield* this.bytesField(label, at, f.bytes.end, indent, notes.join('; '));
        return;
    }
    yield `${indent}${label}: ${lit}${comment(notes)}`;
  }

  private *bytesField(label: string, start: number, end: number, indent: string, note: string): Generator<string> {
    const b = this.b;
    const n = comment(note ? [note] : []);
    if (allZero(b, start, end)) yield `${indent}${label}: zero:${end - start}${n}`;
    else if (end - start <= ROW) yield `${indent}${label}: ${hexList(b, start, end)}${n}`;
    else {
      yield `${indent}${label}:${n}`;
      yield* hexRows(b, start, end, indent + '  ', false);
    }
  }
}

function comment(notes: string[]): string {
  const s = notes.filter(Boolean).map(oneLine).join('; ');
  return s ? `  # ${s}` : '';
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** A NOTE text as utf8 literals of at most ~64 characters, split after line breaks; undefined if the bytes are not exact UTF-8. */
function utf8Parts(b: Uint8Array, start: number, end: number): string[] | undefined {
  let s: string;
  try {
    s = utf8Strict.decode(b.subarray(start, end));
  } catch {
    return undefined;
  }
  const parts: string[] = [];
  let cur = '';
  for (const ch of s) {
    cur += ch;
    if (ch === '\n' || cur.length >= 64) {
      parts.push(cur);
      cur = '';
    }
  }
  if (cur || !parts.length) parts.push(cur);
  return parts.map((p) => 'utf8:' + quoteString(p));
}
