// The host's end of each editor webview: a typed handler per notice the webview sends, answers to
// its requests (byte windows, chunk fields), and requests of its own matched to replies by id.

import * as vscode from 'vscode';
import { analysisMessage } from './analysisScheduler';
import type { BannerPolicy } from './bannerPolicy';
import { post, type EditorEntry } from './editorRegistry';
import type { EditorEdits } from './edits';
import type { EditorSettings } from './editorSettings';
import type { EditTag, HostRequests, NoticeOf, WebviewMessage, WebviewNotice, WebviewRequests } from './model/messages';
import { EditError } from './model/bytes';
import type { FieldTarget } from './model/fieldValue';
import { answer, Requester, type Answerers } from './model/rpc';
import { chunkFields } from './model/liteAnalysis';
import { toTreeTable } from './model/treeTable';

/** Largest byte window one request returns. */
const MAX_WINDOW = 1024 * 1024;
/** Most chunks one fields request returns. */
const MAX_FIELD_CHUNKS = 256;

/** The document and the panel (none when a test hook acts without one) a message is about. */
interface Where {
  entry: EditorEntry;
  panel: vscode.WebviewPanel | undefined;
}
type NoticeHandlers = { [T in WebviewNotice['type']]: (w: Where, m: NoticeOf<WebviewNotice, T>) => void };

export class WebviewEndpoint {
  private readonly requesters = new WeakMap<vscode.WebviewPanel, Requester<HostRequests>>();
  /** Told when a webview reports a new selection (the status bar's caret item, selectionCommands.ts). */
  onSelection?: (entry: EditorEntry) => void;

  constructor(
    private readonly settings: EditorSettings,
    private readonly edits: EditorEdits,
    private readonly banners: BannerPolicy,
  ) {}

  /** Listens to a panel's webview until the returned disposable is disposed. */
  attach(entry: EditorEntry, panel: vscode.WebviewPanel): vscode.Disposable {
    const requester = new Requester<HostRequests>((m) => void panel.webview.postMessage(m));
    this.requesters.set(panel, requester);
    const sub = panel.webview.onDidReceiveMessage((m: WebviewMessage) => this.receive(entry, panel, m));
    return new vscode.Disposable(() => {
      sub.dispose();
      this.requesters.delete(panel);
      requester.cancelAll('the editor panel closed');
    });
  }

  /** Asks a panel's webview; rejects when it does not answer within `timeoutMs`. */
  request<K extends keyof HostRequests & string>(
    panel: vscode.WebviewPanel,
    kind: K,
    params: HostRequests[K]['params'],
    timeoutMs: number,
  ): Promise<HostRequests[K]['reply']> {
    const r = this.requesters.get(panel);
    return r ? r.request(kind, params, timeoutMs) : Promise.reject(new Error('the editor panel is closed'));
  }

  /** A message from the webview of `panel` (or, from the test hooks, one it could have sent). */
  receive(entry: EditorEntry, panel: vscode.WebviewPanel | undefined, m: WebviewMessage): void {
    const doc = entry.doc;
    try {
      if (m.type === 'request') answer(this.answerers(entry), m, (r) => post(entry, r, panel));
      else if (m.type === 'reply') {
        if (panel) this.requesters.get(panel)?.settle(m);
      } else (this.handlers[m.type] as (w: Where, m: WebviewNotice) => void)({ entry, panel }, m);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(`Saved-state editor: ${msg}`);
      // Resynchronise the webview with the real bytes after a refused edit.
      post(entry, { type: 'changed', size: doc.size, version: doc.version, from: 0 }, panel);
    }
  }

  private answerers(entry: EditorEntry): Answerers<WebviewRequests> {
    return {
      bytes: ({ offset, length }) => {
        // Read from the pieces: a page after an insert costs the page, not a flat copy of the document.
        const size = entry.doc.size;
        const start = Math.max(0, Math.min(offset, size));
        const end = Math.min(size, start + Math.min(Math.max(0, length), MAX_WINDOW));
        const page = entry.doc.store.slice(start, end);
        return {
          offset: start,
          base64: Buffer.from(page.buffer, page.byteOffset, page.length).toString('base64'),
          version: entry.doc.version,
        };
      },
      tree: ({ version }) => {
        const a = entry.analysis;
        // Another analysis than the summary's (a newer one is on its way, with its own summary): none.
        return a && version === entry.analysisVersion ? { version, table: toTreeTable(a) } : { version };
      },
      fields: ({ chunks, version }) => {
        const a = entry.analysis;
        // The webview's tree is of another analysis than the host's (the newer one is on its way): none.
        if (!a || version !== entry.analysisVersion) return { version, chunks: [] };
        return {
          version,
          chunks: chunks.slice(0, MAX_FIELD_CHUNKS).flatMap((index) => {
            const f = chunkFields(a, index, entry.doc.bytes);
            return f ? [{ index, ...f }] : [];
          }),
        };
      },
    };
  }

