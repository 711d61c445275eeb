// What the first assembly pass makes of the text: calls holding chunk and raw blocks whose
// payload bytes are known except for `auto` fields, which the second pass fills in.

import type {
  ByteRange,
  ChannelConfig,
  Expectation,
  Problem,
  SchemaDirective,
  SourceSegment,
  Step,
  StreamSettings,
  TextRange,
  SaveStep,
} from '../model';
import type { AutoKind } from './autoFields';
import type { IntType } from './numbers';

/**
 * The bytes one literal (or one run of bare hex tokens on a line) contributed to a block: the
 * source segment itself, with `bytes` as offsets into the block's payload until the assembler
 * rebases them onto the stream. Built once here, so a large file does not allocate twice.
 */
export type Piece = LineSegment | SpanSegment;

/**
 * A source segment on one line, stored flat: a 100 MB text has millions of them, and one object
 * each (instead of five: segment, byte range, text range and its two positions) halves the time
 * the garbage collector spends on them. `bytes` and `text` are built when read.
 */
export class LineSegment implements SourceSegment {
  constructor(
    /** Byte offsets [bs, be): payload offsets in a block, stream offsets once assembled. */
    public bs: number,
    public be: number,
    public line: number,
    /** UTF-16 columns [c0, c1) on `line`. */
    public c0: number,
    public c1: number,
    public label?: string,
  ) {}

  get bytes(): ByteRange {
    return { start: this.bs, end: this.be };
  }

  get text(): TextRange {
    return { start: { line: this.line, character: this.c0 }, end: { line: this.line, character: this.c1 } };
  }
}

/**
 * A source segment whose text is a range shared with others (a chunk header's fields all map to
 * its `.chunk` line or an option there): one object, `bytes` built when read. Twelve per chunk,
 * so a separate ByteRange each would be a large part of a text document's memory. Made as an
 * object literal on a shared prototype: a class instance of the same fields takes twice the room.
 */
export interface SpanSegment extends SourceSegment {
  bs: number;
  be: number;
}

const SPAN_PROTO = {
  get bytes(): ByteRange {
    const s = this as unknown as SpanSegment;
    return { start: s.bs, end: s.be };
  },
};

export function spanSegment(bs: number, be: number, text: TextRange, label?: string): SpanSegment {
  return (label !== undefined
    ? { __proto__: SPAN_PROTO, bs, be, text, label }
    : { __proto__: SPAN_PROTO, bs, be, text }) as unknown as SpanSegment;
}

export const isSpanSegment = (s: SourceSegment): s is SpanSegment => Object.getPrototypeOf(s) === SPAN_PROTO;

/** An `auto` field: its placeholder bytes (offsets into the block's payload) and what fills them. */
export interface AutoPiece {
  offset: number;
  len: number;
  text: TextRange;
  kind: AutoKind;
  type: IntType;
}

export interface Opt<T> {
  value: T;
  text: TextRange;
}

/** Explicit `.chunk` header options; anything absent is computed. */
export interface ChunkOptions {
  seq?: Opt<number>;
  flags?: Opt<number>;
  len?: Opt<number>;
  crc?: Opt<number>;
  hcrc?: Opt<number>;
  magic?: Opt<number>;
  version?: Opt<[number, number]>;
  hsize?: Opt<number>;
  pad?: Opt<number>;
  reserved0?: Opt<number>;
  reserved1?: Opt<number>;
}

export interface ChunkBlock {
  kind: 'chunk';
  type: number;
  typeText: TextRange;
  /** The `.chunk` line. */
  directive: TextRange;
  /** `.chunk` through `.end`. */
  text: TextRange;
  /** Resolved header values (explicit or default). */
  sequence: number;
  flags: number;
  version: [number, number];
  opts: ChunkOptions;
  /** The payload: Program.payloads[dataStart, dataEnd); dataEnd is set when the block closes. */
  dataStart: number;
  dataEnd: number;
  pieces: Piece[];
  autos: AutoPiece[];
}

export interface RawBlock {
  kind: 'raw';
  directive: TextRange;
  text: TextRange;
  /** The bytes: Program.payloads[dataStart, dataEnd); dataEnd is set when the block closes. */
  dataStart: number;
  dataEnd: number;
  pieces: Piece[];
}

export interface TruncateItem {
  kind: 'truncate';
  count: number;
  text: TextRange;
}

export type CallItem = ChunkBlock | RawBlock | TruncateItem;

export interface CallDraft {
  /** Opened by `.call`; false for a block outside any `.call`. */
  explicit: boolean;
  bufferNull: boolean;
  size?: number;
  expect?: Expectation;
  text: TextRange;
  items: CallItem[];
}

export interface Program {
  calls: CallDraft[];
  steps: Step[];
  channel: ChannelConfig;
  stream: StreamSettings;
  expectEnd?: Expectation;
  saveSteps: SaveStep[];
  /** `.schema` directives (docs/format.md §7.3): user-schema entries, files as written. */
  schemas?: SchemaDirective[];
  problems: Problem[];
  /** Number of `.chunk` blocks in the file: the value of ChunkCount: auto. */
  chunkCount: number;
  /** A chunk or step limit stopped the reading (TEXT-LIMIT): the text after it is not part of the program. */
  stopped: boolean;
  /** Every block's bytes, one after another (one buffer: no allocation per block). */
  payloads: Uint8Array;
}
