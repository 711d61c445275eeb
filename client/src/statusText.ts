// What the status bar says about the last emulated restore of the active file. Pure; unit-tested.

import { formatStatus, statusHex, statusMeaning, statusName } from '../../core/src';

const SUCCESS = 0;
const MORE = 0xc0000016;
const END_OF_FILE = 0xc0000011;

export interface RestoreStatusInfo {
  /** How the whole run ended: SUCCESS, END_OF_FILE (input ran out), or the failing status. */
  outcome: { status: number; statusName?: string };
  /** The status the last restore call returned. */
  lastStatus?: { call: number; status: number; statusName?: string };
  /** Calls that returned STATUS_MORE_PROCESSING_REQUIRED, when known. */
  moreProcessingCalls?: number;
  fileName?: string;
}

export interface StatusPresentation {
  text: string;
  /** Markdown. */
  tooltip: string;
  kind: 'success' | 'error' | 'warning';
}

const nameOf = (status: number, given?: string) => given ?? statusName(status) ?? formatStatus(status);

export const TRAP_NOTE =
  'STATUS_MORE_PROCESSING_REQUIRED (0xC0000016) has error severity, so `NT_SUCCESS(status)` is FALSE, yet it means progress: ' +
  'the chunks were restored and more were saved, so call VmbChannelRestoreFromBuffer again with the next buffer. ' +
  'Code that does `if (!NT_SUCCESS(status)) fail;` after each call is wrong for it.';

export function presentStatus(i: RestoreStatusInfo): StatusPresentation {
  const s = i.outcome.status >>> 0;
  const name = nameOf(s, i.outcome.statusName);
  const kind: StatusPresentation['kind'] = s === SUCCESS ? 'success' : s === END_OF_FILE ? 'warning' : 'error';
  const icon = kind === 'success' ? '$(pass)' : kind === 'warning' ? '$(warning)' : '$(error)';
  const lines: string[] = [];
  lines.push(`**Emulated restore${i.fileName ? ` of ${i.fileName}` : ''}: ${name}** (${statusHex(s)})`);
  lines.push('');
  lines.push(s === END_OF_FILE ? 'The input ended while restore still expected more chunks (an END chunk with FINAL): the last call returned STATUS_MORE_PROCESSING_REQUIRED.' : statusMeaning(s));
  const last = i.lastStatus;
  if (last) {
    lines.push('');
    lines.push(`Last call: restore call ${last.call + 1} returned ${nameOf(last.status >>> 0, last.statusName)}.`);
  }
  const more = (i.moreProcessingCalls ?? 0) > 0 || (last && (last.status >>> 0 === MORE || last.call > 0)) || s === END_OF_FILE;
  if (more) {
    lines.push('');
    lines.push(`⚠ ${TRAP_NOTE}`);
  }
  lines.push('');
  lines.push('Click to step through the restore calls (Step Restore).');
  return { text: `${icon} ${name}`, tooltip: lines.join('\n'), kind };
}
