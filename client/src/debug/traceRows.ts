// The Step Restore view's rows: what identifies a row, what a row shows, and the icon of a call
// by how it returned. No vscode import: the tree provider maps RowViews to TreeItems.

import { isMoreProcessing, ntSuccess, STATUS, type ByteRange, type TextRange } from '../../../core/src';

/** What `vmbstate.revealCall` receives from a row. */
export interface RevealArgs {
  uri: string;
  form: 'binary' | 'text';
  bytes: ByteRange;
  text?: TextRange;
  call: number;
  chunk?: number;
}

export type RowKind = 'call' | 'item' | 'failure' | 'op' | 'outcome' | 'finding' | 'whatIf' | 'whatIfEdit';

export interface Row {
  id: string;
  kind: RowKind;
  /** 0-based call index (call, item, failure rows). */
  call?: number;
  /** Index into the call's items (item rows). */
  item?: number;
  /** Step index (op rows) or finding index (finding rows). */
  index?: number;
}

export type IconColor =
  | 'testing.iconPassed'
  | 'testing.iconFailed'
  | 'testing.iconQueued'
  | 'debugIcon.continueForeground'
  | 'debugIcon.pauseForeground'
  | 'debugIcon.stepOverForeground'
  | 'debugIcon.breakpointDisabledForeground'
  | 'problemsWarningIcon.foreground'
  | 'problemsInfoIcon.foreground';

export interface RowView {
  label: string;
  description?: string;
  tooltip?: string;
  icon: { id: string; color?: IconColor };
  collapsible: boolean;
  reveal?: RevealArgs;
  contextValue: string;
}

export type CallOutcome = 'pending' | 'success' | 'more' | 'failure' | 'other';

export function callOutcome(status: number | undefined): CallOutcome {
  if (status === undefined) return 'pending';
  const s = status >>> 0;
  if (s === STATUS.STATUS_SUCCESS) return 'success';
  if (isMoreProcessing(s)) return 'more';
  if (!ntSuccess(s)) return 'failure';
  return 'other';
}

export function callIcon(o: CallOutcome, expectOk?: boolean): RowView['icon'] {
  switch (o) {
    case 'pending':
      return { id: 'circle-outline', color: 'testing.iconQueued' };
    case 'success':
      return { id: 'pass-filled', color: 'testing.iconPassed' };
    case 'more':
      return { id: 'arrow-circle-right', color: 'debugIcon.continueForeground' };
    case 'failure':
      // A failure the fixture's .expect asked for is shown as expected, not as a test failure.
      return expectOk
        ? { id: 'error', color: 'debugIcon.pauseForeground' }
        : { id: 'error', color: 'testing.iconFailed' };
    case 'other':
      return { id: 'warning', color: 'debugIcon.pauseForeground' };
  }
}
