// The catalogue of diagnostic codes: each code's NTSTATUS and a one-line title. Two `as const`
// tables, RESTORE_CODES here and TEXT_CODES (text/textProblems.ts), make one DiagnosticCode type,
// so a misspelled code in a switch or comparison does not compile. docs/format.md §6 lists the same
// table; test/unit/docs.test.ts keeps the two in step.

import { STATUS, type StatusName } from './ntstatus';
import { TEXT_CODES, type TextCode } from './text/textProblems';

interface CodeEntry {
  readonly status: StatusName | null;
  readonly title: string;
  readonly severity?: 'warning';
}

/** Every code that is not a TEXT-* syntax error: restore results, harness and editor findings. */
export const RESTORE_CODES = {
  'ARG-CHANNEL': { status: 'STATUS_INVALID_PARAMETER_1', title: 'Channel is NULL or not a channel' },
  'ARG-BUFFER': { status: 'STATUS_INVALID_PARAMETER_2', title: 'Buffer is NULL' },
  'ARG-SIZE0': { status: 'STATUS_INVALID_PARAMETER_3', title: 'BufferSize is 0' },
  'STATE-ENABLED': {
    status: 'STATUS_INVALID_DEVICE_STATE',
    title: 'Channel is enabled: restore needs a disabled channel',
  },
  'STATE-DONE': { status: 'STATUS_INVALID_DEVICE_STATE', title: 'Call after restore already returned STATUS_SUCCESS' },
  'STATE-FAILED': {
    status: 'STATUS_INVALID_DEVICE_STATE',
    title: 'Call after a failed restore call (sticky until Cleanup)',
  },
  'STATE-NOCALLBACKS': {
    status: 'STATUS_INVALID_DEVICE_STATE',
    title: 'PACKET chunks but no save/restore packet callbacks registered',
  },
  'SIZE-HEADER': { status: 'STATUS_INVALID_BUFFER_SIZE', title: 'Buffer ends inside a chunk header' },
  'SIZE-PARTIAL': { status: 'STATUS_INVALID_BUFFER_SIZE', title: 'Buffer ends inside a chunk' },
  'SIZE-OVERRUN': { status: 'STATUS_INVALID_BUFFER_SIZE', title: 'BufferSize is larger than the buffer' },
  'FRAME-MAGIC': { status: 'STATUS_DATA_ERROR', title: 'Chunk magic is not "VBSC"' },
  'FRAME-HSIZE': { status: 'STATUS_DATA_ERROR', title: 'HeaderSize is not valid for this version' },
  'FRAME-RESERVED': { status: 'STATUS_DATA_ERROR', title: 'Reserved header field is not zero' },
  'FRAME-LENGTH': { status: 'STATUS_DATA_ERROR', title: 'PayloadLength exceeds MaxPayloadLength' },
  'FRAME-FINAL': { status: 'STATUS_DATA_ERROR', title: 'FINAL flag on a chunk other than END, or END without FINAL' },
  'FRAME-PADDING': { status: 'STATUS_DATA_ERROR', title: 'Alignment padding is not zero' },
  'VER-MAJOR': { status: 'STATUS_REVISION_MISMATCH', title: 'Unknown format major version' },
  'VER-MIXED': { status: 'STATUS_REVISION_MISMATCH', title: "Chunk version differs from the stream's BEGIN" },
  'VER-VMBUS': {
    status: 'STATUS_REVISION_MISMATCH',
    title: 'Unknown VMBus protocol version in BEGIN, or above the channel maxVmbusVersion',
  },
  'VER-FEATURES': {
    status: 'STATUS_REVISION_MISMATCH',
    title: 'FeatureFlags not allowed with this VMBus version or channel',
  },
  'CRC-HEADER': { status: 'STATUS_CRC_ERROR', title: 'HeaderCrc32c does not match the header' },
  'CRC-PAYLOAD': { status: 'STATUS_CRC_ERROR', title: 'PayloadCrc32c does not match the payload' },
  'CRC-STREAM': { status: 'STATUS_CRC_ERROR', title: 'END StreamCrc32c does not match the preceding chunks' },
  'UNSUP-TYPE': { status: 'STATUS_NOT_SUPPORTED', title: 'Unknown mandatory chunk type' },
  'UNSUP-FLAG': { status: 'STATUS_NOT_SUPPORTED', title: 'Unknown must-understand flag' },
  'UNSUP-END-FLAGS': { status: 'STATUS_NOT_SUPPORTED', title: 'Undefined EndFlags bits' },
  'SEQ-FIRST': { status: 'STATUS_REQUEST_OUT_OF_SEQUENCE', title: 'First chunk is not BEGIN with sequence 0' },
  'SEQ-GAP': { status: 'STATUS_REQUEST_OUT_OF_SEQUENCE', title: 'Sequence skips ahead: chunks are missing' },
  'SEQ-DUPLICATE': { status: 'STATUS_REQUEST_OUT_OF_SEQUENCE', title: 'Sequence goes back: chunk already restored' },
  'SEQ-AFTER-FINAL': { status: 'STATUS_REQUEST_OUT_OF_SEQUENCE', title: 'Chunk after the FINAL chunk' },
  'SEQ-ORDER': { status: 'STATUS_REQUEST_OUT_OF_SEQUENCE', title: 'Chunk type out of the required order' },
  'SEQ-CONTINUATION': { status: 'STATUS_REQUEST_OUT_OF_SEQUENCE', title: 'CONTINUES chain broken or misused' },
  'CONTENT-LENGTH': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'Payload length does not match its fields' },
  'CONTENT-RESERVED': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'Reserved payload field is not zero' },
  'CONTENT-ENUM': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'Field holds an undefined enum value' },
  'CONTENT-LIMIT': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'MaxPayloadLength is below 64' },
  'CONTENT-OPEN-STATE': {
    status: 'STATUS_FILE_CORRUPT_ERROR',
    title: 'Open parameters do not match the channel state',
  },
  'CONTENT-GPA-RANGE': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'Invalid GPA range in a GPADL' },
  'CONTENT-GPADL-CHANNEL': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'GPADL belongs to another channel' },
  'CONTENT-GPADL-DUP': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'GPADL id restored twice' },
  'CONTENT-RING-GPADL': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'Ring buffer GPADL missing or not Accepted' },
  'CONTENT-RING-SHAPE': {
    status: 'STATUS_FILE_CORRUPT_ERROR',
    title: 'Ring buffer GPADL is not one page-aligned range split by DownstreamPageOffset',
  },
  'CONTENT-GPADL-REVOKED': {
    status: 'STATUS_FILE_CORRUPT_ERROR',
    title: 'Offered or TearingDown GPADL on a Revoked channel',
  },
  'CONTENT-CHANNEL-ID': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'ChannelId outside 1..2047' },
  'CONTENT-MONITOR': {
    status: 'STATUS_FILE_CORRUPT_ERROR',
    title: 'MonitorAllocated and MonitorId disagree, or MonitorId above 127',
  },
  'CONTENT-CHUNKCOUNT': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'ChunkCount does not match the chunks restored' },
  'CONTENT-TXID-DUP': { status: 'STATUS_FILE_CORRUPT_ERROR', title: 'Packet TransactionId restored twice' },
  'CONTENT-MESSAGE-SIZE': {
    status: 'STATUS_FILE_CORRUPT_ERROR',
    title: 'Pending control message longer than 240 bytes',
  },
  'CONTENT-IDENTITY': {
    status: 'STATUS_INVALID_PARAMETER',
    title: 'BEGIN identity differs from the channel being restored',
  },
  'CONTENT-MONITOR-MISMATCH': {
    status: 'STATUS_INVALID_PARAMETER',
    title: "OFFER's MonitorId differs from the channel's monitorId",
  },
  'STATE-OPEN-MISMATCH': {
    status: 'STATUS_INVALID_DEVICE_STATE',
    title: "Saved channel state contradicts the channel's open=yes|no",
  },
  'RES-LIMIT': { status: 'STATUS_INSUFFICIENT_RESOURCES', title: 'Emulated driver limit exceeded' },
  'EOF-TRUNCATED': {
    status: 'STATUS_END_OF_FILE',
    title: 'Input ended while restore expected more chunks (harness finding)',
  },
  // The emulated save side (docs/format.md §9): refusals of VmbChannelSaveBegin/SaveContinue/SaveEnd.
  'SAVE-NOT-BEGUN': { status: 'STATUS_INVALID_DEVICE_STATE', title: 'SaveContinue or SaveEnd without SaveBegin' },
  'SAVE-BEGUN': { status: 'STATUS_INVALID_DEVICE_STATE', title: 'SaveBegin while a save is in progress' },
  'SAVE-ENDED': { status: 'STATUS_INVALID_DEVICE_STATE', title: 'SaveContinue after SaveEnd' },
  'SAVE-DONE': { status: 'STATUS_INVALID_DEVICE_STATE', title: 'SaveContinue after it returned STATUS_SUCCESS' },
  'SAVE-STATE': {
    status: 'STATUS_INVALID_DEVICE_STATE',
    title: 'Channel cannot be saved: Started, or its restored state is incomplete',
  },
  'SAVE-TOO-SMALL': {
    status: 'STATUS_BUFFER_TOO_SMALL',
    title: 'Save buffer cannot hold the next whole chunk (BytesRequired says how much)',
  },
  'SAVE-INCOMPLETE': {
    status: null,
    title: 'Save ended (SaveEnd or end of input) while chunks remained after STATUS_BUFFER_OVERFLOW (harness finding)',
  },
  'WARN-OPTIONAL-TYPE': { status: null, title: 'Unknown optional chunk type: skipped', severity: 'warning' },
  'WARN-NOTE-UTF8': { status: null, title: 'NOTE text is not valid UTF-8', severity: 'warning' },
  'WARN-OPEN-PARAMS': {
    status: null,
    title: 'Open parameters use a feature the negotiated FeatureFlags lack, or undefined bits',
    severity: 'warning',
  },
  'WARN-MESSAGE-DIRECTION': {
    status: null,
    title: 'Pending message of a type a server never queues (guest to host, or unknown)',
    severity: 'warning',
  },
  'WARN-ENABLE-NEW': {
    status: null,
    title: 'Enable while the restore is unfinished or failed: the channel comes up as new',
    severity: 'warning',
  },
  'EXPECT-MISMATCH': { status: null, title: 'Call returned a status other than its .expect' },
  // Severity varies: that of the most severe problem left out (problemCap.ts).
  'MORE-PROBLEMS': { status: null, title: 'More problems than are collected: the rest are counted, not listed' },
  'LIMIT-CHUNKS': {
    status: null,
    title: 'More chunks than vmbstate analyses: the rest of the input is not framed or restored',
  },
  // User schemas (docs/schemas.md): SCHEMA-COMPILE is an error on the .ksy and a warning on the chunks it would decode.
  'SCHEMA-COMPILE': { status: null, title: 'User schema (.ksy) does not compile or cannot be read' },
  'SCHEMA-PARSE': { status: null, title: 'Payload does not parse under its user schema', severity: 'warning' },
  'SCHEMA-LIMIT': {
    status: null,
    title: 'User schema stopped at a limit (time, depth, fields or allocation)',
    severity: 'warning',
  },
  'SCHEMA-MANDATORY': {
    status: 'STATUS_FILE_CORRUPT_ERROR',
    title: 'Payload does not parse under a user schema marked mandatory',
  },
  'SCHEMA-MAPPING': { status: null, title: 'Invalid user-schema mapping (.vmbstate-schemas.json, setting or .schema)' },
  // TEXT-* codes (errors in the .vmbhex text itself) are TEXT_CODES in text/textProblems.ts, listed
  // after MORE-PROBLEMS in DIAGNOSTICS; TEXT-ENCODING is here because the text's reader reports it.
  'TEXT-ENCODING': { status: null, title: 'A .vmbhex file is not valid UTF-8' },
  // The editor's language server only: its analysis of the document did not finish.
  'ANALYSIS-FAILED': {
    status: null,
    title: 'Analysis did not finish (out of memory, or its worker stopped): problems unknown',
  },
} as const satisfies Record<string, CodeEntry>;

