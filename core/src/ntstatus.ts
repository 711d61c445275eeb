// NTSTATUS values the emulated restore returns, checked against [MS-ERREF] 2.3 / ntstatus.h.
// Statuses are kept as unsigned 32-bit numbers; NT_SUCCESS tests the sign bit.

export const STATUS = {
  STATUS_SUCCESS: 0x00000000,
  STATUS_BUFFER_OVERFLOW: 0x80000005,
  STATUS_UNSUCCESSFUL: 0xc0000001,
  STATUS_INVALID_PARAMETER: 0xc000000d,
  STATUS_END_OF_FILE: 0xc0000011,
  STATUS_MORE_PROCESSING_REQUIRED: 0xc0000016,
  STATUS_BUFFER_TOO_SMALL: 0xc0000023,
  STATUS_DATA_ERROR: 0xc000003e,
  STATUS_CRC_ERROR: 0xc000003f,
  STATUS_REVISION_MISMATCH: 0xc0000059,
  STATUS_INSUFFICIENT_RESOURCES: 0xc000009a,
  STATUS_NOT_SUPPORTED: 0xc00000bb,
  STATUS_INVALID_PARAMETER_1: 0xc00000ef,
  STATUS_INVALID_PARAMETER_2: 0xc00000f0,
  STATUS_INVALID_PARAMETER_3: 0xc00000f1,
  STATUS_FILE_CORRUPT_ERROR: 0xc0000102,
  STATUS_INVALID_DEVICE_STATE: 0xc0000184,
  STATUS_INVALID_BUFFER_SIZE: 0xc0000206,
  STATUS_REQUEST_OUT_OF_SEQUENCE: 0xc000042a,
  STATUS_VID_SAVED_STATE_CORRUPT: 0xc0370027,
  STATUS_VID_SAVED_STATE_UNRECOGNIZED_ITEM: 0xc0370028,
  STATUS_VID_SAVED_STATE_INCOMPATIBLE: 0xc0370029,
} as const;

export type StatusName = keyof typeof STATUS;

const MEANINGS: Record<StatusName, string> = {
  STATUS_SUCCESS: 'Restore finished: the final chunk was consumed and the channel state is complete.',
  STATUS_BUFFER_OVERFLOW: 'Save side: some chunks were written and more remain.',
  STATUS_UNSUCCESSFUL: 'The operation failed.',
  STATUS_INVALID_PARAMETER: 'The saved identity does not match the channel being restored.',
  STATUS_END_OF_FILE: 'The saved data ended while restore still expected more chunks.',
  // The NT_SUCCESS sentences of the two progress statuses are NT_SUCCESS_TRAPS below, said once.
  STATUS_MORE_PROCESSING_REQUIRED:
    'The chunks were restored and more chunks were saved: call VmbChannelRestoreFromBuffer again with the next buffer.',
  STATUS_BUFFER_TOO_SMALL:
    'Save side: the buffer cannot hold the next whole chunk; BytesRequired says how much is needed.',
  STATUS_DATA_ERROR: 'A chunk is malformed (bad magic, header size, reserved bytes, padding, length or FINAL flag).',
  STATUS_CRC_ERROR: 'A header, payload or stream CRC-32C does not match the bytes.',
  STATUS_REVISION_MISMATCH: 'The format or VMBus version is not one this restore understands.',
  STATUS_INSUFFICIENT_RESOURCES: "The saved state exceeds the emulated driver's limits.",
  STATUS_NOT_SUPPORTED: 'A mandatory chunk type or must-understand flag is unknown.',
  STATUS_INVALID_PARAMETER_1: 'The channel handle is NULL or unknown.',
  STATUS_INVALID_PARAMETER_2: 'The buffer pointer is NULL.',
  STATUS_INVALID_PARAMETER_3: 'The buffer size is 0.',
  STATUS_FILE_CORRUPT_ERROR: "A chunk's content is inconsistent (enum value, lengths, references, counts).",
  STATUS_INVALID_DEVICE_STATE:
    'The channel is not in a state that allows this call (enabled, already restored, or failed).',
  STATUS_INVALID_BUFFER_SIZE: 'The buffer does not hold whole chunks: it ends inside a chunk.',
  STATUS_REQUEST_OUT_OF_SEQUENCE:
    'A chunk arrived out of order: wrong first chunk, sequence gap, duplicate, or a chunk after the final one.',
  STATUS_VID_SAVED_STATE_CORRUPT: 'VID profile: the saved state is corrupt.',
  STATUS_VID_SAVED_STATE_UNRECOGNIZED_ITEM:
    'VID profile: the saved state holds an item this restore does not recognise.',
  STATUS_VID_SAVED_STATE_INCOMPATIBLE: 'VID profile: the saved state is incompatible with this version.',
};