  /**
   * Applies an edit the webview already shows (webview/optimisticEdits.ts): the 'changed' message
   * it causes carries its tag, which confirms it there; a refusal is answered with the reason so
   * that webview rolls it back and says why (then the usual error path resynchronises the bytes).
   */
  private typedEdit({ entry, panel }: Where, tag: EditTag | undefined, apply: () => void): void {
    const version = entry.doc.version;
    entry.applyingEdit = tag;
    try {
      apply();
    } catch (e) {
      if (tag) post(entry, { type: 'editAck', ack: tag, refused: e instanceof Error ? e.message : String(e) }, panel);
      throw e;
    } finally {
      entry.applyingEdit = undefined;
    }
    // No change (nothing to write): confirm it all the same, else the webview would show it forever.
    if (tag && entry.doc.version === version) post(entry, { type: 'editAck', ack: tag }, panel);
  }

  private readonly handlers: NoticeHandlers = {
    ready: ({ entry, panel }) => {
      if (!panel) return;
      const doc = entry.doc;
      const sideWidth = this.settings.sideWidth;
      entry.ready.add(panel);
      post(
        entry,
        {
          type: 'init',
          fileName: doc.fileName,
          size: doc.size,
          version: doc.version,
          reseal: this.settings.reseal,
          ...(sideWidth ? { sideWidth } : {}),
        },
        panel,
      );
      post(entry, { type: 'banners', banners: [...entry.banners.values()] }, panel);
      post(entry, analysisMessage(entry, entry.analyzing, entry.analysisVersion), panel);
      if (entry.pendingSelect) {
        post(entry, { type: 'select', ...entry.pendingSelect }, panel);
        entry.pendingSelect = undefined;
      }
    },
    overwrite: (w, m) => this.typedEdit(w, m.tag, () => this.edits.overwrite(w.entry, m.offset, m.data)),
    insert: (w, m) => this.typedEdit(w, m.tag, () => this.edits.insert(w.entry, m.offset, m.data)),
    delete: (w, m) => this.typedEdit(w, m.tag, () => this.edits.delete(w.entry, m.offset, m.length)),
    editField: ({ entry, panel }, m) => {
      const f: FieldTarget = { name: m.name, type: m.fieldType as FieldTarget['type'], start: m.start, end: m.end };
      try {
        this.edits.field(entry, f, m.value);
      } catch (e) {
        if (!(e instanceof EditError)) throw e;
        post(entry, { type: 'fieldEditFailed', message: `${m.name}: ${e.message}`, start: m.start }, panel);
      }
    },
    quickFix: ({ entry }, m) =>
      void this.edits.quickFix(entry, m.fix, m.chunk, {
        ...(m.at !== undefined ? { at: m.at } : {}),
        ...(m.value !== undefined ? { value: m.value } : {}),
      }),
    setReseal: (_w, m) => void this.settings.setReseal(!!m.on),
    sideWidth: (_w, m) => this.settings.setSideWidth(m.px),
    selection: ({ entry }, m) => {
      entry.selection = { start: m.start, end: m.end, caret: m.caret };
      this.onSelection?.(entry);
    },
    bannerAction: ({ entry }, m) => void this.banners.action(entry, m.id),
    command: ({ entry }, m) => {
      const cmd =
        m.command === 'openTextToSide'
          ? 'vmbstate.openTextToSide'
          : m.command === 'stepRestore'
            ? 'vmbstate.stepRestore'
            : 'vmbstate.exportTrace';
      void vscode.commands
        .executeCommand(cmd, entry.doc.uri)
        .then(undefined, (e) => vscode.window.showErrorMessage(String(e?.message ?? e)));
    },
  };
}