export type RestoreCode = keyof typeof RESTORE_CODES;
/** Every diagnostic code there is (docs/format.md §6). */
export type DiagnosticCode = RestoreCode | TextCode;

export interface DiagnosticInfo {
  code: DiagnosticCode;
  /** What a failing call returns; null for findings that are not a return value (warnings, harness checks). */
  status: StatusName | null;
  title: string;
  /** Warnings do not fail a restore. */
  severity: 'error' | 'warning';
}

const info = (code: DiagnosticCode, e: CodeEntry): DiagnosticInfo => ({
  code,
  status: e.status,
  title: e.title,
  severity: e.severity ?? 'error',
});
const entries = <K extends string>(t: Record<K, CodeEntry>) => Object.entries(t) as [K, CodeEntry][];
const TEXT_ENTRIES: Record<TextCode, CodeEntry> = Object.fromEntries(
  Object.entries(TEXT_CODES).map(([c, title]) => [c, { status: null, title }]),
) as Record<TextCode, CodeEntry>;

/** The catalogue in docs order: restore codes up to MORE-PROBLEMS, the TEXT-* codes, then TEXT-ENCODING and ANALYSIS-FAILED. */
export const DIAGNOSTICS: readonly DiagnosticInfo[] = (() => {
  const restore = entries<RestoreCode>(RESTORE_CODES);
  const split = restore.findIndex(([c]) => c === 'TEXT-ENCODING');
  return [...restore.slice(0, split), ...entries<TextCode>(TEXT_ENTRIES), ...restore.slice(split)].map(([c, e]) =>
    info(c, e),
  );
})();

