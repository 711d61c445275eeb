// The binary saved-state custom editor (view types vmbstate.binaryEditor for *.vmbstate and
// vmbstate.binaryEditorAny for any file). The document lives here, in the extension host; the
// webview shows a window of it: it asks for byte pages as it scrolls and gets the analysis as
// the wire form (no bytes) from the language server (core analyze() in the extension host when
// the server is not there). Problems go to the Problems panel on the binary's URI, positioned
// line = offset / 16, character = offset % 16 (see model/positions.ts and docs/binary-editor.md).

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { MAGIC_BYTES } from '../../../core/src/layout';
import type { Problem } from '../../../core/src/model';
import type { WireAnalysis } from '../../../core/src/wire';
import { analyzeBinary, type Source } from '../serverBridge';
import { forgetRestoreStatus, publishRestoreStatus } from '../statusBar';
import { BinaryDocument, type ContentChange } from './binaryDocument';
import type { Banner, HostMessage, ProblemFixes, WebviewMessage, WebviewSnapshot } from './messages';
import { deleteBytes, EditError, insertBytes, overwriteBytes, type ByteEdit } from './model/bytes';
import { editField, type FieldTarget } from './model/fieldValue';
import { byteRangeToLineRange } from './model/positions';
import { chunkRanges, runQuickFix, type QuickFixId } from './model/quickFixes';
import { contentFixOffers } from './model/contentFixes';
import { editFieldResealed } from './model/reseal';
import { indexOfBytes, lastIndexOfBytes, parseFindPattern, parseGoToOffset, searchEndBackward, searchStart, type ChunkTarget } from './model/navigate';
import { decodeBinary } from '../../../core/src/decoder';
import { chunkFields, liteAnalysis, LITE_CHUNKS } from './webview/tree';
import { editorHtml } from './webviewHtml';

export const VIEW_TYPE = 'vmbstate.binaryEditor';
export const VIEW_TYPE_ANY = 'vmbstate.binaryEditorAny';
const ANALYSIS_DELAY_MS = 300;
/** Bytes Find Bytes searches between yields to the event loop (keeps the extension host responsive on 100 MB files). */
const FIND_SLICE = 8 * 1024 * 1024;
/** Largest byte window one request returns. */
const MAX_WINDOW = 1024 * 1024;
/** Workspace-state keys: whether field edits reseal (default on), and the width of the editor's right pane. */
const RESEAL_KEY = 'vmbstate.binaryEditor.reseal';
const SIDE_WIDTH_KEY = 'vmbstate.binaryEditor.sideWidth';
/** Content fixes are worked out for at most this many problems of one analysis (each is a few byte reads). */
const MAX_CONTENT_FIX_PROBLEMS = 2000;
const CONTENT_FIX_CODES = new Set(['CONTENT-GPADL-CHANNEL', 'CONTENT-RING-GPADL', 'UNSUP-TYPE', 'SEQ-AFTER-FINAL', 'CONTENT-GPADL-DUP', 'CONTENT-TXID-DUP', 'EOF-TRUNCATED']);

interface Entry {
  doc: BinaryDocument;
  viewType: string;
  panels: Set<vscode.WebviewPanel>;
  analysis?: WireAnalysis;
  /** Document version the analysis describes. */
  analysisVersion: number;
  analysisSource?: Source;
  analysisError?: string;
  /** Content quick fixes per problem index of the analysis (worked out from the bytes it describes). */
  contentFixes?: ProblemFixes;
  analyzing: boolean;
  timer?: NodeJS.Timeout;
  cts?: vscode.CancellationTokenSource;
  banners: Map<string, Banner>;
  selection: { start: number; end: number; caret: number };
  /** Selection to apply once a webview is ready (vmbstate.revealBytes before the editor was open). */
  pendingSelect?: { start: number; end: number };
  ready: Set<vscode.WebviewPanel>;
}

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
  webview?: WebviewSnapshot;
}

let instance: BinaryEditorProvider | undefined;

/** The provider registered by registerBinaryEditor (for the commands module). */
export function binaryEditor(): BinaryEditorProvider | undefined {
  return instance;
}

