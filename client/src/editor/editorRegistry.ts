// The open saved-state editor documents, each with its webview panels and per-document state.
// Created once in activate (registerBinaryEditor) and handed to whatever needs the open editors.

import * as vscode from 'vscode';
import type { WireAnalysis } from '../../../core/src';
import type { Source } from '../serverBridge';
import type { BinaryDocument } from './binaryDocument';
import type { Banner, EditTag, HostMessage, ProblemFixes } from './model/messages';

export const VIEW_TYPE = 'vmbstate.binaryEditor';
export const VIEW_TYPE_ANY = 'vmbstate.binaryEditorAny';

/** One open document (a file open under both view types has two) and what the editor knows of it. */
/** When the latest analysis's phases ended (Date.now()): asked, answered (server or fallback), sent to the webviews. */
export interface AnalysisTimes {
  asked: number;
  answered: number;
  posted: number;
  /** The server was asked while the host still read the file (a large file opened from disk). */
  early: boolean;
}

export interface EditorEntry {
  doc: BinaryDocument;
  viewType: string;
  panels: Set<vscode.WebviewPanel>;
  /** Panels whose webview said 'ready' (messages to the others would be lost). */
  ready: Set<vscode.WebviewPanel>;
  analysis?: WireAnalysis;
  /** Document version the analysis describes. */
  analysisVersion: number;
  analysisSource?: Source;
  analysisError?: string;
  /** Content quick fixes per problem index of the analysis (worked out from the bytes it describes). */
  contentFixes?: ProblemFixes;
  analyzing: boolean;
  analysisTimes?: AnalysisTimes;
  timer?: NodeJS.Timeout;
  cts?: vscode.CancellationTokenSource;
  banners: Map<string, Banner>;
  selection: { start: number; end: number; caret: number };
  /** Selection to apply once a webview is ready (vmbstate.revealBytes before the editor was open). */
  pendingSelect?: { start: number; end: number };
  /** The webview edit being applied (set around the apply): the 'changed' message it causes acknowledges it. */
  applyingEdit?: EditTag;
}

/** Sends a message to every panel of the document, or to `only`. */
export function post(entry: EditorEntry, m: HostMessage, only?: vscode.WebviewPanel): void {
  for (const p of only ? [only] : entry.panels) void p.webview.postMessage(m);
}

export class EditorRegistry implements vscode.Disposable {
  private readonly entries = new Map<BinaryDocument, EditorEntry>();
  private readonly _onDidChangeBytes = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when an open document's bytes change (the commands' text form refreshes on it). */
  readonly onDidChangeBytes = this._onDidChangeBytes.event;

  /** @param fresh brings an entry's analysis up to date with its bytes (the analysis scheduler's). */
  constructor(private readonly fresh: (entry: EditorEntry) => Promise<WireAnalysis | undefined>) {}

  get(doc: BinaryDocument): EditorEntry | undefined {
    return this.entries.get(doc);
  }

  /** A new entry for a document opened under `viewType`. */
  add(doc: BinaryDocument, viewType: string): EditorEntry {
    const entry: EditorEntry = {
      doc,
      viewType,
      panels: new Set(),
      ready: new Set(),
      analysisVersion: -1,
      analyzing: false,
      banners: new Map(),
      selection: { start: 0, end: 0, caret: 0 },
    };
    this.entries.set(doc, entry);
    return entry;
  }

  /** Forgets a closed document; true when no other entry shows the same URI. */
  delete(doc: BinaryDocument): boolean {
    this.entries.delete(doc);
    return !this.all().some((x) => x.doc.uri.toString() === doc.uri.toString());
  }

  all(): EditorEntry[] {
    return [...this.entries.values()];
  }

  /** Open documents for a URI (a file can be open under both view types). */
  entriesFor(uri: vscode.Uri): EditorEntry[] {
    const key = uri.toString();
    return this.all().filter((e) => e.doc.uri.toString() === key);
  }

  /** The document of the active custom editor tab, if it is one of ours. */
  activeEntry(): EditorEntry | undefined {
    for (const e of this.entries.values()) for (const p of e.panels) if (p.active) return e;
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputCustom && (input.viewType === VIEW_TYPE || input.viewType === VIEW_TYPE_ANY))
      return this.entriesFor(input.uri)[0];
    return undefined;
  }

  /** The entry a command acts on: the one with a panel for `uri`, else the active editor's. */
  entryForCommand(uri?: string | vscode.Uri): EditorEntry | undefined {
    if (uri)
      return this.entriesFor(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri).find((e) => e.panels.size > 0);
    return this.activeEntry();
  }

  /** Current (possibly unsaved) bytes of an open binary document. */
  bytesOf(uri: vscode.Uri): { bytes: Uint8Array; unsaved: boolean } | undefined {
    const e = this.entriesFor(uri).sort((a, b) => Number(b.doc.store.dirty) - Number(a.doc.store.dirty))[0];
    return e ? { bytes: e.doc.bytes, unsaved: e.doc.unsaved } : undefined;
  }

  /** The latest analysis of an open binary document (fresh: re-analysed if the bytes changed since). */
  async analysisOf(uri: vscode.Uri): Promise<WireAnalysis | undefined> {
    const e = this.entriesFor(uri)[0];
    return e ? this.fresh(e) : undefined;
  }

  bytesChanged(uri: vscode.Uri): void {
    this._onDidChangeBytes.fire(uri);
  }

  dispose(): void {
    this._onDidChangeBytes.dispose();
  }
}