const BY_CODE = new Map<string, DiagnosticInfo>(DIAGNOSTICS.map((d) => [d.code, d]));

/** The catalogue entry of a code; takes any string so untyped input (a `.expect diag=` value, a hover word) can be looked up. */
export function diagnosticInfo(code: string): DiagnosticInfo | undefined {
  return BY_CODE.get(code);
}

/** Whether untyped input (a `.expect diag=` value, a diagnostic from the wire) is a catalogued code. */
export function isDiagnosticCode(code: unknown): code is DiagnosticCode {
  return typeof code === 'string' && BY_CODE.has(code);
}

const VID: Record<string, StatusName> = {
  CONTENT: 'STATUS_VID_SAVED_STATE_CORRUPT',
  UNSUP: 'STATUS_VID_SAVED_STATE_UNRECOGNIZED_ITEM',
  VER: 'STATUS_VID_SAVED_STATE_INCOMPATIBLE',
};

/** The NTSTATUS a failing restore call returns for `code` under the given profile. */
export function statusForCode(code: DiagnosticCode, profile: 'default' | 'vid' = 'default'): number {
  if (profile === 'vid' && code !== 'CONTENT-IDENTITY' && code !== 'CONTENT-MONITOR-MISMATCH') {
    const vid = VID[code.split('-')[0]];
    if (vid) return STATUS[vid];
  }
  const info = BY_CODE.get(code);
  if (!info || !info.status) throw new Error(`diagnostic ${code} is not a restore failure`);
  return STATUS[info.status];
}
