// The field trees of a framed chunk: the header fields, the payload fields (payload.ts) and the
// fragment field of an unfinished record, attached lazily so a chunk pays only when read.

import { FieldReader } from './fieldReader';
import { align8, chunkTypeName, flagNames, framedHeaderSize, HEADER_SIZE, headerSizeValid, MAGIC } from './layout';
import type { ByteRange, ChunkHeader, ChunkNode, FieldNode } from './model';
import { decodePayload } from './payload';

/** The header fields of a framed chunk (it has a header): rebuilt from the node, so no inspection stays alive. */
function headerFields(b: Uint8Array, node: ChunkNode): FieldNode[] {
  const at = node.bytes.start;
  const h = node.header!;
  const headerLen = framedHeaderSize(h.headerSize);
  const r = new FieldReader(b, at, node.headerBytes.end);
  r.bytes('Magic', 4, h.magic === MAGIC ? '"VBSC"' : 'expected "VBSC"');
  r.u8('HeaderSize');
  r.u8('VersionMajor');
  r.u8('VersionMinor');
  r.u8('Reserved0');
  r.u16('Type', { note: chunkTypeName(h.type) });
  r.u16('Flags', { note: flagNames(h.flags).join(' | ') || 'none' });
  r.u32('Sequence');
  r.u32('PayloadLength');
  const pcrc = r.u32('PayloadCrc32c');
  r.u32('Reserved1');
  r.u32('HeaderCrc32c');
  if (headerLen > HEADER_SIZE)
    r.bytes(
      'HeaderExtension',
      headerLen - HEADER_SIZE,
      headerSizeValid(h)
        ? 'longer header of a later minor version'
        : `HeaderSize ${h.headerSize} is invalid for version ${h.versionMajor}.${h.versionMinor}`,
    );
  const f = r.fields;
  const byName = (n: string) => f.find((x) => x.name === n)!;
  if (node.computedPayloadCrc !== undefined && pcrc !== node.computedPayloadCrc) {
    byName('PayloadCrc32c').expected = node.computedPayloadCrc;
    byName('PayloadCrc32c').note = `computed 0x${node.computedPayloadCrc.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  if (node.computedHeaderCrc !== undefined && h.headerCrc !== node.computedHeaderCrc) {
    byName('HeaderCrc32c').expected = node.computedHeaderCrc;
    byName('HeaderCrc32c').note = `computed 0x${node.computedHeaderCrc.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  // The buffer ends inside this chunk: bytes.end is the buffer's end.
  if (!node.complete)
    byName('PayloadLength').note =
      `chunk needs ${headerLen + align8(h.payloadLength)} bytes, buffer has ${node.bytes.end - at}`;
  return f;
}

/**
 * Lazy field trees. A framed chunk is a FramedChunk: its two field lists are accessors on the
 * class's prototype, so every node keeps one hidden class and its construction defines nothing
 * per node (an own accessor per node cost a third of the decode of a 100 MB stream). What a
 * getter needs is the node itself and the framer's source, one shared object per stream. On first
 * read (or write) the tree is stored as the node's own plain value (assignable, enumerable,
 * JSON-visible); toJSON lists unread trees too, so JSON of a node always carries both.
 */
export interface FieldSource {
  b: Uint8Array;
  onFields?: (fields: FieldNode[]) => void;
}

function settle(node: ChunkNode, key: 'headerFields' | 'payloadFields', value: FieldNode[]): void {
  Object.defineProperty(node, key, { value, writable: true, configurable: true, enumerable: true });
}

export class FramedChunk {
  // Declared in the order a node's keys always had (JSON, spread and dump keep it).
  readonly kind = 'chunk' as const;
  index: number;
  call: number;
  bytes: ByteRange;
  headerBytes: ByteRange;
  payloadBytes: ByteRange;
  paddingBytes: ByteRange;
  header: ChunkHeader | undefined;
  typeName: string;
  complete: boolean;
  computedHeaderCrc: number | undefined;
  computedPayloadCrc: number | undefined;

  constructor(
    index: number,
    call: number,
    bytes: ByteRange,
    headerBytes: ByteRange,
    payloadBytes: ByteRange,
    paddingBytes: ByteRange,
    header: ChunkHeader | undefined,
    typeName: string,
    complete: boolean,
    computedHeaderCrc: number | undefined,
    computedPayloadCrc: number | undefined,
    source: FieldSource,
  ) {
    this.index = index;
    this.call = call;
    this.bytes = bytes;
    this.headerBytes = headerBytes;
    this.payloadBytes = payloadBytes;
    this.paddingBytes = paddingBytes;
    this.header = header;
    this.typeName = typeName;
    this.complete = complete;
    this.computedHeaderCrc = computedHeaderCrc;
    this.computedPayloadCrc = computedPayloadCrc;
    this.#source = source;
  }

  /** Where the trees are read from: a private field, so no spread, JSON, clone or comparison sees it. */
  readonly #source: FieldSource;

  get headerFields(): FieldNode[] {
    const f = this.buildFields('headerFields');
    settle(this as ChunkNode, 'headerFields', f);
    return f;
  }
  set headerFields(v: FieldNode[]) {
    settle(this as ChunkNode, 'headerFields', v);
  }

  get payloadFields(): FieldNode[] {
    const f = this.buildFields('payloadFields');
    settle(this as ChunkNode, 'payloadFields', f);
    return f;
  }

  /** A field tree built afresh, not kept on the node. */
  buildFields(key: 'headerFields' | 'payloadFields'): FieldNode[] {
    const b = this.#source.b;
    const f =
      key === 'headerFields'
        ? headerFields(b, this as ChunkNode)
        : decodePayload(this.header!.type, b, this.payloadBytes.start, this.payloadBytes.end).fields;
    this.#source.onFields?.(f);
    return f;
  }
  set payloadFields(v: FieldNode[]) {
    settle(this as ChunkNode, 'payloadFields', v);
  }

  toJSON(): object {
    return { ...this, headerFields: this.headerFields, payloadFields: this.payloadFields };
  }
}

/**
 * A chunk's field tree without keeping it on the node when it was not built yet: a reader that
 * walks every chunk once (`vmbstate dump`) holds one tree at a time, not the whole stream's.
 */
export function transientFields(node: ChunkNode, key: 'headerFields' | 'payloadFields'): FieldNode[] {
  const own = Object.getOwnPropertyDescriptor(node, key);
  if (own || !(node instanceof FramedChunk)) return node[key];
  return node.buildFields(key);
}

export function fragmentField(bytes: ByteRange, note: string): FieldNode {
  return {
    kind: 'field',
    name: 'Fragment',
    type: 'bytes',
    bytes: { ...bytes },
    display: `${bytes.end - bytes.start} bytes`,
    note,
  };
}
