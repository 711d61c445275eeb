// The decoded tree shared by the CLI, the language server, the custom editor and the debugger.
// Every node carries its byte range in the stream and, for the text form, its source range.

import type { DiagnosticCode } from './diagnostics';
import type { SchemaEntry } from './schema/mapping';

/** Half-open byte range [start, end) in the assembled stream. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Zero-based line and UTF-16 column, as LSP counts them. */
export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  message: string;
  bytes?: ByteRange;
  text?: TextRange;
}

/** A finding with a stable code (see docs/format.md, "Diagnostics"). */
export interface Problem {
  code: DiagnosticCode;
  message: string;
  severity: Severity;
  bytes?: ByteRange;
  text?: TextRange;
  /** NTSTATUS of the restore call that reported it, when it comes from the emulated restore. */
  status?: number;
  /** Index of that restore call. */
  call?: number;
  /** Index of the chunk at fault, when there is one. */
  chunk?: number;
  related?: RelatedLocation[];
  /** MORE-PROBLEMS only: how many problems were left out of the list, and how many of them are errors and warnings. */
  omitted?: { count: number; errors: number; warnings: number };
}

export type FieldType = 'u8' | 'u16' | 'u32' | 'u64' | 'guid' | 'bytes' | 'utf8' | 'group';

export interface FieldNode {
  kind: 'field';
  name: string;
  type: FieldType;
  bytes: ByteRange;
  text?: TextRange;
  /** number for u8..u32, bigint for u64, string for guid and utf8; absent for bytes and groups. */
  value?: number | bigint | string;
  /** Human-readable value: "0x00000011 (17)", "2 (Open)", "{…}". */
  display: string;
  /** Enum name, flag names, or "computed 0x…" when a derived field is wrong. */
  note?: string;
  /** The value the field should hold, when it is derived (length, CRC, count) and differs. */
  expected?: number;
  children?: FieldNode[];
  /** Set on a field a user schema (.ksy) decoded (docs/schemas.md). */
  user?: UserFieldInfo;
}

/** What a user-schema field adds to a FieldNode: where it comes from and what the .ksy says of it. */
export interface UserFieldInfo {
  /** The .ksy file (and `#type`) as the mapping names it. */
  schema: string;
  /** The .ksy type expression: `u2`, `item`, `switch on op`. */
  ksyType: string;
  /** The .ksy id of the value in its `enum:`. */
  enumId?: string;
  /** The `doc:` text of the attribute. */
  doc?: string;
  /** A value instance: computed, holds no bytes of its own. */
  computed?: boolean;
}

/** Parsed 32-byte chunk header (v1 layout). */
export interface ChunkHeader {
  magic: number;
  headerSize: number;
  versionMajor: number;
  versionMinor: number;
  reserved0: number;
  type: number;
  flags: number;
  sequence: number;
  payloadLength: number;
  payloadCrc: number;
  reserved1: number;
  headerCrc: number;
}

export interface ChunkNode {
  kind: 'chunk';
  /** Position in stream order across all calls. */
  index: number;
  /** The call (restore buffer) holding it. */
  call: number;
  /** Whole chunk: header, payload and padding, clipped to the bytes present. */
  bytes: ByteRange;
  headerBytes: ByteRange;
  payloadBytes: ByteRange;
  paddingBytes: ByteRange;
  text?: TextRange;
  header?: ChunkHeader;
  typeName: string;
  /** False when the buffer ends inside this chunk. */
  complete: boolean;
  computedHeaderCrc?: number;
  computedPayloadCrc?: number;
  headerFields: FieldNode[];
  payloadFields: FieldNode[];
}

/** Bytes that could not be framed as a chunk (bad magic, trailing junk). */
export interface RawNode {
  kind: 'raw';
  call: number;
  bytes: ByteRange;
  text?: TextRange;
  reason: string;
}

export interface Expectation {
  status: number;
  diag?: DiagnosticCode;
  text?: TextRange;
}

/** One VmbChannelRestoreFromBuffer call: the buffer passed and what it holds. */
export interface CallNode {
  kind: 'call';
  index: number;
  bytes: ByteRange;
  text?: TextRange;
  items: (ChunkNode | RawNode)[];
  /** `.call buffer=null`: the Buffer argument is NULL. */
  bufferNull: boolean;
  /** The BufferSize argument; equals the buffer length unless `.call size=N` says otherwise. */
  size: number;
  expect?: Expectation;
}

export type ChannelOpName = 'Enable' | 'Disable' | 'Start' | 'Pause' | 'Cleanup';
export const CHANNEL_OPS: readonly ChannelOpName[] = ['Enable', 'Disable', 'Start', 'Pause', 'Cleanup'];

export type ChannelLifecycle = 'Disabled' | 'Enabled' | 'Started' | 'Paused';
export const CHANNEL_LIFECYCLE: readonly ChannelLifecycle[] = ['Disabled', 'Enabled', 'Started', 'Paused'];

export type Step = { kind: 'call'; call: number } | { kind: 'op'; op: ChannelOpName; text?: TextRange };

