// When the saved-state editor's documents are analysed: at once when opened, 300 ms after the last
// edit, on demand for a fresh result; a newer request cancels an older one. Sends each result to
// the document's webviews (large analyses without field trees) and tells the other parts.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { WireAnalysis } from '../../../core/src';
import { analyzeBinary } from '../serverBridge';
import { post, type EditorEntry } from './editorRegistry';
import type { HostMessage } from './model/messages';
import { problemFixes } from './problemFixes';
import { LITE_CHUNKS, summaryAnalysis } from './model/liteAnalysis';

const ANALYSIS_DELAY_MS = 300;
/** Files at least this large are analysed while the host still reads them (the server reads its own copy). */
const EARLY_ANALYSIS_BYTES = 1024 * 1024;
/** An early analysis no editor took within this time is cancelled. */
const EARLY_ANALYSIS_KEEP_MS = 60_000;

interface EarlyAnalysis {
  /** The file's modification time when the server was asked: the host's copy must have the same. */
  mtime: number;
  /** When the server was asked (Date.now()). */
  asked: number;
  answer: ReturnType<typeof analyzeBinary>;
  cts: vscode.CancellationTokenSource;
  timer: NodeJS.Timeout;
}

export class AnalysisScheduler implements vscode.Disposable {
  private readonly _onDidAnalyze = new vscode.EventEmitter<EditorEntry>();
  /** Fires after each finished analysis (a result or an error) of an entry's current bytes. */
  readonly onDidAnalyze = this._onDidAnalyze.event;

  private readonly early = new Map<string, EarlyAnalysis>();

  constructor(private readonly client: BaseLanguageClient | undefined) {}

  /**
   * A large file is being opened from disk: the language server reads it by path, so it is asked
   * now, while the extension host reads its own copy; the first analysis of the document takes
   * this answer if the file's modification time is still the one seen here (docs/binary-editor.md).
   */
  async prefetch(uri: vscode.Uri): Promise<void> {
    if (!this.client || uri.scheme !== 'file' || this.early.has(uri.toString())) return;
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return; // The open reports what is wrong with the file.
    }
    if (stat.size < EARLY_ANALYSIS_BYTES) return;
    const cts = new vscode.CancellationTokenSource();
    const asked = Date.now();
    // No bytes from the host: an unmodified file is read by the server, and were the server unable
    // to, flat() refuses and analyze() asks again with the document's bytes.
    const noHostBytes = {
      size: stat.size,
      pieces: [],
      flat: (): Uint8Array => {
        throw new Error('an early analysis has no bytes of its own');
      },
    };
    const answer = analyzeBinary(this.client, uri, noHostBytes, false, cts.token, LITE_CHUNKS);
    answer.catch(() => undefined); // Taken by analyze(), or dropped.
    const key = uri.toString();
    const timer = setTimeout(() => this.dropEarly(key), EARLY_ANALYSIS_KEEP_MS);
    this.early.set(key, { mtime: stat.mtime, asked, answer, cts, timer });
  }

  /** Forgets (and cancels, unless taken) the early analysis of `key`. */
  private dropEarly(key: string, taken = false): void {
    const e = this.early.get(key);
    if (!e) return;
    this.early.delete(key);
    clearTimeout(e.timer);
    if (!taken) {
      e.cts.cancel();
      e.cts.dispose();
    }
  }

  /** The early analysis of a document still as read from disk (cancelled with `token`), or undefined. */
  private takeEarly(entry: EditorEntry, token: vscode.CancellationToken): EarlyAnalysis | undefined {
    const key = entry.doc.uri.toString();
    const e = this.early.get(key);
    if (!e) return undefined;
    const usable = !entry.doc.unsaved && entry.doc.diskMtime === e.mtime;
    this.dropEarly(key, usable);
    if (!usable) return undefined;
    token.onCancellationRequested(() => e.cts.cancel());
    return e;
  }

  /** The bytes changed: the old analysis stays on screen, marked as analysing, until the new one arrives. */
  schedule(entry: EditorEntry): void {
    clearTimeout(entry.timer);
    entry.analyzing = true;
    // The webview keeps its tree meanwhile.
    post(entry, { type: 'analysis', analyzing: true, version: entry.doc.version });
    entry.timer = setTimeout(() => void this.analyze(entry), ANALYSIS_DELAY_MS);
  }

  /** The entry's analysis, re-analysed first when the bytes changed since. */
  async fresh(entry: EditorEntry): Promise<WireAnalysis | undefined> {
    if (entry.analysis && entry.analysisVersion === entry.doc.version) return entry.analysis;
    await this.analyze(entry);
    return entry.analysis;
  }

  /** The document closed: drop its pending and running analyses. */
  cancel(entry: EditorEntry): void {
    clearTimeout(entry.timer);
    entry.cts?.cancel();
  }

  async analyze(entry: EditorEntry): Promise<void> {
    const doc = entry.doc;
    const version = doc.version;
    entry.cts?.cancel();
    const cts = new vscode.CancellationTokenSource();
    entry.cts = cts;
    entry.analyzing = true;
    let asked = Date.now();
    let answered = asked;
    let wasEarly = false;
    try {
      // Paged: a large file's analysis comes without field trees; a chunk's are built here when the webview asks.
      const ask = () =>
        analyzeBinary(
          this.client,
          doc.uri,
          // The pieces, not the flat bytes: flattening 100 MB here would hold up the next typed key.
          { size: doc.size, pieces: doc.store.pieces, flat: () => doc.bytes },
          doc.unsaved,
          cts.token,
          LITE_CHUNKS,
        );
      // An early answer that failed (the server could not) is asked again the usual way.
      const early = this.takeEarly(entry, cts.token);
      if (early) {
        asked = early.asked;
        wasEarly = true;
      }
      const { analysis, source } = await (early ? early.answer.catch(ask) : ask());
      if (cts.token.isCancellationRequested || doc.version !== version) return;
      answered = Date.now();
      entry.analysis = analysis;
      entry.contentFixes = problemFixes(() => doc.bytes, analysis);
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
    post(entry, analysisMessage(entry, false, version));
    entry.analysisTimes = { asked, answered, posted: Date.now(), early: wasEarly };
    this._onDidAnalyze.fire(entry);
  }

  dispose(): void {
    for (const key of [...this.early.keys()]) this.dropEarly(key);
    this._onDidAnalyze.dispose();
  }
}

/** Whether an analysis is sent paged: a summary first, the tree when asked, a chunk's fields when opened. */
export function isLarge(a: WireAnalysis): boolean {
  return a.calls.reduce((n, c) => n + c.items.length, 0) > LITE_CHUNKS;
}

/**
 * The 'analysis' message: a large analysis goes as its summary (the webview then asks for the tree,
 * webviewEndpoint.ts, and for a chunk's fields when it needs them); a small one whole.
 */
export function analysisMessage(entry: EditorEntry, analyzing: boolean, version: number): HostMessage {
  const a = entry.analysis;
  const sent = a && isLarge(a) ? summaryAnalysis(a) : a;
  return {
    type: 'analysis',
    analyzing,
    version,
    ...(sent ? { analysis: sent } : {}),
    ...(sent && entry.contentFixes ? { contentFixes: entry.contentFixes } : {}),
    ...(entry.analysisSource ? { source: entry.analysisSource } : {}),
    ...(entry.analysisError ? { error: entry.analysisError } : {}),
  };
}
