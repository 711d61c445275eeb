// The compare view's panel (extension host side): runs diffStreams on two decoded sides, sends the
// webview the lines to draw (model/compareView.ts), and reveals a clicked difference in the
// saved-state editor (binary) or the text editor (.vmbhex). Strict CSP as the saved-state editor.

import * as vscode from 'vscode';
import { diffStreams, type ByteRange, type StreamDiff, type TextRange } from '../../../core/src';
import {
  buildCompareView,
  type CompareHostMessage,
  type CompareView,
  type CompareWebviewMessage,
} from '../editor/model/compareView';
import { webviewPage } from '../editor/webviewHtml';
import type { CompareSide } from './compareInputs';

export const COMPARE_VIEW_TYPE = 'vmbstate.compare';

/** What the test hook vmbstate._compareState reports of a panel. */
export interface CompareState {
  title: string;
  a: string;
  b: string;
  result: string;
  summary: string;
  differences: number;
  lines: number;
  current?: { stop: number; line: number };
  lastReveal?: { side: 'a' | 'b'; uri: string; bytes?: ByteRange; text?: TextRange };
  firstDivergentCall?: number;
  ready: boolean;
}

export class ComparePanel {
  readonly view: CompareView;
  private ready = false;
  /** The last test key (`seq`) the webview handled. */
  handledKey = 0;
  private current: CompareState['current'];
  private lastReveal: CompareState['lastReveal'];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly sides: { a: CompareSide; b: CompareSide },
    private readonly diff: StreamDiff,
    onDispose: () => void,
  ) {
    this.view = buildCompareView(diff, { a: sides.a.label, b: sides.b.label });
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: CompareWebviewMessage) => void this.receive(m)),
      panel.onDidDispose(() => {
        this.disposables.forEach((d) => d.dispose());
        onDispose();
      }),
    );
  }

  static open(
    extensionUri: vscode.Uri,
    sides: { a: CompareSide; b: CompareSide },
    onDispose: (p: ComparePanel) => void,
  ): ComparePanel {
    const diff = diffStreams(sides.a.doc, sides.b.doc);
    const panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW_TYPE,
      `${sides.a.label} ↔ ${sides.b.label}`,
      vscode.ViewColumn.Active,
      { enableScripts: true, retainContextWhenHidden: true },
    );
    const p: ComparePanel = new ComparePanel(panel, extensionUri, sides, diff, () => onDispose(p));
    return p;
  }

  post(m: CompareHostMessage): void {
    void this.panel.webview.postMessage(m);
  }

  state(): CompareState {
    return {
      title: this.panel.title,
      a: this.view.a.label,
      b: this.view.b.label,
      result: this.view.result,
      summary: this.view.summary,
      differences: this.diff.differences.length,
      lines: this.view.lines.length,
      ...(this.current ? { current: this.current } : {}),
      ...(this.lastReveal ? { lastReveal: this.lastReveal } : {}),
      ...(this.diff.firstDivergentCall !== undefined ? { firstDivergentCall: this.diff.firstDivergentCall } : {}),
      ready: this.ready,
    };
  }

  private async receive(m: CompareWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'init', view: this.view });
        break;
      case 'handled':
        this.handledKey = m.seq;
        break;
      case 'current':
        this.current = { stop: m.stop, line: m.line };
        break;
      case 'reveal':
        await this.reveal(m.line, m.side).catch((e: unknown) =>
          vscode.window.showErrorMessage(`Compare: could not reveal: ${e instanceof Error ? e.message : String(e)}`),
        );
        break;
    }
  }

  /** The place of line `line` on `side` (the other side when this one has none): bytes, and text lines for a .vmbhex. */
  private placeOf(line: number, side: 'a' | 'b'): { side: 'a' | 'b'; bytes?: ByteRange; text?: TextRange } | undefined {
    const l = this.view.lines[line];
    if (!l || l.kind === 'same') return undefined;
    const row = this.diff.rows[l.row]!;
    const at = (s: 'a' | 'b') => {
      const c = l.kind === 'change' ? row.changes[l.change] : undefined;
      const rec = row[s];
      const bytes = c ? c[s] : rec?.bytes;
      const text = c ? c[s === 'a' ? 'aText' : 'bText'] : rec?.text;
      return bytes || text ? { side: s, ...(bytes ? { bytes } : {}), ...(text ? { text } : {}) } : undefined;
    };
    return at(side) ?? at(side === 'a' ? 'b' : 'a');
  }

  private async reveal(line: number, side: 'a' | 'b'): Promise<void> {
    const place = this.placeOf(line, side);
    if (!place) return;
    const target = this.sides[place.side];
    this.lastReveal = { ...place, uri: target.uri.toString() };
    // Beside the compare view, so it stays visible.
    const column = vscode.ViewColumn.Beside;
    if (target.doc.form === 'text' && place.text) {
      const r = place.text;
      const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
      await vscode.window.showTextDocument(target.uri, {
        selection: range,
        viewColumn: column,
        preserveFocus: true,
        preview: true,
      });
    } else if (place.bytes) {
      await vscode.commands.executeCommand('vmbstate.revealBytes', { uri: target.uri, byteRange: place.bytes, column });
    }
  }

  private html(): string {
    const body = `<div id="toolbar" role="toolbar" aria-label="Compare saved states">
  <button id="prev" title="Previous difference (p, Shift+F7)">↑ Previous</button>
  <button id="next" title="Next difference (n, F7)">↓ Next</button>
  <span id="position"></span>
  <span class="sep"></span>
  <span id="result" class="result"></span>
</div>
<header id="summary-header">
  <div class="side-a"><span class="tag">A</span> <span id="label-a" class="label"></span> <span id="detail-a" class="detail"></span><div id="stop-a" class="stop" hidden></div></div>
  <div class="side-b"><span class="tag">B</span> <span id="label-b" class="label"></span> <span id="detail-b" class="detail"></span><div id="stop-b" class="stop" hidden></div></div>
  <div id="summary"></div>
</header>
<main id="scroll" tabindex="0" aria-label="Records aligned by identity: n / p or F7 / Shift+F7 move between differences, Enter reveals the current one">
  <table id="records"><thead><tr><th class="key">Record / field</th><th>A</th><th>B</th></tr></thead><tbody id="rows"></tbody></table>
  <h2>Restore, call by call</h2>
  <table id="calls"><thead><tr><th class="key">Call</th><th>A</th><th>B</th></tr></thead><tbody id="call-rows"></tbody></table>
</main>`;
    return webviewPage(this.panel.webview, this.extensionUri, {
      title: 'Compare saved states',
      style: 'compare.css',
      script: 'compareView.js',
      body,
    });
  }
}
