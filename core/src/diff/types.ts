// The result of diffStreams (docs/compare.md): plain data only (no bigint, no document objects), so
// it crosses a webview or worker boundary and serialises to JSON as is.

import type { ByteRange, TextRange } from '../model';

/** One record of one side: a chunk, a CONTINUES chain read as one record, or unframed bytes. */
export interface RecordRef {
  /** Indices into that document's `chunks` (several for a CONTINUES chain; none for unframed bytes). */
  chunks: number[];
  /** Position among the side's records, in stream order (0-based). */
  ordinal: number;
  /** The restore call holding its first byte (0-based). */
  call: number;
  /** From its first byte to its last (for a chain: first fragment's start to last fragment's end). */
  bytes: ByteRange;
  /** `.vmbhex` only: the text of its first chunk (the `.chunk` line through `.end`). */
  text?: TextRange;
}

/** Content differences are always listed; framing ones only with `framing: true` (always counted). */
export type ChangeKind = 'content' | 'framing';

export interface FieldChange {
  /** Dotted path in the record's field tree: `State`, `OpenParams.RingGpadlId`, `Range0.ByteCount`, `Reserved[1]` (the second of that name). */
  path: string;
  kind: ChangeKind;
  /** Display value on each side; absent on the side that has no such field. */
  old?: string;
  new?: string;
  a?: ByteRange;
  b?: ByteRange;
  aText?: TextRange;
  bText?: TextRange;
}

export type RowKind = 'same' | 'changed' | 'onlyA' | 'onlyB';

/** One line of the alignment: a matched pair, or a record present on one side only. */
export interface DiffRow {
  /** The identity both sides share: `GPADL 0xE001`, `PACKET 0x0000000000000007`, `NOTE #2`, `raw #1`. */
  key: string;
  /** Chunk type name (`GPADL`, `0x9000`), `raw` for unframed bytes, `partial header` for a cut header. */
  type: string;
  kind: RowKind;
  a?: RecordRef;
  b?: RecordRef;
  /** Matched, but in another order relative to the other matched records (not on the longest common order). */
  reordered?: boolean;
  /** Content changes, then (with `framing: true`) framing ones; empty for `same` rows. */
  changes: FieldChange[];
  /** Framing differences of this pair, shown or not. */
  framingCount: number;
}

/** What one restore call returned on one side. */
export interface CallOutcome {
  status: number;
  /** `STATUS_SUCCESS`, or the hex value for a status without a name. */
  statusName: string;
  /** The failure's diagnostic code, if the call failed or was refused. */
  code?: string;
  /** Key of the record the failure is on (`GPADL 0xE001`), when it is on one. */
  on?: string;
  bytes: ByteRange;
}

export interface CallComparison {
  /** 0-based position among the restore calls (trace order). */
  call: number;
  a?: CallOutcome;
  b?: CallOutcome;
  /** Status and failure code agree (and both sides made the call). */
  same: boolean;
}

/** Where decoding stopped on a side, when it did not reach the end of a well-framed stream. */
export interface SideStop {
  /** Stream offset of the first byte not decoded as a whole chunk. */
  at: number;
  /** FRAME-MAGIC, SIZE-PARTIAL, LIMIT-CHUNKS, EMPTY (no record at all) or UNREADABLE (CLI). */
  code: string;
  message: string;
  text?: TextRange;
}

export interface SideSummary {
  form: 'binary' | 'text';
  size: number;
  records: number;
  calls: number;
  /** Status name of the whole restore's outcome. */
  outcome: string;
  stop?: SideStop;
}

export interface DiffSummary {
  same: number;
  changed: number;
  onlyA: number;
  onlyB: number;
  reordered: number;
  /** Content field changes over all rows. */
  contentChanges: number;
  /** Framing differences by field (`Sequence`, `HeaderCrc32c`, `(call)`, …), hidden or not. */
  framing: Record<string, number>;
  framingTotal: number;
  callsDiffering: number;
}

/** A place to jump to: a row, and a change in it when the difference is a field. */
export interface DiffStop {
  row: number;
  change?: number;
}

export interface StreamDiff {
  a: SideSummary;
  b: SideSummary;
  /** Every record of both sides, aligned: A's order, B-only records after the B record they follow. */
  rows: DiffRow[];
  /** Every difference in row order (one-sided rows, reordered rows, each listed change): next/previous navigation. */
  differences: DiffStop[];
  calls: CallComparison[];
  /** First call (0-based) where the two restores disagree, if any. */
  firstDivergentCall?: number;
  summary: DiffSummary;
  /** Both sides decoded to the end and nothing differs, framing included. */
  identical: boolean;
  /** No content difference, no one-sided or reordered record, same restore: at most framing differs (and both decoded to the end). */
  equivalent: boolean;
}

export interface DiffOptions {
  /** List framing changes in `rows[].changes` too (they are counted either way). */
  framing?: boolean;
}