/** The emulated channel the restore runs against (`.channel` in the text form, settings for binary files). */
export interface ChannelConfig {
  state: ChannelLifecycle;
  /** `handle=null`: the Channel argument is NULL. */
  handle: 'valid' | 'null';
  /** Configured identity; when set, BEGIN must match it (CONTENT-IDENTITY). GUID strings, lower case, no braces. */
  interfaceType?: string;
  interfaceInstance?: string;
  subchannelIndex?: number;
  /** Whether EvtVmbChannelSavePacket/RestorePacket callbacks were registered. */
  packetCallbacks: boolean;
  /** `vid`: map CONTENT/UNSUP/VER failures to the STATUS_VID_SAVED_STATE_* codes. */
  profile: 'default' | 'vid';
  /** Emulated driver limits (RES-LIMIT); defaults in DEFAULT_LIMITS. */
  limits?: Partial<ChannelLimits>;
  /** `trusted=yes`: the connection may have negotiated confidential channels (FeatureFlags 0x10). */
  trusted?: boolean;
  /** `monitorId=N`: a relayed-MNF offer's monitor id, which OFFER.MonitorId must equal. */
  monitorId?: number;
  /** `open=yes|no`: whether the VSP restores the channel open; reconciled with CHANNEL_STATE at END. */
  expectOpen?: boolean;
  /** `maxVmbusVersion=M.m`: the host's restore limit (major << 16 | minor). */
  maxVmbusVersion?: number;
  /** `maxFeatureFlags=0x…`: the feature flags the host can restore. */
  maxFeatureFlags?: number;
}

export interface ChannelLimits {
  gpadls: number;
  packets: number;
  messages: number;
}

export const DEFAULT_LIMITS: ChannelLimits = { gpadls: 1024, packets: 65536, messages: 256 };

export function defaultChannelConfig(): ChannelConfig {
  return { state: 'Disabled', handle: 'valid', packetCallbacks: true, profile: 'default' };
}

export interface StreamSettings {
  versionMajor: number;
  versionMinor: number;
  maxPayload: number;
}

/** A text span that produced a byte span (text form only). Read-only: the ranges may be built on each read. */
export interface SourceSegment {
  readonly bytes: ByteRange;
  readonly text: TextRange;
  /** The `Label:` of the line, if any. */
  readonly label?: string;
}

/** A save-side call of a text fixture (docs/format.md §9.5): `.save-begin`, `.save bufsize=N`, `.save-end`. */
export interface SaveStep {
  call: 'begin' | 'continue' | 'end';
  /** `.save bufsize=N`: SaveBufferSize. */
  bufferSize?: number;
  /** `.save buffer=null`: a NULL SaveBuffer. */
  bufferNull?: boolean;
  /** `.save-end unwritten=N`: the chunks the fixture asserts were never written. */
  unwritten?: number;
  expect?: Expectation;
  text?: TextRange;
}

export interface SavedStateDocument {
  form: 'binary' | 'text';
  bytes: Uint8Array;
  text?: string;
  calls: CallNode[];
  /** All chunks in stream order (the same objects as in calls[].items). */
  chunks: ChunkNode[];
  steps: Step[];
  channel: ChannelConfig;
  stream: StreamSettings;
  /** Decoder (static) findings; the emulated restore adds its own in the trace. */
  problems: Problem[];
  sourceMap?: SourceSegment[];
  /** `.expect-end`: the outcome the whole run must reach (SUCCESS, END_OF_FILE, or the failing status). */
  expectEnd?: Expectation;
  /** Text form: the save-side calls, run after every restore step (docs/format.md §9.5). */
  saveSteps?: SaveStep[];
  /** Text form: the explicit `len=`/`crc=`/`seq=`/`hcrc=` options that differ from the computed value. */
  headerOverrides?: HeaderOverride[];
  /**
   * Set when a structural limit (docs/format.md §8) stopped the analysis at stream offset `at`:
   * `code` is the finding that says so (LIMIT-CHUNKS, TEXT-LIMIT). `steps` then ends before the
   * first call holding bytes from `at` on, so the restore never examines what was not framed.
   */
  cut?: { code: DiagnosticCode; at: number; call: number };
  /**
   * Payloads that failed to parse under a user schema marked mandatory (docs/format.md §4, "User
   * schemas"), by the stream offset of their chunk: the emulated restore fails there (SCHEMA-MANDATORY).
   */
  schemaFailures?: Map<number, Problem>;
  /** Text form: the `.schema` directives, in text order (docs/format.md §7.3). */
  schemaDirectives?: SchemaDirective[];
}

/** A `.schema` directive: a user-schema entry whose file is relative to the text's folder. */
export interface SchemaDirective {
  entry: SchemaEntry;
  text: TextRange;
}

/**
 * A `.chunk` option that writes a header value other than the one vmbstate computes (`len=40` on
 * a 56-byte payload): when its chunk fails, the first error names it (docs/format.md §4).
 */
export interface HeaderOverride {
  /** The chunk (0-based, stream order) whose header it sets. */
  chunk: number;
  option: 'len' | 'crc' | 'seq' | 'hcrc';
  value: number;
  /** What the option replaced: the payload's length or CRC-32C, the next sequence, the header's CRC-32C. */
  computed: number;
  /** The option on the `.chunk` line. */
  text: TextRange;
}
