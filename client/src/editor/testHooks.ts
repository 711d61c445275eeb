// The saved-state editor's test hooks (commands left out of the palette): vmbstate._editorState
// reports the editor and its webview's snapshot, vmbstate._editorAction drives it as the webview
// would, vmbstate._setReseal flips the toolbar's Reseal on edit. Used by test/integration.

import * as vscode from 'vscode';
import type { Source } from '../serverBridge';
import type { EditorDiagnostics } from './diagnostics';
import { post, type EditorRegistry } from './editorRegistry';
import type { EditorSettings } from './editorSettings';
import type { WebviewMessage } from './model/messages';
import type { TestHookMessage, WebviewSnapshot } from './model/testHookMessages';
import type { WebviewEndpoint } from './webviewEndpoint';
import type { AnalysisTimes } from './editorRegistry';

/** How long `_editorState` waits for the webview's snapshot (a hidden webview does not answer). */
const SNAPSHOT_TIMEOUT_MS = 2000;
/** Lets the webview handle what an action sent before the state is read. */
const ACTION_SETTLE_MS = 50;

/** What `vmbstate._editorState` returns. */
export interface BinaryEditorState {
  uri: string;
  viewType: string;
  size: number;
  version: number;
  dirty: boolean;
  unsaved: boolean;
  diskState: string;
  analysisVersion: number;
  analysisSource?: Source;
  analyzing: boolean;
  outcome?: string;
  problems: number;
  diagnostics: number;
  banners: string[];
  selection: { start: number; end: number; caret: number };
  panels: number;
  /** When the latest analysis's phases ended (Date.now() of the extension host; for the 100 MB timings). */
  analysisTimes?: AnalysisTimes;
  webview?: WebviewSnapshot;
}

/** `vmbstate._editorAction`'s argument: the action and the fields of the webview message it stands for. */
export interface EditorAction {
  uri?: string;
  action: string;
  [k: string]: unknown;
}

export class EditorTestHooks {
  constructor(
    private readonly editors: EditorRegistry,
    private readonly endpoint: WebviewEndpoint,
    private readonly diagnostics: EditorDiagnostics,
    private readonly settings: EditorSettings,
  ) {}

  async state(uri?: vscode.Uri): Promise<BinaryEditorState | undefined> {
    const entry = uri ? this.editors.entriesFor(uri)[0] : this.editors.activeEntry();
    if (!entry) return undefined;
    const doc = entry.doc;
    const panel = [...entry.panels].find((p) => entry.ready.has(p));
    const webview = panel
      ? await this.endpoint.request(panel, 'snapshot', {}, SNAPSHOT_TIMEOUT_MS).catch(() => undefined)
      : undefined;
    return {
      uri: doc.uri.toString(),
      viewType: entry.viewType,
      size: doc.size,
      version: doc.version,
      dirty: doc.store.dirty,
      unsaved: doc.unsaved,
      diskState: doc.diskState,
      analysisVersion: entry.analysisVersion,
      ...(entry.analysisSource ? { analysisSource: entry.analysisSource } : {}),
      analyzing: entry.analyzing,
      ...(entry.analysis ? { outcome: entry.analysis.outcome.statusName } : {}),
      problems: entry.analysis?.problems.length ?? 0,
      diagnostics: this.diagnostics.count(doc.uri),
      banners: [...entry.banners.keys()],
      selection: entry.selection,
      panels: entry.panels.size,
      ...(entry.analysisTimes ? { analysisTimes: entry.analysisTimes } : {}),
      ...(webview ? { webview } : {}),
    };
  }

  /** Do what a webview message would (edits, fixes, selection, keys) on the document for `uri` or the active one. */
  async action(a: EditorAction): Promise<BinaryEditorState | undefined> {
    const entry = a.uri ? this.editors.entriesFor(vscode.Uri.parse(a.uri))[0] : this.editors.activeEntry();
    if (!entry) throw new Error('no saved-state editor is open for that document');
    const panel = [...entry.panels][0];
    switch (a.action) {
      case 'key': {
        const key: TestHookMessage = {
          type: 'key',
          key: String(a.key),
          shift: !!a.shift,
          ctrl: !!a.ctrl,
          ...(a.pane ? { pane: a.pane as 'hex' | 'tree' } : {}),
        };
        if (panel) post(entry, key, panel);
        break;
      }
      case 'inspectorEdit':
        if (panel)
          post(
            entry,
            { type: 'inspectorEdit', kind: String(a.kind), order: String(a.order ?? 'le'), value: String(a.value) },
            panel,
          );
        break;
      case 'select':
        if (panel) post(entry, { type: 'select', start: Number(a.start), end: Number(a.end) }, panel);
        break;
      case 'waitForAnalysis':
        await this.editors.analysisOf(entry.doc.uri);
        break;
      default:
        // overwrite / insert / delete / editField / quickFix, with the webview message's fields.
        this.endpoint.receive(entry, panel, { ...(a as object), type: a.action } as unknown as WebviewMessage);
    }
    await new Promise((r) => setTimeout(r, ACTION_SETTLE_MS));
    return this.state(entry.doc.uri);
  }

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('vmbstate._setReseal', (on: boolean) => this.settings.setReseal(!!on)),
      vscode.commands.registerCommand('vmbstate._editorState', (uri?: string | vscode.Uri) =>
        this.state(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri),
      ),
      vscode.commands.registerCommand('vmbstate._editorAction', (a: EditorAction) => this.action(a)),
    ];
  }
}