const BY_VALUE = new Map<number, StatusName>();
for (const [name, value] of Object.entries(STATUS)) BY_VALUE.set(value, name as StatusName);

/** NT_SUCCESS(s): true when the status, read as a signed 32-bit integer, is >= 0. */
export function ntSuccess(status: number): boolean {
  return (status | 0) >= 0;
}

export function statusName(status: number): StatusName | undefined {
  return BY_VALUE.get(status >>> 0);
}

export function statusFromName(name: string): number | undefined {
  const key = name.toUpperCase();
  return key in STATUS ? STATUS[key as StatusName] : undefined;
}

export function statusHex(status: number): string {
  return '0x' + (status >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** "STATUS_CRC_ERROR (0xC000003F)", or just the hex value for a status we do not name. */
export function formatStatus(status: number): string {
  const name = statusName(status);
  return name ? `${name} (${statusHex(status)})` : statusHex(status);
}

/**
 * What a status means; for the two progress statuses (isProgressDespiteNtSuccessFalse) followed by
 * the NT_SUCCESS trap unless `trap: false` (for views that show ntSuccessTrap() on its own).
 */
export function statusMeaning(status: number, opts: { trap?: boolean } = {}): string {
  const name = statusName(status);
  if (!name) return 'An NTSTATUS this tool does not name.';
  const trap = opts.trap === false ? undefined : ntSuccessTrap(status);
  return trap ? `${MEANINGS[name]} ${trap}` : MEANINGS[name];
}

/**
 * The NT_SUCCESS trap, the one explanation every view shows (hover, status bar, trace export,
 * debugger `lastStatus.trap`): the statuses where NT_SUCCESS is FALSE yet the call made progress.
 * Markdown code spans; plain-text views show them as they are.
 */
const NT_SUCCESS_TRAPS: Partial<Record<StatusName, { full: string; brief: string }>> = {
  STATUS_MORE_PROCESSING_REQUIRED: {
    full:
      'STATUS_MORE_PROCESSING_REQUIRED is 0xC0000016, an error-severity value, so `NT_SUCCESS(status)` is FALSE, yet it means progress: ' +
      'the chunks were restored and more are expected. Code that does `if (!NT_SUCCESS(status)) fail;` treats a healthy restore as a failure; ' +
      'test for this status first and call VmbChannelRestoreFromBuffer again with the next buffer.',
    brief: 'yet progress: call again with the next buffer',
  },
  STATUS_BUFFER_OVERFLOW: {
    full: 'STATUS_BUFFER_OVERFLOW is 0x80000005, a warning, so `NT_SUCCESS(status)` is FALSE, yet on the save side it means progress: some chunks were written and more remain. Call VmbChannelSaveContinue again.',
    brief: 'yet progress: call VmbChannelSaveContinue again',
  },
};

/** The NT_SUCCESS trap spelled out for a progress status; undefined for every other status. */
export function ntSuccessTrap(status: number): string | undefined {
  const name = statusName(status);
  return name && NT_SUCCESS_TRAPS[name]?.full;
}

/** The trap as a clause to follow "NT_SUCCESS is FALSE" in a one-line view (a trace row, the CLI dump). */
export function ntSuccessTrapBrief(status: number): string | undefined {
  const name = statusName(status);
  return name && NT_SUCCESS_TRAPS[name]?.brief;
}

/** STATUS_MORE_PROCESSING_REQUIRED: restore made progress and wants the next buffer. */
export function isMoreProcessing(status: number): boolean {
  return status >>> 0 === STATUS.STATUS_MORE_PROCESSING_REQUIRED;
}

/** Severity class from the top two bits: success, informational, warning, error. */
export function statusSeverity(status: number): 'success' | 'informational' | 'warning' | 'error' {
  return (['success', 'informational', 'warning', 'error'] as const)[(status >>> 30) & 3];
}

/** The statuses where NT_SUCCESS is FALSE yet the call made progress: the two traps of this API. */
export function isProgressDespiteNtSuccessFalse(status: number): boolean {
  return ntSuccessTrap(status) !== undefined;
}
