// Messages of the editor's test hooks (vmbstate._editorState / _editorAction, testHooks.ts): the
// webview's snapshot and simulated key presses. Pure types, imported by both ends.

import type { ViewState } from './messages';

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
  stats: {
    requests: number;
    received: number;
    stale: number;
    cacheVersion: number;
    cacheSize: number;
    /** The latest typed byte (webview clock): key → the frame after the render showing it (the webview shows it before the host confirms it). */
    keyToBytesMs?: number;
    /** The same byte: key → the hex rows rendered with it (the DOM updated; painted at the next frame). */
    keyToRenderMs?: number;
    /** The same byte: key → the host's confirmation ('changed' with its tag) arriving: webview → host → webview. */
    roundTripMs?: number;
    /** Typed edits shown and not yet confirmed by the host. */
    pendingEdits: number;
    /** The latest analysis message: milliseconds its handler took (tree, problems, trace), and when it ended (Date.now()). */
    analysis?: { handledMs: number; at: number };
    /** The same for the whole tree a summarised analysis sends when asked (large files). */
    tree?: { handledMs: number; at: number };
  };
  /** The data inspector: its offset and [label, value] rows. */
  inspector?: { at: number; rows: [string, string][] };
}

/** Requests the host makes of the webview for the test hooks. */
export interface TestHookRequests {
  snapshot: { params: Record<string, never>; reply: WebviewSnapshot };
}

/** Host → webview: act as if the user pressed a key in the focused pane (or `pane`). */
export type TestHookMessage =
  | { type: 'key'; key: string; shift?: boolean; ctrl?: boolean; pane?: 'hex' | 'tree' }
  /** Type `value` into the data inspector's row (`kind`, `order`) and press Enter. */
  | { type: 'inspectorEdit'; kind: string; order: string; value: string };
