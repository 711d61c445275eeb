// The quick-fix catalogue: which fix kinds repair each diagnostic code, and in which form each kind
// exists — as text edits on a `.vmbhex` (server/src/codeActions.ts) and as byte edits in the binary
// editor (client/src/editor/model/*Fixes.ts). Both forms offer exactly what this table lists;
// test/unit/fixes.catalogue.test.ts applies every supported (code, kind, form) and re-analyses.

import type { DiagnosticCode } from './diagnostics';

export type FixForm = 'text' | 'bytes';

export type FixKind =
  | 'headerCrc'
  | 'payloadCrc'
  | 'streamCrc'
  | 'allCrcs'
  | 'chunkCount'
  | 'rangeBufferWords'
  | 'payloadLength'
  | 'padding'
  | 'headerDefault'
  | 'headerSize'
  | 'renumber'
  | 'final'
  | 'insertEnd'
  | 'expectActual'
  | 'callArgument'
  | 'untruncate'
  | 'channelSetting'
  | 'identityChannel'
  | 'identityBegin'
  | 'gpadlChannel'
  | 'ringGpadl'
  | 'optionalType'
  | 'deleteChunk';

export interface FixKindInfo {
  /** The fix's title; a form may add what it writes after a colon ("Recompute PayloadCrc32c: remove crc=…"). */
  title: string;
  /** true when the form offers the kind, else why it cannot. */
  text: true | string;
  bytes: true | string;
}

const NO_CHANNEL_IN_BYTES =
  'a binary holds only the stream: the channel it is restored into comes from the vmbstate.channel settings';

export const FIX_KINDS: Readonly<Record<FixKind, FixKindInfo>> = {
  headerCrc: { title: 'Recompute HeaderCrc32c', text: true, bytes: true },
  payloadCrc: { title: 'Recompute PayloadCrc32c', text: true, bytes: true },
  streamCrc: { title: 'Compute StreamCrc32c', text: true, bytes: true },
  allCrcs: {
    title: 'Recompute all CRCs',
    text: 'a text computes every CRC it does not spell out; its fix is per chunk (drop the explicit crc=/hcrc=, write StreamCrc32c as auto)',
    bytes: true,
  },
  chunkCount: { title: 'Compute ChunkCount', text: true, bytes: true },
  rangeBufferWords: { title: 'Compute RangeBufferWords', text: true, bytes: true },
  payloadLength: { title: 'Fix PayloadLength', text: true, bytes: true },
  padding: { title: 'Zero the padding', text: true, bytes: true },
  headerDefault: { title: 'Write the default header value', text: true, bytes: true },
  headerSize: {
    title: 'Use the default HeaderSize',
    text: true,
    bytes: 'in bytes a different HeaderSize moves where the payload starts: a re-layout of the chunk, not a field fix',
  },
  renumber: { title: 'Renumber', text: true, bytes: true },
  final: { title: 'Fix FINAL', text: true, bytes: true },
  insertEnd: { title: 'Insert the missing END chunk (FINAL)', text: true, bytes: true },
  expectActual: { title: 'Expect what the call returned', text: true, bytes: 'a binary holds no .expect' },
  callArgument: {
    title: 'Pass the buffer as written',
    text: true,
    bytes: 'a binary holds no call arguments: the editor passes every buffer whole, cut as the buffering setting says',
  },
  untruncate: {
    title: 'Keep the chunk whole',
    text: true,
    bytes: 'a binary holds no .truncate: bytes missing from a binary cannot be invented',
  },
  channelSetting: { title: 'Restore into a channel that accepts it', text: true, bytes: NO_CHANNEL_IN_BYTES },
  identityChannel: { title: "Set the channel's identity to BEGIN's", text: true, bytes: NO_CHANNEL_IN_BYTES },
  identityBegin: { title: "Set BEGIN's identity to the channel's", text: true, bytes: true },
  gpadlChannel: { title: "Set the GPADL's ChannelId to the OFFER's", text: true, bytes: true },
  ringGpadl: { title: 'Point the ring buffer at an Accepted GPADL', text: true, bytes: true },
  optionalType: { title: 'Make the chunk type optional', text: true, bytes: true },
  deleteChunk: { title: 'Delete the chunk restore refuses', text: true, bytes: true },
};

