// Messages between the custom editor (extension host) and its webview. Pure types: imported by
// both sides. Bytes travel as base64 strings: typed arrays do not survive every VS Code build's
// webview transport (the web workbench delivers them as plain objects).

import type { WireAnalysis, WireField } from '../../../core/src/wire';
import type { QuickFixId, QuickFixOffer } from './model/quickFixes';

/** Content quick fixes the extension worked out from the bytes, by index in the analysis's problems. */
export type ProblemFixes = Record<number, QuickFixOffer[]>;

export interface Banner {
  id: string;
  kind: 'info' | 'warning' | 'error';
  text: string;
  actions?: { id: string; title: string }[];
}

/** What the webview keeps across hide/show (vscode.setState) and reports to tests. */
export interface ViewState {
  scrollRow: number;
  anchor: number;
  focus: number;
  expanded: string[];
  selectedNode?: string;
  pane: 'hex' | 'tree';
  insertMode: boolean;
  /** Width of the right pane (tree, problems, trace) in CSS pixels, when the splitter was dragged. */
  sideWidth?: number;
}

/** Snapshot the webview reports for the integration tests (`vmbstate._editorState`). */
export interface WebviewSnapshot extends ViewState {
  /** Whether field edits reseal (the toolbar toggle). */
  reseal: boolean;
  /** Rendered widths of the hex pane and the right pane. */
  paneWidths: { hex: number; side: number };
  /** Quick-fix buttons of the problem list, by problem code. */
  fixTitles: Record<string, string[]>;
  size: number;
  version: number;
  renderedRows: [number, number];
  renderedRowCount: number;
  cachedPages: number;
  treeRows: number;
  banners: string[];
  outcome?: string;
  problems: number;
  tooltip?: string;
  /** Last error thrown while handling a message (none in a healthy editor). */
  lastError?: string;
  /** Text of the first rendered row (offset, hex, ASCII). */
  firstRowText: string;
  /** Byte traffic: windows requested and received, stale ones dropped. */
  stats: { requests: number; received: number; stale: number; cacheVersion: number; cacheSize: number };
}

export type HostMessage =
  | { type: 'init'; fileName: string; size: number; version: number; state?: Partial<ViewState>; reseal: boolean; sideWidth?: number }
  /** Field edits reseal or not (toolbar toggle, kept in workspace state). */
  | { type: 'reseal'; on: boolean }
  | { type: 'bytes'; offset: number; base64: string; version: number }
  /** The bytes changed (edit, undo, redo, revert, reload); bytes from `from` on (up to `to` when the size is unchanged) must be fetched again. */
  | { type: 'changed'; size: number; version: number; from: number; to?: number; select?: { start: number; end: number } }
  | { type: 'analysis'; analysis?: WireAnalysis; analyzing: boolean; version: number; source?: 'server' | 'extension'; error?: string; contentFixes?: ProblemFixes }
  /** Fields of chunks a large file's lite analysis left out (answer to 'requestFields'). */
  | { type: 'fields'; version: number; chunks: { index: number; headerFields: WireField[]; payloadFields: WireField[] }[] }
  | { type: 'banners'; banners: Banner[] }
  | { type: 'select'; start: number; end: number }
  | { type: 'fieldEditFailed'; message: string; start: number }
  /** Test hook: the webview answers with a 'snapshot' message. */
  | { type: 'snapshot'; requestId: number }
  /** Test hook: act as if the user pressed a key in the focused pane. */
  | { type: 'key'; key: string; shift?: boolean; ctrl?: boolean; pane?: 'hex' | 'tree' };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'requestBytes'; offset: number; length: number; version: number }
  | { type: 'requestFields'; chunks: number[]; version: number }
  | { type: 'overwrite'; offset: number; data: number[] }
  | { type: 'insert'; offset: number; data: number[] }
  | { type: 'delete'; offset: number; length: number }
  | { type: 'editField'; name: string; fieldType: string; start: number; end: number; value: string }
  | { type: 'quickFix'; fix: QuickFixId; chunk?: number; at?: number; value?: number }
  | { type: 'setReseal'; on: boolean }
  /** The splitter was dragged: remember the right pane's width (workspace state) for the next editor. */
  | { type: 'sideWidth'; px: number }
  | { type: 'selection'; start: number; end: number; caret: number }
  | { type: 'bannerAction'; id: string }
  | { type: 'command'; command: 'openTextToSide' | 'stepRestore' | 'exportTrace' }
  | { type: 'snapshot'; requestId: number; snapshot: WebviewSnapshot };
