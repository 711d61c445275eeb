// The field trees of a framed chunk: the header fields, the payload fields (payload.ts) and the
// fragment field of an unfinished record, attached lazily so a chunk pays only when read.

import { FieldReader } from './fieldReader';
import { align8, chunkTypeName, flagNames, framedHeaderSize, HEADER_SIZE, headerSizeValid, MAGIC } from './layout';
import type { ByteRange, ChunkNode, FieldNode } from './model';
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
 * Lazy field trees. Every chunk node shares these two accessor descriptors, so nodes keep one
 * hidden class and fast properties (a getter closure per node would turn each into a ~1.5 KB
 * dictionary); what a getter needs is the node itself and the framer's source, kept under a
 * non-enumerable symbol (not copied by spread, JSON or structured clone). On first read the
 * tree is built and stored as a plain value (assignable, enumerable, JSON-visible).
 */
export const SOURCE = Symbol('field source');
export interface FieldSource {
  b: Uint8Array;
  onFields?: (fields: FieldNode[]) => void;
}
type SourcedChunk = ChunkNode & { [SOURCE]: FieldSource };

function settle(node: ChunkNode, key: 'headerFields' | 'payloadFields', value: FieldNode[]): void {
  Object.defineProperty(node, key, { value, writable: true, configurable: true, enumerable: true });
}

function lazyFields(
  key: 'headerFields' | 'payloadFields',
  build: (b: Uint8Array, node: ChunkNode) => FieldNode[],
): PropertyDescriptor {
  return {
    configurable: true,
    enumerable: true,
    get(this: SourcedChunk): FieldNode[] {
      const src = this[SOURCE];
      const f = build(src.b, this);
      src.onFields?.(f);
      settle(this, key, f);
      return f;
    },
    set(this: ChunkNode, v: FieldNode[]) {
      settle(this, key, v);
    },
  };
}
export const LAZY_HEADER_FIELDS = lazyFields('headerFields', headerFields);
export const LAZY_PAYLOAD_FIELDS = lazyFields(
  'payloadFields',
  (b, node) => decodePayload(node.header!.type, b, node.payloadBytes.start, node.payloadBytes.end).fields,
);

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
