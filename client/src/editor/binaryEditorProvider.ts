// The binary saved-state custom editor (view types vmbstate.binaryEditor for *.vmbstate and
// vmbstate.binaryEditorAny for any file): VS Code's CustomEditorProvider protocol, and the wiring of
// the editor's parts. The document lives in the extension host; the webview shows a window of it
// (see docs/binary-editor.md, "Architecture").

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { AnalysisScheduler } from './analysisScheduler';
import { BannerPolicy } from './bannerPolicy';
import { BinaryDocument, type ContentChange } from './binaryDocument';
import { EditorDiagnostics } from './diagnostics';
import { EditorRegistry, post, VIEW_TYPE, VIEW_TYPE_ANY, type EditorEntry } from './editorRegistry';
import { EditorEdits } from './edits';
import { EditorSettings } from './editorSettings';
import { EditorNavigation } from './navigation';
import { SelectionCommands } from './selectionCommands';
import { EditorTestHooks } from './testHooks';
import { WebviewEndpoint } from './webviewEndpoint';
import { editorHtml } from './webviewHtml';
import { pagesAround } from './model/positions';

export class BinaryEditorProvider {
  /** One edit event per view type: VS Code looks an edit's document up under the view type whose provider fired it. */
  private readonly editEvents = new Map<string, vscode.EventEmitter<vscode.CustomDocumentEditEvent<BinaryDocument>>>();
  private readonly viewTypeOf = new WeakMap<BinaryDocument, string>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly editors: EditorRegistry,
    private readonly analyses: AnalysisScheduler,
    private readonly banners: BannerPolicy,
    private readonly diagnostics: EditorDiagnostics,
    private readonly endpoint: WebviewEndpoint,
  ) {}

  private editEvent(viewType: string): vscode.EventEmitter<vscode.CustomDocumentEditEvent<BinaryDocument>> {
    let e = this.editEvents.get(viewType);
    if (!e) {
      e = new vscode.EventEmitter();
      this.editEvents.set(viewType, e);
    }
    return e;
  }

  /** The provider object registered for one view type: the shared logic with that view type's own edit event. */
  forViewType(viewType: string): vscode.CustomEditorProvider<BinaryDocument> {
    return {
      onDidChangeCustomDocument: this.editEvent(viewType).event,
      openCustomDocument: async (uri, ctx) => {
        // A large file from disk is analysed by the server while the host reads it (analysisScheduler.ts).
        if (!ctx.backupId && !ctx.untitledDocumentData) await this.analyses.prefetch(uri);
        const doc = await BinaryDocument.create(uri, ctx.backupId, ctx.untitledDocumentData);
        this.viewTypeOf.set(doc, viewType);
        return doc;
      },
      resolveCustomEditor: (doc, panel) => this.resolveCustomEditor(doc, panel),
      saveCustomDocument: (doc, token) => doc.save(token).then(() => this.banners.refresh(this.editors.get(doc))),
      saveCustomDocumentAs: (doc, dest, token) => doc.saveAs(dest, token),
      revertCustomDocument: (doc, token) => doc.revert(token),
      backupCustomDocument: (doc, ctx, token) => doc.backup(ctx.destination, token),
    };
  }

  private async resolveCustomEditor(doc: BinaryDocument, panel: vscode.WebviewPanel): Promise<void> {
    const entry = this.entryFor(doc, this.viewTypeOf.get(doc) ?? panel.viewType);
    entry.panels.add(panel);
    const ext = this.extensionUri;
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(ext, 'dist'), vscode.Uri.joinPath(ext, 'media')],
    };
    panel.webview.html = editorHtml(panel.webview, ext, doc.fileName);
    const link = this.endpoint.attach(entry, panel);
    panel.onDidDispose(() => {
      entry.panels.delete(panel);
      entry.ready.delete(panel);
      link.dispose();
    });
  }

  /** The document's entry, created (and first analysed) when its first panel opens. */
  private entryFor(doc: BinaryDocument, viewType: string): EditorEntry {
    const known = this.editors.get(doc);
    if (known) return known;
    const entry = this.editors.add(doc, viewType);
    const subs = [
      doc.onDidEdit((ev) => this.editEvent(viewType).fire(ev)),
      doc.onDidChangeContent((c) => this.contentChanged(entry, c)),
      doc.onDidChangeDisk((s) => void this.banners.diskChanged(entry, s)),
    ];
    doc.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      this.analyses.cancel(entry);
      if (this.editors.delete(doc)) this.diagnostics.forget(doc.uri);
    });
    this.banners.refresh(entry);
    void this.analyses.analyze(entry);
    return entry;
  }

  private contentChanged(entry: EditorEntry, c: ContentChange): void {
    const doc = entry.doc;
    // The page of the edit and one either side go with the message (read from the pieces): the
    // webview shows the typed byte without asking back, a round trip less per key.
    const around = pagesAround(c.from);
    const pageStart = around.start;
    const page = doc.store.slice(around.start, around.end);
    post(entry, {
      type: 'changed',
      size: doc.size,
      version: doc.version,
      from: c.from,
      ...(c.to !== undefined ? { to: c.to } : {}),
      ...(c.select ? { select: c.select } : {}),
      ...(entry.applyingEdit ? { ack: entry.applyingEdit } : {}),
      ...(page.length
        ? {
            page: {
              offset: pageStart,
              base64: Buffer.from(page.buffer, page.byteOffset, page.length).toString('base64'),
            },
          }
        : {}),
    });
    this.banners.contentChanged(entry, c);
    this.editors.bytesChanged(doc.uri);
    this.analyses.schedule(entry);
  }
}

/** Registers the editor, its commands and its test hooks; returns the registry of open editors (for the commands) and the test hooks (for activate's API). */
export function registerBinaryEditor(
  context: vscode.ExtensionContext,
  client?: BaseLanguageClient,
): { editors: EditorRegistry; testHooks: EditorTestHooks } {
  const analyses = new AnalysisScheduler(client);
  const editors = new EditorRegistry((e) => analyses.fresh(e));
  const settings = new EditorSettings(context.workspaceState, editors);
  const banners = new BannerPolicy();
  const diagnostics = new EditorDiagnostics();
  const endpoint = new WebviewEndpoint(settings, new EditorEdits(settings), banners);
  const provider = new BinaryEditorProvider(context.extensionUri, editors, analyses, banners, diagnostics, endpoint);
  const testHooks = new EditorTestHooks(editors, endpoint, diagnostics, settings);
  const selection = new SelectionCommands(editors, endpoint);
  analyses.onDidAnalyze((entry) => {
    diagnostics.publish(entry);
    banners.refresh(entry);
    selection.refresh();
  });
  const options = {
    webviewOptions: { retainContextWhenHidden: false, enableFindWidget: false },
    supportsMultipleEditorsPerDocument: true,
  };
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider.forViewType(VIEW_TYPE), options),
    vscode.window.registerCustomEditorProvider(VIEW_TYPE_ANY, provider.forViewType(VIEW_TYPE_ANY), options),
    editors,
    analyses,
    diagnostics,
    ...new EditorNavigation(editors).register(),
    ...selection.register(),
    // Test hooks (not in the command palette): the integration suite queries and drives the editor.
    ...testHooks.register(),
  );
  return { editors, testHooks };
}
