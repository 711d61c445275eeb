// The catalogue of diagnostic codes: each code's NTSTATUS and a one-line title.
// docs/format.md lists the same table; a unit test keeps the two in step.

import { STATUS, type StatusName } from './ntstatus';
import { TEXT_CODES } from './text/textProblems';

export interface DiagnosticInfo {
  code: string;
  /** What a failing call returns; null for findings that are not a return value (warnings, harness checks). */
  status: StatusName | null;
  title: string;
  /** Warnings do not fail a restore. */
  severity: 'error' | 'warning';
}

const D = (code: string, status: StatusName | null, title: string, severity: 'error' | 'warning' = 'error'): DiagnosticInfo => ({ code, status, title, severity });

export const DIAGNOSTICS: readonly DiagnosticInfo[] = [
  D('ARG-CHANNEL', 'STATUS_INVALID_PARAMETER_1', 'Channel is NULL or not a channel'),
  D('ARG-BUFFER', 'STATUS_INVALID_PARAMETER_2', 'Buffer is NULL'),
  D('ARG-SIZE0', 'STATUS_INVALID_PARAMETER_3', 'BufferSize is 0'),
  D('STATE-ENABLED', 'STATUS_INVALID_DEVICE_STATE', 'Channel is enabled: restore needs a disabled channel'),
  D('STATE-DONE', 'STATUS_INVALID_DEVICE_STATE', 'Call after restore already returned STATUS_SUCCESS'),
  D('STATE-FAILED', 'STATUS_INVALID_DEVICE_STATE', 'Call after a failed restore call (sticky until Cleanup)'),
  D('STATE-NOCALLBACKS', 'STATUS_INVALID_DEVICE_STATE', 'PACKET chunks but no save/restore packet callbacks registered'),
  D('SIZE-HEADER', 'STATUS_INVALID_BUFFER_SIZE', 'Buffer ends inside a chunk header'),
  D('SIZE-PARTIAL', 'STATUS_INVALID_BUFFER_SIZE', 'Buffer ends inside a chunk'),
  D('SIZE-OVERRUN', 'STATUS_INVALID_BUFFER_SIZE', 'BufferSize is larger than the buffer'),
  D('FRAME-MAGIC', 'STATUS_DATA_ERROR', 'Chunk magic is not "VBSC"'),
  D('FRAME-HSIZE', 'STATUS_DATA_ERROR', 'HeaderSize is not valid for this version'),
  D('FRAME-RESERVED', 'STATUS_DATA_ERROR', 'Reserved header field is not zero'),
  D('FRAME-LENGTH', 'STATUS_DATA_ERROR', 'PayloadLength exceeds MaxPayloadLength'),
  D('FRAME-FINAL', 'STATUS_DATA_ERROR', 'FINAL flag on a chunk other than END, or END without FINAL'),
  D('FRAME-PADDING', 'STATUS_DATA_ERROR', 'Alignment padding is not zero'),
  D('VER-MAJOR', 'STATUS_REVISION_MISMATCH', 'Unknown format major version'),
  D('VER-MIXED', 'STATUS_REVISION_MISMATCH', 'Chunk version differs from the stream\'s BEGIN'),
  D('VER-VMBUS', 'STATUS_REVISION_MISMATCH', 'Unknown VMBus protocol version in BEGIN'),
  D('CRC-HEADER', 'STATUS_CRC_ERROR', 'HeaderCrc32c does not match the header'),
  D('CRC-PAYLOAD', 'STATUS_CRC_ERROR', 'PayloadCrc32c does not match the payload'),
  D('CRC-STREAM', 'STATUS_CRC_ERROR', 'END StreamCrc32c does not match the preceding chunks'),
  D('UNSUP-TYPE', 'STATUS_NOT_SUPPORTED', 'Unknown mandatory chunk type'),
  D('UNSUP-FLAG', 'STATUS_NOT_SUPPORTED', 'Unknown must-understand flag'),
  D('UNSUP-END-FLAGS', 'STATUS_NOT_SUPPORTED', 'Undefined EndFlags bits'),
  D('SEQ-FIRST', 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'First chunk is not BEGIN with sequence 0'),
  D('SEQ-GAP', 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'Sequence skips ahead: chunks are missing'),
  D('SEQ-DUPLICATE', 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'Sequence goes back: chunk already restored'),
  D('SEQ-AFTER-FINAL', 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'Chunk after the FINAL chunk'),
  D('SEQ-ORDER', 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'Chunk type out of the required order'),
  D('SEQ-CONTINUATION', 'STATUS_REQUEST_OUT_OF_SEQUENCE', 'CONTINUES chain broken or misused'),
  D('CONTENT-LENGTH', 'STATUS_FILE_CORRUPT_ERROR', 'Payload length does not match its fields'),
  D('CONTENT-RESERVED', 'STATUS_FILE_CORRUPT_ERROR', 'Reserved payload field is not zero'),
  D('CONTENT-ENUM', 'STATUS_FILE_CORRUPT_ERROR', 'Field holds an undefined enum value'),
  D('CONTENT-LIMIT', 'STATUS_FILE_CORRUPT_ERROR', 'MaxPayloadLength is below 64'),
  D('CONTENT-OPEN-STATE', 'STATUS_FILE_CORRUPT_ERROR', 'Open parameters do not match the channel state'),
  D('CONTENT-GPA-RANGE', 'STATUS_FILE_CORRUPT_ERROR', 'Invalid GPA range in a GPADL'),
  D('CONTENT-GPADL-CHANNEL', 'STATUS_FILE_CORRUPT_ERROR', 'GPADL belongs to another channel'),
  D('CONTENT-GPADL-DUP', 'STATUS_FILE_CORRUPT_ERROR', 'GPADL id restored twice'),
  D('CONTENT-RING-GPADL', 'STATUS_FILE_CORRUPT_ERROR', 'Ring buffer GPADL missing or not Accepted'),
  D('CONTENT-CHUNKCOUNT', 'STATUS_FILE_CORRUPT_ERROR', 'ChunkCount does not match the chunks restored'),
  D('CONTENT-TXID-DUP', 'STATUS_FILE_CORRUPT_ERROR', 'Packet TransactionId restored twice'),
  D('CONTENT-MESSAGE-SIZE', 'STATUS_FILE_CORRUPT_ERROR', 'Pending control message longer than 240 bytes'),
  D('CONTENT-IDENTITY', 'STATUS_INVALID_PARAMETER', 'BEGIN identity differs from the channel being restored'),
  D('RES-LIMIT', 'STATUS_INSUFFICIENT_RESOURCES', 'Emulated driver limit exceeded'),
  D('EOF-TRUNCATED', 'STATUS_END_OF_FILE', 'Input ended while restore expected more chunks (harness finding)'),
  D('WARN-OPTIONAL-TYPE', null, 'Unknown optional chunk type: skipped', 'warning'),
  D('EXPECT-MISMATCH', null, 'Call returned a status other than its .expect', 'error'),
  // Severity varies: that of the most severe problem left out (problemCap.ts).
  D('MORE-PROBLEMS', null, 'More problems than are collected: the rest are counted, not listed', 'error'),
  D('LIMIT-CHUNKS', null, 'More chunks than vmbstate analyses: the rest of the input is not framed or restored'),
  // Errors in the .vmbhex text itself (core/src/text/textProblems.ts): not restore results.
  ...Object.entries(TEXT_CODES).map(([code, title]) => D(code, null, title)),
  D('TEXT-ENCODING', null, 'A .vmbhex file is not valid UTF-8'),
  // The editor's language server only: its analysis of the document did not finish.
  D('ANALYSIS-FAILED', null, 'Analysis did not finish (out of memory, or its worker stopped): problems unknown'),
];

const BY_CODE = new Map(DIAGNOSTICS.map((d) => [d.code, d]));

export function diagnosticInfo(code: string): DiagnosticInfo | undefined {
  return BY_CODE.get(code);
}

const VID: Record<string, StatusName> = {
  CONTENT: 'STATUS_VID_SAVED_STATE_CORRUPT',
  UNSUP: 'STATUS_VID_SAVED_STATE_UNRECOGNIZED_ITEM',
  VER: 'STATUS_VID_SAVED_STATE_INCOMPATIBLE',
};

/** The NTSTATUS a failing restore call returns for `code` under the given profile. */
export function statusForCode(code: string, profile: 'default' | 'vid' = 'default'): number {
  if (profile === 'vid' && code !== 'CONTENT-IDENTITY') {
    const vid = VID[code.split('-')[0]];
    if (vid) return STATUS[vid];
  }
  const info = BY_CODE.get(code);
  if (!info || !info.status) throw new Error(`diagnostic ${code} is not a restore failure`);
  return STATUS[info.status];
}
