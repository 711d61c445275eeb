// What the status bar says about the last emulated restore of the active file. Pure; unit-tested.

import {
  formatStatus,
  ntSuccessTrap,
  STATUS,
  statusHex,
  statusMeaning,
  statusName,
  runKind,
  runShowsTrap,
} from '../../core/src';

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

export function presentStatus(i: RestoreStatusInfo): StatusPresentation {
  const s = i.outcome.status >>> 0;
  const name = nameOf(s, i.outcome.statusName);
  const kind: StatusPresentation['kind'] = runKind(s);
  const icon = kind === 'success' ? '$(pass)' : kind === 'warning' ? '$(warning)' : '$(error)';
  const lines: string[] = [];
  lines.push(`**Emulated restore${i.fileName ? ` of ${i.fileName}` : ''}: ${name}** (${statusHex(s)})`);
  lines.push('');
  lines.push(
    s === STATUS.STATUS_END_OF_FILE
      ? 'The input ended while restore still expected more chunks (an END chunk with FINAL): the last call returned STATUS_MORE_PROCESSING_REQUIRED.'
      : statusMeaning(s),
  );
  const last = i.lastStatus;
  if (last) {
    lines.push('');
    lines.push(`Last call: restore call ${last.call + 1} returned ${nameOf(last.status >>> 0, last.statusName)}.`);
  }
  if (
    runShowsTrap({
      status: s,
      ...(last ? { lastCall: last } : {}),
      ...(i.moreProcessingCalls !== undefined ? { moreProcessingCalls: i.moreProcessingCalls } : {}),
    })
  ) {
    lines.push('');
    lines.push(`⚠ ${ntSuccessTrap(STATUS.STATUS_MORE_PROCESSING_REQUIRED)}`);
  }
  lines.push('');
  lines.push('Click to step through the restore calls (Step Restore).');
  return { text: `${icon} ${name}`, tooltip: lines.join('\n'), kind };
}
