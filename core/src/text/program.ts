// What the first assembly pass makes of the text: calls holding chunk and raw blocks whose
// payload bytes are known except for `auto` fields, which the second pass fills in.

import type { ChannelConfig, Expectation, Problem, SourceSegment, Step, StreamSettings, TextRange } from '../model';
import type { AutoKind } from './autoFields';
import type { IntType } from './numbers';

/**
 * The bytes one literal (or one run of bare hex tokens on a line) contributed to a block: the
 * source segment itself, with `bytes` as offsets into the block's payload until the assembler
 * rebases them onto the stream. Built once here, so a large file does not allocate twice.
 */
export type Piece = SourceSegment;

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
  problems: Problem[];
  /** Number of `.chunk` blocks in the file: the value of ChunkCount: auto. */
  chunkCount: number;
  /** Every block's bytes, one after another (one buffer: no allocation per block). */
  payloads: Uint8Array;
}
