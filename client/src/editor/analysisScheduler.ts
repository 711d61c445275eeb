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

export class AnalysisScheduler implements vscode.Disposable {
  private readonly _onDidAnalyze = new vscode.EventEmitter<EditorEntry>();
  /** Fires after each finished analysis (a result or an error) of an entry's current bytes. */
  readonly onDidAnalyze = this._onDidAnalyze.event;

  constructor(private readonly client: BaseLanguageClient | undefined) {}

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
    const asked = Date.now();
    let answered = asked;
    try {
      // Paged: a large file's analysis comes without field trees; a chunk's are built here when the webview asks.
      const { analysis, source } = await analyzeBinary(
        this.client,
        doc.uri,
        // The pieces, not the flat bytes: flattening 100 MB here would hold up the next typed key.
        { size: doc.size, pieces: doc.store.pieces, flat: () => doc.bytes },
        doc.unsaved,
        cts.token,
        LITE_CHUNKS,
      );
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
    entry.analysisTimes = { asked, answered, posted: Date.now() };
    this._onDidAnalyze.fire(entry);
  }

  dispose(): void {
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
