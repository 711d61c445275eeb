// What-if edits of a Step Restore session: what they are, and the document they make. A field or
// byte edit becomes a change of the file's own content (text edits of a .vmbhex, byte edits of a
// binary), resealed unless told otherwise; a call's BufferSize and the channel settings override
// the decoded document. The same changes are what `vmbstate.applyWhatIf` writes into the document.

import {
  crc32c,
  headerCrc,
  OFF,
  type ChannelLifecycle,
  type ChunkNode,
  type FieldNode,
  type SavedStateDocument,
  type TextRange,
} from '../../core/src';

export type WhatIfEdit =
  /** A field of a chunk (0-based stream index), by its path of labels (`RangeCount`, `Range0.ByteCount`). */
  | { kind: 'field'; chunk: number; path: string; value: bigint }
  /** Bytes written over the stream (writeMemory). */
  | { kind: 'bytes'; offset: number; data: Uint8Array }
  /** The BufferSize argument of a call (0-based). */
  | { kind: 'bufferSize'; call: number; size: number }
  | { kind: 'packetCallbacks'; value: boolean }
  | { kind: 'initialState'; value: ChannelLifecycle };

/** How an edit reads in the Step Restore view and the Debug Console. */
export function whatIfLabel(e: WhatIfEdit): string {
  switch (e.kind) {
    case 'field':
      return `chunk[${e.chunk + 1}].${e.path} = ${e.value}`;
    case 'bytes':
      return `bytes @0x${e.offset.toString(16).toUpperCase()} = ${Array.from(e.data, (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
    case 'bufferSize':
      return `call[${e.call + 1}].BufferSize = ${e.size}`;
    case 'packetCallbacks':
      return `channel.packetCallbacks = ${e.value}`;
    case 'initialState':
      return `channel.initialState = ${e.value}`;
  }
}

/** Two edits of the same thing: the later replaces the earlier. */
export function sameTarget(a: WhatIfEdit, b: WhatIfEdit): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'field' && b.kind === 'field') return a.chunk === b.chunk && a.path === b.path;
  if (a.kind === 'bytes' && b.kind === 'bytes') return a.offset === b.offset && a.data.length === b.data.length;
  if (a.kind === 'bufferSize' && b.kind === 'bufferSize') return a.call === b.call;
  return a.kind !== 'bytes' && a.kind !== 'field' && a.kind !== 'bufferSize';
}

export class WhatIfError extends Error {}

/** The field a path of labels names in a chunk: payload fields first, then the header's. */
export function findField(c: ChunkNode, path: string): FieldNode | undefined {
  const parts = path.split('.');
  const walk = (fs: FieldNode[] | undefined, i: number): FieldNode | undefined => {
    const f = fs?.find((x) => x.name === parts[i]);
    if (!f || i === parts.length - 1) return f;
    return walk(f.children, i + 1);
  };
  return walk(c.payloadFields, 0) ?? walk(c.headerFields, 0);
}

export const FIELD_WIDTH: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8 };

/** Little-endian bytes of `value` in a field of `width` bytes; an error when it does not fit. */
export function fieldBytes(value: bigint, width: number, name: string): Uint8Array {
  const max = (1n << BigInt(width * 8)) - 1n;
  if (value < 0n || value > max)
    throw new WhatIfError(`${name} is ${width * 8} bits: ${value} does not fit (0 to ${max}).`);
  const out = new Uint8Array(width);
  let v = value;
  for (let i = 0; i < width; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** A change of the file's text: a range of the original and what replaces it. */
export interface TextChange {
  range: TextRange;
  newText: string;
}
/** A change of the file's bytes: `inserted` over the same number of bytes at `offset`. */
export interface ByteChange {
  offset: number;
  removed: Uint8Array;
  inserted: Uint8Array;
}

/** What the edits change in the file, and what they leave to the session (BufferSize, channel). */
export interface WhatIfContent {
  text?: string;
  bytes?: Uint8Array;
  textChanges: TextChange[];
  byteChanges: ByteChange[];
  /** Edits the file cannot hold (a binary has no BufferSize or channel settings): they only run. */
  sessionOnly: string[];
}

const u32 = (v: number) => fieldBytes(BigInt(v >>> 0), 4, 'u32');
const hex32 = (v: number) => `0x${(v >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

/** Binary form: write the edits over a copy of the bytes, then reseal the chunks they touched and END. */
function binaryContent(doc: SavedStateDocument, edits: WhatIfEdit[], reseal: boolean): WhatIfContent {
  const b = doc.bytes.slice();
  const touched = new Set<number>();
  /** Seals the user set: reseal leaves them as typed. */
  const pinned = new Set<number>();
  const write = (at: number, data: Uint8Array) => {
    b.set(data, at);
    for (const c of doc.chunks) if (c.bytes.start < at + data.length && at < c.bytes.end) touched.add(c.index);
  };
  const sessionOnly: string[] = [];
  for (const e of edits) {
    if (e.kind === 'field') {
      const c = doc.chunks[e.chunk];
      const f = findField(c, e.path)!;
      write(f.bytes.start, fieldBytes(e.value, FIELD_WIDTH[f.type], f.name));
      pinned.add(f.bytes.start);
    } else if (e.kind === 'bytes') {
      write(e.offset, e.data);
      for (let i = 0; i < e.data.length; i++) pinned.add(e.offset + i);
    } else sessionOnly.push(whatIfLabel(e));
  }
  if (reseal) {
    const seal = (at: number, v: number) => {
      if (!pinned.has(at)) b.set(u32(v), at);
    };
    const sealChunk = (c: ChunkNode) => {
      if (!c.header || !c.complete) return;
      const h = c.headerBytes.start;
      seal(h + OFF.payloadCrc, crc32c(b, c.payloadBytes.start, c.payloadBytes.end));
      seal(h + OFF.headerCrc, headerCrc(b, h, c.headerBytes.end - h));
    };
    for (const i of touched) sealChunk(doc.chunks[i]);
    const end = [...doc.chunks].reverse().find((c) => c.typeName === 'END' && c.complete);
    if (end && [...touched].some((i) => i < end.index) && end.payloadBytes.end - end.payloadBytes.start >= 12) {
      let crc = 0;
      for (const c of doc.chunks) if (c.index < end.index) crc = crc32c(b, c.bytes.start, c.bytes.end, crc);
      seal(end.payloadBytes.start + 8, crc);
      sealChunk(end);
    }
  }
  const byteChanges: ByteChange[] = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === doc.bytes[i]) continue;
    let j = i;
    while (j < b.length && b[j] !== doc.bytes[j]) j++;
    byteChanges.push({ offset: i, removed: doc.bytes.slice(i, j), inserted: b.slice(i, j) });
    i = j;
  }
  return { bytes: b, textChanges: [], byteChanges, sessionOnly };
}

/** The token of an integer field in the text form, with the new value in the same base. */
function fieldToken(old: string, value: bigint): string {
  const m = /^(\w+):(.*)$/.exec(old);
  const type = m ? m[1] : 'u32';
  const hex = m ? /^0x/i.test(m[2]) : false;
  return `${type}:${hex ? '0x' + value.toString(16).toUpperCase() : value.toString()}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Text form: replace field tokens; reseal by dropping `crc=`/`hcrc=` pins (or, off, by pinning the old seals). */
function textContent(doc: SavedStateDocument, edits: WhatIfEdit[], reseal: boolean): WhatIfContent {
  const text = doc.text ?? '';
  const lines = text.split('\n');
  const changes: TextChange[] = [];
  const edited = new Set<number>();
  const at = (line: number, character: number) => ({ line, character });
  const sessionOnly: string[] = [];
  for (const e of edits) {
    if (e.kind === 'bytes')
      throw new WhatIfError('A .vmbhex file is edited by its fields: write memory only in a binary file.');
    if (e.kind !== 'field') continue;
    const c = doc.chunks[e.chunk];
    const f = findField(c, e.path)!;
    if (!f.text || c.headerFields.includes(f) || f.text.start.line !== f.text.end.line)
      throw new WhatIfError(
        `${e.path} of chunk ${e.chunk + 1} is not a field token of the text: header values are .chunk options.`,
      );
    const old = lines[f.text.start.line].slice(f.text.start.character, f.text.end.character);
    changes.push({ range: f.text, newText: fieldToken(old, e.value) });
    edited.add(e.chunk);
  }
  const end = [...doc.chunks].reverse().find((c) => c.typeName === 'END');
  for (const i of edited) {
    const t = doc.chunks[i].text;
    if (!t) continue;
    const line = lines[t.start.line];
    if (reseal) {
      for (const m of line.matchAll(/\s+h?crc=\S+/g))
        changes.push({
          range: { start: at(t.start.line, m.index!), end: at(t.start.line, m.index! + m[0].length) },
          newText: '',
        });
    } else if (!/\scrc=/.test(line) && doc.chunks[i].header) {
      const m = /^\s*\.chunk\s+\S+/.exec(line);
      if (m)
        changes.push({
          range: { start: at(t.start.line, m[0].length), end: at(t.start.line, m[0].length) },
          newText: ` crc=${hex32(doc.chunks[i].header!.payloadCrc)}`,
        });
    }
  }
  const streamCrc = end && [...edited].some((i) => i < end.index) ? findField(end, 'StreamCrc32c') : undefined;
  if (streamCrc?.text && !edited.has(end!.index)) {
    const old = lines[streamCrc.text.start.line].slice(streamCrc.text.start.character, streamCrc.text.end.character);
    const isAuto = /:auto$/.test(old);
    if (reseal && !isAuto) changes.push({ range: streamCrc.text, newText: 'u32:auto' });
    if (!reseal && isAuto) changes.push({ range: streamCrc.text, newText: `u32:${hex32(Number(streamCrc.value))}` });
  }
  for (const e of edits) {
    if (e.kind === 'bufferSize') {
      const call = doc.calls[e.call];
      const t = call.text;
      const line = t ? lines[t.start.line] : '';
      if (t && /^\s*\.call\b/.test(line)) {
        const m = /\s+size=\S+/.exec(line);
        const head = /^\s*\.call/.exec(line)![0].length;
        changes.push(
          m
            ? {
                range: { start: at(t.start.line, m.index), end: at(t.start.line, m.index + m[0].length) },
                newText: ` size=${e.size}`,
              }
            : { range: { start: at(t.start.line, head), end: at(t.start.line, head) }, newText: ` size=${e.size}` },
        );
      } else sessionOnly.push(`${whatIfLabel(e)} (call ${e.call + 1} has no .call line)`);
    }
  }
  const channel = withOverrides({ ...doc, calls: [] }, edits, doc.channel).channel;
  if (channel !== doc.channel) {
    // One .channel line before the first call with both settings, so the others the run used stay.
    let line = lines.findIndex((l) => /^\s*\.(call|chunk|raw|op)\b/.test(l));
    if (line < 0) line = lines.length;
    const setting = `state=${channel.state} packetCallbacks=${channel.packetCallbacks ? 'yes' : 'no'}`;
    changes.push({ range: { start: at(line, 0), end: at(line, 0) }, newText: `.channel ${setting}\n` });
  }
  changes.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  const starts = lineStarts(text);
  const off = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  let out = text;
  for (let k = changes.length - 1; k >= 0; k--) {
    const ch = changes[k];
    out = out.slice(0, off(ch.range.start)) + ch.newText + out.slice(off(ch.range.end));
  }
  return { text: out, textChanges: changes, byteChanges: [], sessionOnly };
}

/** What the edits do to the file's content. Throws WhatIfError for an edit the form cannot hold. */
export function whatIfContent(doc: SavedStateDocument, edits: WhatIfEdit[], reseal: boolean): WhatIfContent {
  return doc.form === 'text' ? textContent(doc, edits, reseal) : binaryContent(doc, edits, reseal);
}

/**
 * The decoded what-if document with the overrides the file cannot hold applied (BufferSize,
 * channel): the channel is the run's (`channel`, the base document's) with the edited settings.
 */
export function withOverrides(
  doc: SavedStateDocument,
  edits: WhatIfEdit[],
  channel: SavedStateDocument['channel'],
): SavedStateDocument {
  doc.channel = channel;
  for (const e of edits) {
    if (e.kind === 'bufferSize' && doc.calls[e.call]) doc.calls[e.call].size = e.size;
    if (e.kind === 'packetCallbacks') doc.channel = { ...doc.channel, packetCallbacks: e.value };
    if (e.kind === 'initialState') doc.channel = { ...doc.channel, state: e.value };
  }
  return doc;
}