export class BinaryEditorProvider implements vscode.CustomEditorProvider<BinaryDocument> {
  private readonly entries = new Map<BinaryDocument, Entry>();
  /** Documents opened per view type: VS Code looks an edit's document up under the view type whose provider fired it. */
  private readonly editEvents = new Map<string, vscode.EventEmitter<vscode.CustomDocumentEditEvent<BinaryDocument>>>();
  private readonly viewTypeOf = new WeakMap<BinaryDocument, string>();
  readonly onDidChangeCustomDocument: vscode.Event<vscode.CustomDocumentEditEvent<BinaryDocument>>;
  private readonly _onDidAnalyze = new vscode.EventEmitter<{ uri: vscode.Uri; analysis: WireAnalysis }>();
  /** Fires after each analysis of a binary document (the commands' text view refreshes on it). */
  readonly onDidAnalyze = this._onDidAnalyze.event;
  private readonly _onDidChangeBytes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChangeBytes = this._onDidChangeBytes.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('vmbstate-binary');
  private snapshotRequests = new Map<number, (s: WebviewSnapshot) => void>();
  private nextRequest = 1;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: BaseLanguageClient | undefined,
  ) {
    this.onDidChangeCustomDocument = this.editEvent(VIEW_TYPE).event;
  }

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
      openCustomDocument: async (uri, ctx, token) => {
        const doc = await this.openCustomDocument(uri, ctx, token);
        this.viewTypeOf.set(doc, viewType);
        return doc;
      },
      resolveCustomEditor: (doc, panel, token) => this.resolveCustomEditor(doc, panel, token),
      saveCustomDocument: (doc, token) => this.saveCustomDocument(doc, token),
      saveCustomDocumentAs: (doc, dest, token) => this.saveCustomDocumentAs(doc, dest, token),
      revertCustomDocument: (doc, token) => this.revertCustomDocument(doc, token),
      backupCustomDocument: (doc, ctx, token) => this.backupCustomDocument(doc, ctx, token),
    };
  }

  // ---- CustomEditorProvider --------------------------------------------------------------------

  async openCustomDocument(uri: vscode.Uri, openContext: vscode.CustomDocumentOpenContext, _token: vscode.CancellationToken): Promise<BinaryDocument> {
    const doc = await BinaryDocument.create(uri, openContext.backupId, openContext.untitledDocumentData);
    return doc;
  }

  async resolveCustomEditor(doc: BinaryDocument, panel: vscode.WebviewPanel, _token: vscode.CancellationToken): Promise<void> {
    const entry = this.entryFor(doc, this.viewTypeOf.get(doc) ?? panel.viewType);
    entry.panels.add(panel);
    const ext = this.context.extensionUri;
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(ext, 'dist'), vscode.Uri.joinPath(ext, 'media')],
    };
    panel.webview.html = editorHtml(panel.webview, ext, doc.fileName);
    const subs: vscode.Disposable[] = [];
    subs.push(panel.webview.onDidReceiveMessage((m: WebviewMessage) => this.onMessage(entry, panel, m)));
    panel.onDidDispose(() => {
      entry.panels.delete(panel);
      entry.ready.delete(panel);
      subs.forEach((s) => s.dispose());
    });
  }

  saveCustomDocument(doc: BinaryDocument, cancellation: vscode.CancellationToken): Thenable<void> {
    return doc.save(cancellation).then(() => this.refreshBanners(this.entries.get(doc)));
  }

  saveCustomDocumentAs(doc: BinaryDocument, destination: vscode.Uri, cancellation: vscode.CancellationToken): Thenable<void> {
    return doc.saveAs(destination, cancellation);
  }

  revertCustomDocument(doc: BinaryDocument, cancellation: vscode.CancellationToken): Thenable<void> {
    return doc.revert(cancellation);
  }

  backupCustomDocument(doc: BinaryDocument, context: vscode.CustomDocumentBackupContext, cancellation: vscode.CancellationToken): Thenable<vscode.CustomDocumentBackup> {
    return doc.backup(context.destination, cancellation);
  }

  // ---- documents -------------------------------------------------------------------------------

  private entryFor(doc: BinaryDocument, viewType: string): Entry {
    let e = this.entries.get(doc);
    if (e) return e;
    const entry: Entry = { doc, viewType, panels: new Set(), ready: new Set(), analysisVersion: -1, analyzing: false, banners: new Map(), selection: { start: 0, end: 0, caret: 0 } };
    e = entry;
    this.entries.set(doc, entry);
    const subs = [
      doc.onDidEdit((ev) => this.editEvent(viewType).fire(ev)),
      doc.onDidChangeContent((c) => this.contentChanged(entry, c)),
      doc.onDidChangeDisk((s) => void this.diskChanged(entry, s)),
    ];
    doc.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      clearTimeout(entry.timer);
      entry.cts?.cancel();
      this.entries.delete(doc);
      if (![...this.entries.values()].some((x) => x.doc.uri.toString() === doc.uri.toString())) {
        this.diagnostics.delete(doc.uri);
        forgetRestoreStatus(doc.uri);
      }
    });
    this.refreshBanners(entry);
    void this.analyze(entry);
    return entry;
  }

  /** Open documents for a URI (a file can be open under both view types). */
  entriesFor(uri: vscode.Uri): Entry[] {
    const key = uri.toString();
    return [...this.entries.values()].filter((e) => e.doc.uri.toString() === key);
  }

  /** The document of the active custom editor tab, if it is one of ours. */
  activeEntry(): Entry | undefined {
    for (const e of this.entries.values()) for (const p of e.panels) if (p.active) return e;
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputCustom && (input.viewType === VIEW_TYPE || input.viewType === VIEW_TYPE_ANY)) return this.entriesFor(input.uri)[0];
    return undefined;
  }

  /** Current (possibly unsaved) bytes of an open binary document. */
  bytesOf(uri: vscode.Uri): { bytes: Uint8Array; unsaved: boolean } | undefined {
    const e = this.entriesFor(uri).sort((a, b) => Number(b.doc.store.dirty) - Number(a.doc.store.dirty))[0];
    return e ? { bytes: e.doc.bytes, unsaved: e.doc.unsaved } : undefined;
  }

  /** The latest analysis of an open binary document (fresh: re-analysed if the bytes changed since). */
  async analysisOf(uri: vscode.Uri): Promise<WireAnalysis | undefined> {
    const e = this.entriesFor(uri)[0];
    if (!e) return undefined;
    if (e.analysis && e.analysisVersion === e.doc.version) return e.analysis;
    await this.analyze(e);
    return e.analysis;
  }

  /** The 'analysis' message: large analyses go without field trees (the webview asks for a chunk's fields when it needs them). */
  private analysisMessage(entry: Entry, analyzing: boolean, version: number): HostMessage {
    const a = entry.analysis;
    const chunks = a ? a.calls.reduce((n, c) => n + c.items.length, 0) : 0;
    const sent = a && chunks > LITE_CHUNKS ? liteAnalysis(a) : a;
    return { type: 'analysis', analyzing, version, ...(sent ? { analysis: sent } : {}), ...(sent && entry.contentFixes ? { contentFixes: entry.contentFixes } : {}), ...(entry.analysisSource ? { source: entry.analysisSource } : {}), ...(entry.analysisError ? { error: entry.analysisError } : {}) };
  }

  private post(entry: Entry, m: HostMessage, only?: vscode.WebviewPanel): void {
    for (const p of only ? [only] : entry.panels) void p.webview.postMessage(m);
  }

  private contentChanged(entry: Entry, c: ContentChange): void {
    const doc = entry.doc;
    this.post(entry, { type: 'changed', size: doc.bytes.length, version: doc.version, from: c.from, ...(c.to !== undefined ? { to: c.to } : {}), ...(c.select ? { select: c.select } : {}) });
    if (c.reason === 'revert' || c.reason === 'reload') entry.banners.delete('disk-changed');
    this.refreshBanners(entry);
    this._onDidChangeBytes.fire(doc.uri);
    clearTimeout(entry.timer);
    entry.analyzing = true;
    // The old analysis stays on screen (marked as analysing) until the new one arrives; the webview keeps its tree.
    this.post(entry, { type: 'analysis', analyzing: true, version: doc.version });
    entry.timer = setTimeout(() => void this.analyze(entry), ANALYSIS_DELAY_MS);
  }

  private async analyze(entry: Entry): Promise<void> {
    const doc = entry.doc;
    const version = doc.version;
    entry.cts?.cancel();
    const cts = new vscode.CancellationTokenSource();
    entry.cts = cts;
    entry.analyzing = true;
    try {
      const { analysis, source } = await analyzeBinary(this.client, doc.uri, doc.bytes, doc.unsaved, cts.token);
      if (cts.token.isCancellationRequested || doc.version !== version) return;
      entry.analysis = analysis;
      entry.contentFixes = this.contentFixes(doc.bytes, analysis);
      entry.analysisVersion = version;
      entry.analysisSource = source;
      entry.analysisError = undefined;
    } catch (e) {
      if (cts.token.isCancellationRequested || doc.version !== version) return;
      entry.analysisError = e instanceof Error ? e.message : String(e);
      entry.analysis = undefined;
      entry.contentFixes = undefined;
    } finally {
      if (entry.cts === cts) entry.analyzing = false;
    }
    this.post(entry, this.analysisMessage(entry, false, version));
    this.publish(entry);
    this.refreshBanners(entry);
  }

  /** The content quick fixes of an analysis's problems (binary twins of the text form's), by problem index. */
  private contentFixes(bytes: Uint8Array, a: WireAnalysis): ProblemFixes {
    const out: ProblemFixes = {};
    const wanted = a.problems.map((p, i) => [p, i] as const).filter(([p]) => CONTENT_FIX_CODES.has(p.code)).slice(0, MAX_CONTENT_FIX_PROBLEMS);
    if (wanted.length === 0) return out;
    const ranges = a.calls.flatMap((c) => c.items.filter((i) => i.kind === 'chunk').map((i) => ({ ...i.bytes })));
    for (const [p, i] of wanted) {
      try {
        const offers = contentFixOffers(bytes, ranges, p);
        if (offers.length) out[i] = offers;
      } catch (e) {
        // A fix that cannot be worked out is not offered; the problem itself still shows.
        console.warn('vmbstate: content fix offers failed', e);
      }
    }
    return out;
  }

  private publish(entry: Entry): void {
    const a = entry.analysis;
    const uri = entry.doc.uri;
    if (!a) {
      this.diagnostics.delete(uri);
      return;
    }
    this.diagnostics.set(uri, a.problems.map((p) => toDiagnostic(uri, p)));
    let last: { call: number; status: number; statusName: string } | undefined;
    let more = 0;
    for (const t of a.trace) {
      if (t.kind !== 'call') continue;
      last = { call: t.call, status: t.status, statusName: t.statusName };
      if (t.status >>> 0 === 0xc0000016) more++;
    }
    publishRestoreStatus(uri, { outcome: a.outcome, ...(last ? { lastStatus: last } : {}), moreProcessingCalls: more, fileName: entry.doc.fileName });
    this._onDidAnalyze.fire({ uri, analysis: a });
  }

  // ---- banners: empty file, not a saved-state stream, changed on disk --------------------------

  private refreshBanners(entry: Entry | undefined): void {
    if (!entry) return;
    const b = entry.banners;
    const bytes = entry.doc.bytes;
    b.delete('empty');
    b.delete('not-saved-state');
    b.delete('analysis-failed');
    if (bytes.length === 0) {
      b.set('empty', { id: 'empty', kind: 'info', text: 'This file is empty (0 bytes). Click the insertion point and type hex digits, or paste hex, to author a stream; or convert a .vmbhex text to binary.' });
    } else if (bytes.length < 4 || MAGIC_BYTES.some((m, i) => bytes[i] !== m)) {
      const head = Array.from(bytes.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
      b.set('not-saved-state', {
        id: 'not-saved-state',
        kind: 'warning',
        text: `This file is not a VMBus saved-state stream: a stream starts with the chunk magic "VBSC" (56 42 53 43), this one with ${head || 'nothing'}. The bytes are shown as they are; the emulated restore rejects them.`,
      });
    }
    if (entry.analysisError) b.set('analysis-failed', { id: 'analysis-failed', kind: 'error', text: `The analysis failed: ${entry.analysisError}` });
    if (entry.doc.diskState === 'deleted') {
      b.set('disk-deleted', { id: 'disk-deleted', kind: 'warning', text: 'The file was deleted on disk. Your bytes are kept here; Save writes them back.' });
    } else b.delete('disk-deleted');
    if (b.has('reloaded') && entry.doc.store.dirty) b.delete('reloaded');
    this.post(entry, { type: 'banners', banners: [...b.values()] });
  }

  private async diskChanged(entry: Entry, state: string): Promise<void> {
    const doc = entry.doc;
    if (state === 'changed') {
      if (!doc.store.dirty && !doc.restoredFromBackup) {
        await doc.reloadFromDisk();
        entry.banners.set('reloaded', { id: 'reloaded', kind: 'info', text: 'The file changed on disk and was reloaded (you had no unsaved edits).' });
      } else {
        entry.banners.set('disk-changed', {
          id: 'disk-changed',
          kind: 'warning',
          text: 'The file changed on disk while you have unsaved edits. Reload discards your edits; Keep keeps them (Save then overwrites the file).',
          actions: [
            { id: 'reload', title: 'Reload from disk' },
            { id: 'keep', title: 'Keep my edits' },
          ],
        });
        void vscode.window.showWarningMessage(`${doc.fileName} changed on disk while you have unsaved edits in the saved-state editor.`, 'Reload from Disk', 'Keep My Edits').then((choice) => {
          if (choice === 'Reload from Disk') void this.bannerAction(entry, 'reload');
          else if (choice === 'Keep My Edits') void this.bannerAction(entry, 'keep');
        });
      }
    } else if (state === 'same') {
      entry.banners.delete('disk-changed');
    }
    this.refreshBanners(entry);
  }

  private async bannerAction(entry: Entry, id: string): Promise<void> {
    if (!entry.banners.has('disk-changed') && (id === 'reload' || id === 'keep')) return;
    if (id === 'reload') {
      // Through VS Code's revert, so its undo stack and dirty state follow.
      const panel = [...entry.panels][0];
      if (panel) {
        panel.reveal(panel.viewColumn, false);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      if (entry.doc.diskState !== 'same') await entry.doc.reloadFromDisk();
      entry.banners.delete('disk-changed');
    } else if (id === 'keep') {
      await entry.doc.keepEdits();
      entry.banners.delete('disk-changed');
    } else {
      entry.banners.delete(id);
    }
    this.refreshBanners(entry);
  }

  // ---- webview messages --------------------------------------------------------------------------

  private onMessage(entry: Entry, panel: vscode.WebviewPanel, m: WebviewMessage): void {
    const doc = entry.doc;
    try {
      switch (m.type) {
        case 'ready':
          entry.ready.add(panel);
          this.post(entry, { type: 'init', fileName: doc.fileName, size: doc.bytes.length, version: doc.version, reseal: this.reseal, ...(this.sideWidth ? { sideWidth: this.sideWidth } : {}) }, panel);
          this.post(entry, { type: 'banners', banners: [...entry.banners.values()] }, panel);
          this.post(entry, this.analysisMessage(entry, entry.analyzing, entry.analysisVersion), panel);
          if (entry.pendingSelect) {
            this.post(entry, { type: 'select', ...entry.pendingSelect }, panel);
            entry.pendingSelect = undefined;
          }
          break;
        case 'requestBytes': {
          const start = Math.max(0, Math.min(m.offset, doc.bytes.length));
          const end = Math.min(doc.bytes.length, start + Math.min(Math.max(0, m.length), MAX_WINDOW));
          this.post(entry, { type: 'bytes', offset: start, base64: Buffer.from(doc.bytes.buffer, doc.bytes.byteOffset + start, end - start).toString('base64'), version: doc.version }, panel);
          break;
        }
        case 'requestFields': {
          const a = entry.analysis;
          if (!a || m.version !== entry.analysisVersion) break;
          const chunks = m.chunks.slice(0, 256).flatMap((index) => {
            const f = chunkFields(a, index);
            return f ? [{ index, ...f }] : [];
          });
          this.post(entry, { type: 'fields', version: entry.analysisVersion, chunks }, panel);
          break;
        }
        case 'overwrite':
          this.edit(entry, overwriteBytes(doc.bytes, m.offset, m.data));
          break;
        case 'insert':
          this.edit(entry, insertBytes(doc.bytes, m.offset, m.data));
          break;
        case 'delete':
          this.edit(entry, deleteBytes(doc.bytes, m.offset, Math.min(m.length, doc.bytes.length - m.offset)));
          break;
        case 'editField': {
          const f: FieldTarget = { name: m.name, type: m.fieldType as FieldTarget['type'], start: m.start, end: m.end };
          try {
            this.editFieldValue(entry, f, m.value);
          } catch (e) {
            if (!(e instanceof EditError)) throw e;
            this.post(entry, { type: 'fieldEditFailed', message: `${m.name}: ${e.message}`, start: m.start }, panel);
          }
          break;
        }
        case 'quickFix':
          this.quickFix(entry, m.fix, m.chunk, { ...(m.at !== undefined ? { at: m.at } : {}), ...(m.value !== undefined ? { value: m.value } : {}) });
          break;
        case 'setReseal':
          void this.setReseal(!!m.on);
          break;
        case 'sideWidth':
          if (Number.isFinite(m.px) && m.px > 0) void this.context.workspaceState.update(SIDE_WIDTH_KEY, Math.round(m.px));
          break;
        case 'selection':
          entry.selection = { start: m.start, end: m.end, caret: m.caret };
          break;
        case 'bannerAction':
          void this.bannerAction(entry, m.id);
          break;
        case 'command': {
          const cmd = m.command === 'openTextToSide' ? 'vmbstate.openTextToSide' : m.command === 'stepRestore' ? 'vmbstate.stepRestore' : 'vmbstate.exportTrace';
          void vscode.commands.executeCommand(cmd, doc.uri).then(undefined, (e) => vscode.window.showErrorMessage(String(e?.message ?? e)));
          break;
        }
        case 'snapshot': {
          const resolve = this.snapshotRequests.get(m.requestId);
          this.snapshotRequests.delete(m.requestId);
          resolve?.(m.snapshot);
          break;
        }
      }
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(`Saved-state editor: ${msg}`);
      // Resynchronise the webview with the real bytes after a refused edit.
      this.post(entry, { type: 'changed', size: doc.bytes.length, version: doc.version, from: 0 }, panel);
    }
  }

  private edit(entry: Entry, e: ByteEdit): void {
    entry.doc.applyEdit(e);
  }

  /** Chunk ranges from the analysis when it describes the current bytes, else from a fresh decode. */
  private chunkRangesOf(entry: Entry): { start: number; end: number }[] {
    const doc = entry.doc;
    const fresh = entry.analysis && entry.analysisVersion === doc.version;
    return fresh ? entry.analysis!.calls.flatMap((c) => c.items.filter((i) => i.kind === 'chunk').map((i) => ({ ...i.bytes }))) : chunkRanges(doc.bytes);
  }

  /** Whether field edits reseal the CRCs covering them (workspace state; on unless turned off in the toolbar). */
  get reseal(): boolean {
    return this.context.workspaceState.get<boolean>(RESEAL_KEY, true);
  }

  get sideWidth(): number | undefined {
    return this.context.workspaceState.get<number>(SIDE_WIDTH_KEY);
  }

  async setReseal(on: boolean): Promise<void> {
    await this.context.workspaceState.update(RESEAL_KEY, on);
    for (const e of this.entries.values()) this.post(e, { type: 'reseal', on });
  }

  /**
   * A field edit from the tree: with resealing on, the field and the CRCs covering it in one
   * undoable edit (see model/reseal.ts); off, exactly the typed bytes. Throws EditError.
   */
  private editFieldValue(entry: Entry, f: FieldTarget, value: string): void {
    const doc = entry.doc;
    if (!this.reseal) {
      this.edit(entry, editField(doc.bytes, f, value));
      return;
    }
    const r = editFieldResealed(doc.bytes, f, value, this.chunkRangesOf(entry));
    if (!r) return;
    this.edit(entry, r.edit);
    if (r.skipped.length) void vscode.window.showWarningMessage(`Set ${f.name}: not resealed: ${r.skipped.join('; ')}.`);
  }

  quickFix(entry: Entry, fix: QuickFixId, chunk?: number, extra: { at?: number; value?: number } = {}): ByteEdit | undefined {
    const doc = entry.doc;
    const ranges = this.chunkRangesOf(entry);
    try {
      const e = runQuickFix(doc.bytes, { id: fix, ...(chunk !== undefined ? { chunk } : {}), ...extra }, ranges);
      if (!e) {
        void vscode.window.showInformationMessage('Nothing to fix: the bytes already hold the computed values.');
        return undefined;
      }
      this.edit(entry, e);
      return e;
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      void vscode.window.showWarningMessage(`Cannot apply the fix: ${err.message}`);
      return undefined;
    }
  }

  // ---- reveal and test hooks -------------------------------------------------------------------

  /** Show bytes in the editor for `uri` (opening it when needed): the debugger's vmbstate.revealBytes. */
  async revealBytes(uri: vscode.Uri, range: { start: number; end: number }): Promise<void> {
    let entry = this.entriesFor(uri).find((e) => e.panels.size > 0);
    if (!entry) {
      const viewType = /\.vmbstate$/i.test(uri.path) ? VIEW_TYPE : VIEW_TYPE_ANY;
      await vscode.commands.executeCommand('vscode.openWith', uri, viewType, { preserveFocus: true, preview: true });
      entry = this.entriesFor(uri).find((e) => e.panels.size > 0);
      if (!entry) return;
    }
    const panel = [...entry.panels][0];
    if (!panel.visible) panel.reveal(panel.viewColumn, true);
    if (entry.ready.has(panel)) this.post(entry, { type: 'select', ...range }, panel);
    else entry.pendingSelect = range;
  }

  /** Select [start, end) in the editor's webview and scroll to it (the path vmbstate.revealBytes takes). */
  private selectInEntry(entry: Entry, range: { start: number; end: number }): void {
    const panel = [...entry.panels].find((p) => p.active) ?? [...entry.panels][0];
    if (!panel) return;
    if (entry.ready.has(panel)) this.post(entry, { type: 'select', ...range }, panel);
    else entry.pendingSelect = range;
    // Keep the host's view in step at once (the webview confirms with its own 'selection').
    entry.selection = { start: range.start, end: Math.max(range.start, range.end), caret: range.start < range.end ? range.end - 1 : range.start };
  }

  private entryForCommand(uri?: string | vscode.Uri): Entry | undefined {
    if (uri) return this.entriesFor(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri).find((e) => e.panels.size > 0);
    return this.activeEntry();
  }

  /** Chunks for "chunk N" / "seq N": from the analysis when it describes these bytes, else from a fresh decode. */
  private chunkTargets(entry: Entry): ChunkTarget[] {
    const doc = entry.doc;
    if (entry.analysis && entry.analysisVersion === doc.version) {
      return entry.analysis.calls.flatMap((c) => c.items.flatMap((i) => (i.kind === 'chunk' ? [{ index: i.index, start: i.bytes.start, end: i.bytes.end, ...(i.header ? { sequence: i.header.sequence } : {}) }] : [])));
    }
    return decodeBinary(doc.bytes, { buffering: 'whole' }).chunks.map((c) => ({ index: c.index, start: c.bytes.start, end: c.bytes.end, ...(c.header ? { sequence: c.header.sequence } : {}) }));
  }

  /**
   * vmbstate.goToOffset: `input` (tests) or an input box; decimal / 0x hex, +N / -N from the
   * caret, "chunk N" / "seq N". Selects and reveals the byte. Returns the selection or the error.
   */
  async goToOffset(input?: string, uri?: string | vscode.Uri): Promise<{ start: number; end: number } | { error: string } | undefined> {
    const entry = this.entryForCommand(uri);
    if (!entry) {
      void vscode.window.showWarningMessage('Go to Offset works in the saved-state editor: open a binary file in it first.');
      return { error: 'no saved-state editor' };
    }
    // Chunks are only looked up for "chunk N" / "seq N" (a fresh decode can take a while on a big file).
    let chunks: ChunkTarget[] | undefined;
    const ctx = (v: string) => ({
      caret: entry.selection.caret,
      size: entry.doc.bytes.length,
      ...(/^\s*(chunk|seq)/i.test(v) ? { chunks: (chunks ??= this.chunkTargets(entry)) } : {}),
    });
    let text = input;
    if (text === undefined) {
      const size = entry.doc.bytes.length;
      text = await vscode.window.showInputBox({
        title: 'Go to Offset',
        prompt: `Offset in 0x0–0x${size.toString(16).toUpperCase()} (${size} bytes): decimal or 0x hex; +N / -N from the caret (0x${entry.selection.caret.toString(16).toUpperCase()}); "chunk N" or "seq N" for a chunk`,
        placeHolder: '0x1C, 4096, +16, -0x10, chunk 3, seq 5',
        validateInput: (v) => (v.trim() === '' ? undefined : (() => { const r = parseGoToOffset(v, ctx(v)); return r.ok ? undefined : r.message; })()),
      });
      if (text === undefined) return undefined;
    }
    const r = parseGoToOffset(text, ctx(text));
    if (!r.ok) {
      void vscode.window.showErrorMessage(`Go to Offset: ${r.message}`);
      return { error: r.message };
    }
    this.selectInEntry(entry, { start: r.start, end: r.end });
    return { start: r.start, end: r.end };
  }

  private lastFind: string | undefined;

  /**
   * vmbstate.findBytes (Ctrl+F): `input` (tests) or an input box holding the last pattern; hex bytes
   * or a quoted string. Searches forward from the caret (after the current match), wrapping once;
   * selects the match. vmbstate.findNext (F3) / findPrevious (Shift+F3) search again with the last
   * pattern, forward or backward (before the current match), asking for one when there is none.
   */
  async findBytes(input?: string, uri?: string | vscode.Uri, direction: 'forward' | 'backward' = 'forward', again = false): Promise<{ start: number; end: number; wrapped: boolean } | { error: string } | { notFound: true } | undefined> {
    const entry = this.entryForCommand(uri);
    if (!entry) {
      void vscode.window.showWarningMessage('Find Bytes works in the saved-state editor: open a binary file in it first.');
      return { error: 'no saved-state editor' };
    }
    let text = input ?? (again ? this.lastFind : undefined);
    if (text === undefined) {
      text = await vscode.window.showInputBox({
        title: direction === 'forward' ? 'Find Bytes' : 'Find Bytes (backward)',
        prompt: `Hex bytes (any spacing: 56 42 53 43) or a quoted string ("VBSC"); searches ${direction === 'forward' ? 'forward from' : 'backward before'} the caret and wraps; F3 / Shift+F3 find the next / previous`,
        placeHolder: '56 42 53 43   or   "VBSC"',
        ...(this.lastFind ? { value: this.lastFind } : {}),
        validateInput: (v) => (v.trim() === '' ? undefined : (() => { const p = parseFindPattern(v); return p.ok ? undefined : p.message; })()),
      });
      if (text === undefined) return undefined;
    }
    const pat = parseFindPattern(text);
    if (!pat.ok) {
      void vscode.window.showErrorMessage(`Find Bytes: ${pat.message}`);
      return { error: pat.message };
    }
    this.lastFind = text.trim();
    const needle = pat.bytes;
    const version = entry.doc.version;
    const bytes = () => entry.doc.bytes;
    const back = direction === 'backward';
    const from = back ? searchEndBackward(entry.selection, bytes().length) : searchStart(bytes(), needle, entry.selection);
    const search = async (token?: vscode.CancellationToken, progress?: vscode.Progress<{ increment?: number }>): Promise<{ offset: number; wrapped: boolean } | 'stale' | undefined> => {
      const size = bytes().length;
      // Forward: from `from` to the end, then from 0 up to `from`. Backward: from `from` down to 0,
      // then from the end down to `from`. In slices with a yield between them.
      const spans: [number, number, boolean][] = back ? [[0, Math.min(from, size), false], [Math.min(from, size), size, true]] : [[from, size, false], [0, Math.min(from, size), true]];
      for (const [a, b, wrapped] of spans) {
        for (let k = 0; k < b - a; k += FIND_SLICE) {
          if (token?.isCancellationRequested) return undefined;
          if (entry.doc.version !== version) return 'stale';
          const lo = back ? Math.max(a, b - k - FIND_SLICE) : a + k;
          const hi = back ? b - k : Math.min(b, a + k + FIND_SLICE);
          const hit = back ? lastIndexOfBytes(bytes(), needle, lo, hi) : indexOfBytes(bytes(), needle, lo, hi);
          if (hit >= 0) return { offset: hit, wrapped };
          progress?.report({ increment: (hi - lo) / Math.max(1, size) * 100 });
          await new Promise((res) => setImmediate(res));
        }
      }
      return undefined;
    };
    const hit = bytes().length > FIND_SLICE
      ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Finding ${pat.display}…`, cancellable: true }, (progress, token) => search(token, progress))
      : await search();
    if (hit === 'stale') {
      void vscode.window.showWarningMessage('Find Bytes: the bytes changed during the search; run it again.');
      return { error: 'the bytes changed during the search' };
    }
    if (!hit) {
      void vscode.window.showInformationMessage(`Find Bytes: ${pat.display} not found.`);
      return { notFound: true };
    }
    const range = { start: hit.offset, end: hit.offset + needle.length };
    this.selectInEntry(entry, range);
    if (hit.wrapped) vscode.window.setStatusBarMessage(`Find Bytes: passed the ${back ? 'start' : 'end'} of the file and wrapped to the ${back ? 'end' : 'start'}; found ${pat.display} at 0x${hit.offset.toString(16).toUpperCase()}`, 5000);
    return { ...range, wrapped: hit.wrapped };
  }

  async state(uri?: vscode.Uri): Promise<BinaryEditorState | undefined> {
    const entry = uri ? this.entriesFor(uri)[0] : this.activeEntry();
    if (!entry) return undefined;
    const doc = entry.doc;
    const panel = [...entry.panels].find((p) => entry.ready.has(p));
    let webview: WebviewSnapshot | undefined;
    if (panel) {
      const requestId = this.nextRequest++;
      webview = await new Promise<WebviewSnapshot | undefined>((resolve) => {
        const timer = setTimeout(() => {
          this.snapshotRequests.delete(requestId);
          resolve(undefined);
        }, 2000);
        this.snapshotRequests.set(requestId, (s) => {
          clearTimeout(timer);
          resolve(s);
        });
        this.post(entry, { type: 'snapshot', requestId }, panel);
      });
    }
    return {
      uri: doc.uri.toString(),
      viewType: entry.viewType,
      size: doc.bytes.length,
      version: doc.version,
      dirty: doc.store.dirty,
      unsaved: doc.unsaved,
      diskState: doc.diskState,
      analysisVersion: entry.analysisVersion,
      ...(entry.analysisSource ? { analysisSource: entry.analysisSource } : {}),
      analyzing: entry.analyzing,
      ...(entry.analysis ? { outcome: entry.analysis.outcome.statusName } : {}),
      problems: entry.analysis?.problems.length ?? 0,
      diagnostics: this.diagnostics.get(doc.uri)?.length ?? 0,
      banners: [...entry.banners.keys()],
      selection: entry.selection,
      panels: entry.panels.size,
      ...(webview ? { webview } : {}),
    };
  }

  /** Test hook: do what a webview message would (edits, fixes, selection, keys) on the document for `uri` or the active one. */
  async action(a: { uri?: string; action: string; [k: string]: unknown }): Promise<BinaryEditorState | undefined> {
    const entry = a.uri ? this.entriesFor(vscode.Uri.parse(a.uri))[0] : this.activeEntry();
    if (!entry) throw new Error('no saved-state editor is open for that document');
    const panel = [...entry.panels][0];
    switch (a.action) {
      case 'key':
        if (panel) this.post(entry, { type: 'key', key: String(a.key), shift: !!a.shift, ctrl: !!a.ctrl, ...(a.pane ? { pane: a.pane as 'hex' | 'tree' } : {}) }, panel);
        break;
      case 'select':
        if (panel) this.post(entry, { type: 'select', start: Number(a.start), end: Number(a.end) }, panel);
        break;
      case 'waitForAnalysis':
        await this.analysisOf(entry.doc.uri);
        break;
      default:
        // overwrite / insert / delete / editField / quickFix, with the webview message's fields.
        this.onMessage(entry, panel, { ...(a as object), type: a.action } as unknown as WebviewMessage);
    }
    await new Promise((r) => setTimeout(r, 50));
    return this.state(entry.doc.uri);
  }
}

export function toDiagnostic(uri: vscode.Uri, p: Problem): vscode.Diagnostic {
  const r = p.bytes ? byteRangeToLineRange(p.bytes.start, p.bytes.end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  const sev = p.severity === 'error' ? vscode.DiagnosticSeverity.Error : p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const where = p.bytes ? ` [bytes 0x${p.bytes.start.toString(16).toUpperCase()}–0x${p.bytes.end.toString(16).toUpperCase()}]` : '';
  const d = new vscode.Diagnostic(range, `${p.message}${where}`, sev);
  d.code = p.code;
  d.source = 'vmbstate';
  if (p.related?.length) {
    d.relatedInformation = p.related
      .filter((x) => x.bytes)
      .map((x) => {
        const rr = byteRangeToLineRange(x.bytes!.start, x.bytes!.end);
        return new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, new vscode.Range(rr.start.line, rr.start.character, rr.end.line, rr.end.character)), x.message);
      });
  }
  return d;
}

export function registerBinaryEditor(context: vscode.ExtensionContext, client?: BaseLanguageClient): BinaryEditorProvider {
  const provider = new BinaryEditorProvider(context, client);
  instance = provider;
  const options = { webviewOptions: { retainContextWhenHidden: false, enableFindWidget: false }, supportsMultipleEditorsPerDocument: true };
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider.forViewType(VIEW_TYPE), options),
    vscode.window.registerCustomEditorProvider(VIEW_TYPE_ANY, provider.forViewType(VIEW_TYPE_ANY), options),
    provider.diagnostics,
    // The debugger's hook: highlight a restore call's or chunk's bytes.
    vscode.commands.registerCommand('vmbstate.revealBytes', async (arg?: { uri: string | vscode.Uri; byteRange: { start: number; end: number } }) => {
      if (!arg?.uri || !arg.byteRange) return;
      await provider.revealBytes(typeof arg.uri === 'string' ? vscode.Uri.parse(arg.uri) : arg.uri, arg.byteRange);
    }),
    // Go to Offset / Find Bytes: an optional argument (string, or {input, uri}) skips the input box.
    vscode.commands.registerCommand('vmbstate.goToOffset', (arg?: string | { input?: string; uri?: string | vscode.Uri }) =>
      typeof arg === 'string' ? provider.goToOffset(arg) : provider.goToOffset(arg?.input, arg?.uri)),
    vscode.commands.registerCommand('vmbstate.findBytes', (arg?: string | { input?: string; uri?: string | vscode.Uri }) =>
      typeof arg === 'string' ? provider.findBytes(arg) : provider.findBytes(arg?.input, arg?.uri)),
    // F3 / Shift+F3: the last pattern again (the input box when there is none yet).
    vscode.commands.registerCommand('vmbstate.findNext', (arg?: string | { input?: string; uri?: string | vscode.Uri }) =>
      typeof arg === 'string' ? provider.findBytes(arg, undefined, 'forward', true) : provider.findBytes(arg?.input, arg?.uri, 'forward', true)),
    vscode.commands.registerCommand('vmbstate.findPrevious', (arg?: string | { input?: string; uri?: string | vscode.Uri }) =>
      typeof arg === 'string' ? provider.findBytes(arg, undefined, 'backward', true) : provider.findBytes(arg?.input, arg?.uri, 'backward', true)),
    vscode.commands.registerCommand('vmbstate._setReseal', (on: boolean) => provider.setReseal(!!on)),
    // Test hooks (not in the command palette): the integration suite queries and drives the editor.
    vscode.commands.registerCommand('vmbstate._editorState', (uri?: string | vscode.Uri) => provider.state(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri)),
    vscode.commands.registerCommand('vmbstate._editorAction', (a: { uri?: string; action: string }) => provider.action(a)),
  );
  return provider;
}