/** The fix kinds of each code, in the order they are offered. */
export const FIXES: Readonly<Record<DiagnosticCode, readonly FixKind[]>> = {
  'ARG-CHANNEL': ['channelSetting'],
  'ARG-BUFFER': ['callArgument'],
  'ARG-SIZE0': ['callArgument'],
  'STATE-ENABLED': ['channelSetting'],
  'STATE-DONE': [],
  'STATE-FAILED': [],
  'STATE-NOCALLBACKS': ['channelSetting'],
  'SIZE-HEADER': ['untruncate'],
  'SIZE-PARTIAL': ['untruncate', 'payloadLength'],
  'SIZE-OVERRUN': ['callArgument'],
  'FRAME-MAGIC': ['headerDefault'],
  'FRAME-HSIZE': ['headerSize'],
  'FRAME-RESERVED': ['headerDefault'],
  'FRAME-LENGTH': ['payloadLength'],
  'FRAME-FINAL': ['final'],
  'FRAME-PADDING': ['padding', 'payloadLength'],
  'VER-MAJOR': ['headerDefault'],
  'VER-MIXED': ['headerDefault'],
  'VER-VMBUS': [],
  'VER-FEATURES': [],
  'CRC-HEADER': ['headerCrc', 'allCrcs'],
  'CRC-PAYLOAD': ['payloadCrc', 'allCrcs'],
  'CRC-STREAM': ['streamCrc', 'allCrcs'],
  'UNSUP-TYPE': ['optionalType'],
  'UNSUP-FLAG': [],
  'UNSUP-END-FLAGS': [],
  'SEQ-FIRST': ['renumber'],
  'SEQ-GAP': ['renumber'],
  'SEQ-DUPLICATE': ['renumber'],
  'SEQ-AFTER-FINAL': ['deleteChunk'],
  'SEQ-ORDER': [],
  'SEQ-CONTINUATION': [],
  'CONTENT-LENGTH': ['rangeBufferWords', 'payloadLength'],
  'CONTENT-RESERVED': [],
  'CONTENT-ENUM': [],
  'CONTENT-LIMIT': [],
  'CONTENT-OPEN-STATE': [],
  'CONTENT-GPA-RANGE': [],
  'CONTENT-GPADL-CHANNEL': ['gpadlChannel'],
  'CONTENT-GPADL-DUP': ['deleteChunk'],
  'CONTENT-RING-GPADL': ['ringGpadl'],
  'CONTENT-RING-SHAPE': [],
  'CONTENT-GPADL-REVOKED': [],
  'CONTENT-CHANNEL-ID': [],
  'CONTENT-MONITOR': [],
  'CONTENT-MONITOR-MISMATCH': [],
  'STATE-OPEN-MISMATCH': [],
  'CONTENT-CHUNKCOUNT': ['chunkCount'],
  'CONTENT-TXID-DUP': ['deleteChunk'],
  'CONTENT-MESSAGE-SIZE': [],
  'CONTENT-IDENTITY': ['identityChannel', 'identityBegin'],
  'RES-LIMIT': [],
  'EOF-TRUNCATED': ['insertEnd'],
  // Save-side findings: the fix is in the driver's save loop, not in the bytes.
  'SAVE-NOT-BEGUN': [],
  'SAVE-BEGUN': [],
  'SAVE-ENDED': [],
  'SAVE-DONE': [],
  'SAVE-STATE': [],
  'SAVE-TOO-SMALL': [],
  'SAVE-INCOMPLETE': [],
  'WARN-OPTIONAL-TYPE': [],
  'WARN-NOTE-UTF8': [],
  'WARN-OPEN-PARAMS': [],
  'WARN-MESSAGE-DIRECTION': [],
  'WARN-ENABLE-NEW': [],
  'EXPECT-MISMATCH': ['expectActual'],
  'MORE-PROBLEMS': [],
  'LIMIT-CHUNKS': [],
  'SCHEMA-COMPILE': [],
  'SCHEMA-PARSE': [],
  'SCHEMA-LIMIT': [],
  'SCHEMA-MANDATORY': [],
  'SCHEMA-MAPPING': [],
  'TEXT-TOKEN': [],
  'TEXT-HEX': [],
  'TEXT-NUMBER': [],
  'TEXT-RANGE': [],
  'TEXT-STRING': [],
  'TEXT-GUID': [],
  'TEXT-AUTO': [],
  'TEXT-DIRECTIVE': [],
  'TEXT-OPTION': [],
  'TEXT-BLOCK': [],
  'TEXT-ORDER': [],
  'TEXT-TRUNCATE': [],
  'TEXT-LIMIT': [],
  'TEXT-INTERNAL': [],
  'TEXT-ENCODING': [],
  'ANALYSIS-FAILED': [],
};

/**
 * A fix offered for the cause rather than the code: in a text, an explicit `len=` that differs
 * from the bytes its block writes misframes that chunk and the next, so whatever restore reports
 * there (any finding about the bytes) is offered the payloadLength fix that drops the `len=`. A
 * binary has no explicit options: its payloadLength fix is offered on the codes listed above.
 */
export const CAUSE_FIX: { kind: FixKind; form: FixForm; applies: (code: DiagnosticCode) => boolean } = {
  kind: 'payloadLength',
  form: 'text',
  applies: (code) => !code.startsWith('TEXT-') && code !== 'EXPECT-MISMATCH',
};

export function formSupports(kind: FixKind, form: FixForm): boolean {
  return FIX_KINDS[kind][form] === true;
}

/** The fix kinds a form offers for a code, in order: the code's own, then the cause fix. */
export function fixKindsFor(code: DiagnosticCode, form: FixForm): FixKind[] {
  const own = FIXES[code].filter((k) => formSupports(k, form));
  if (CAUSE_FIX.form === form && CAUSE_FIX.applies(code) && !own.includes(CAUSE_FIX.kind)) own.push(CAUSE_FIX.kind);
  return own;
}

/** A kind's title, with what this instance writes after a colon. */
export function fixTitle(kind: FixKind, detail?: string): string {
  return detail ? `${FIX_KINDS[kind].title}: ${detail}` : FIX_KINDS[kind].title;
}
