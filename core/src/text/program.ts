// What the first assembly pass makes of the text: calls holding chunk and raw blocks whose
// payload bytes are known except for `auto` fields, which the second pass fills in.

import type { ChannelConfig, Expectation, Problem, Step, StreamSettings, TextRange } from '../model';
import type { AutoKind } from './autoFields';
import type { ByteBuffer } from './byteBuffer';
import type { IntType } from './numbers';

/** The bytes one literal (or one run of bare hex tokens on a line) contributed to a block. */
export interface Piece {
  offset: number;
  len: number;
  text: TextRange;
  label?: string;
  /** A run of bare hex tokens: later tokens on the same line extend it. */
  hexRun?: boolean;
  auto?: { kind: AutoKind; type: IntType };
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
  data: ByteBuffer;
  pieces: Piece[];
}

export interface RawBlock {
  kind: 'raw';
  directive: TextRange;
  text: TextRange;
  data: ByteBuffer;
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
}
