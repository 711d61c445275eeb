// Messages between the custom editor (extension host) and its webview. Pure types: imported by
// both sides. Notices go one way; requests (rpc.ts) get a reply matched by id. Bytes travel as
// base64 strings: typed arrays do not survive every VS Code build's webview transport (the web
// workbench delivers them as plain objects). The test hooks' messages are in testHookMessages.ts.

import type { WireAnalysis, WireField } from '../../../../core/src';
import type { QuickFixId, QuickFixOffer } from './quickFixes';
import type { TreeTable } from './treeTable';
import type { ReplyMessage, RequestMessage } from './rpc';
import type { TestHookMessage, TestHookRequests } from './testHookMessages';

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

/** A chunk's fields, which a large file's lite analysis leaves out. */
export interface ChunkFields {
  index: number;
  headerFields: WireField[];
  payloadFields: WireField[];
}

/**
 * Names an edit the webview shows before the host applied it (webview/optimisticEdits.ts): the
 * webview's random id (a document may have several panels) and its sequence number there.
 */
export interface EditTag {
  client: string;
  seq: number;
}

/** Requests the webview makes of the host, each with its reply. */
export interface WebviewRequests {
  /** Up to 1 MiB of the document's bytes from `offset`; the reply says which document version they are. */
  bytes: { params: { offset: number; length: number }; reply: { offset: number; base64: string; version: number } };
  /** Fields of chunks of the analysis `version` (none when the host's analysis is another one). */
  fields: { params: { chunks: number[]; version: number }; reply: { version: number; chunks: ChunkFields[] } };
  /** The whole tree (without field trees) of the analysis `version`, after its summary; none when the host's analysis is another one. */
  tree: { params: { version: number }; reply: { version: number; table?: TreeTable } };
}

/** Requests the host makes of the webview. */
export type HostRequests = TestHookRequests;

/** Host → webview notices. */
export type HostNotice =
  | {
      type: 'init';
      fileName: string;
      size: number;
      version: number;
      state?: Partial<ViewState>;
      reseal: boolean;
      sideWidth?: number;
    }
  /** Field edits reseal or not (toolbar toggle, kept in workspace state). */
  | { type: 'reseal'; on: boolean }
  /** The bytes changed (edit, undo, redo, revert, reload); bytes from `from` on (up to `to` when the size is unchanged) must be fetched again. */
  | {
      type: 'changed';
      size: number;
      version: number;
      from: number;
      to?: number;
      select?: { start: number; end: number };
      /** The new bytes around `from` (whole pages, PAGE_SIZE aligned): the typed byte shows without a page request. */
      page?: { offset: number; base64: string };
      /** The webview edit this change applied (its bytes now hold it and every earlier edit of that webview). */
      ack?: EditTag;
    }
  /** A webview edit the host refused (nothing changed), or applied without a change of the bytes. */
  | { type: 'editAck'; ack: EditTag; refused?: string }
  | {
      type: 'analysis';
      /** A large analysis comes as a summary first (`partial` set; model/liteAnalysis.ts): the webview asks for the rest with `tree`. */
      analysis?: WireAnalysis & { partial?: { calls: number; trace: number } };
      analyzing: boolean;
      version: number;
      source?: 'server' | 'extension';
      error?: string;
      contentFixes?: ProblemFixes;
    }
  | { type: 'banners'; banners: Banner[] }
  | { type: 'select'; start: number; end: number }
  | { type: 'fieldEditFailed'; message: string; start: number };

export type HostMessage = HostNotice | TestHookMessage | RequestMessage<HostRequests> | ReplyMessage<WebviewRequests>;

/** Webview → host notices. */
export type WebviewNotice =
  | { type: 'ready' }
  | { type: 'overwrite'; offset: number; data: number[]; tag?: EditTag }
  | { type: 'insert'; offset: number; data: number[]; tag?: EditTag }
  | { type: 'delete'; offset: number; length: number; tag?: EditTag }
  | { type: 'editField'; name: string; fieldType: string; start: number; end: number; value: string }
  | { type: 'quickFix'; fix: QuickFixId; chunk?: number; at?: number; value?: number }
  | { type: 'setReseal'; on: boolean }
  /** The splitter was dragged: remember the right pane's width (workspace state) for the next editor; 0 = double-clicked back to the default layout (forget it). */
  | { type: 'sideWidth'; px: number }
  | { type: 'selection'; start: number; end: number; caret: number }
  | { type: 'bannerAction'; id: string }
  | { type: 'command'; command: 'openTextToSide' | 'stepRestore' | 'exportTrace' };

export type WebviewMessage = WebviewNotice | RequestMessage<WebviewRequests> | ReplyMessage<HostRequests>;

/** The notice of one type (for handler tables keyed by type). */
export type NoticeOf<M extends { type: string }, T extends M['type']> = Extract<M, { type: T }>;
