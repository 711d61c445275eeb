// The saved-state editor's selection commands and status bar item: Copy As (hex, C, Rust, Python,
// base64, .vmbhex), Paste Bytes, Select All, Select Range…, Select Chunk or Call…, and the status
// bar's offset · length · field under the caret (docs/binary-editor.md, "Copy As and paste").

import * as vscode from 'vscode';
import { decodeBinary } from '../../../core/src';
import { post, type EditorEntry, type EditorRegistry } from './editorRegistry';
import { describeCaret, parseSelectRange } from './model/caretInfo';
import { COPY_FORMATS, copyAsVmbhex, formatBytes, parsePastedBytes, type CopyFormat } from './model/copyAs';
import type { WebviewEndpoint } from './webviewEndpoint';

/** Most bytes Copy As takes (the text is up to six times longer). */
export const MAX_COPY_BYTES = 4 * 1024 * 1024;

type Range = { start: number; end: number };
/** The commands' optional argument: the format or input (skips the picker / input box), alone or with the document. */
type Arg = string | { format?: string; input?: string; uri?: string | vscode.Uri };

const argText = (a: Arg | undefined) => (typeof a === 'string' ? a : (a?.format ?? a?.input));
const argUri = (a: Arg | undefined) => (typeof a === 'string' ? undefined : a?.uri);

export class SelectionCommands {
  private readonly status = vscode.window.createStatusBarItem('vmbstate.caret', vscode.StatusBarAlignment.Right, 100);

  constructor(
    private readonly editors: EditorRegistry,
    private readonly endpoint: WebviewEndpoint,
  ) {
    this.status.name = 'Saved-state editor caret';
  }

  private entry(uri: string | vscode.Uri | undefined, what: string): EditorEntry | undefined {
    const e = this.editors.entryForCommand(uri);
    if (!e)
      void vscode.window.showWarningMessage(`${what} works in the saved-state editor: open a binary file in it first.`);
    return e;
  }

  /** Select [start, end) in the entry's webview, and keep the host's copy of the selection in step. */
  private select(entry: EditorEntry, range: Range): Range {
    const panel = [...entry.panels].find((p) => p.active) ?? [...entry.panels][0];
    if (panel && entry.ready.has(panel)) post(entry, { type: 'select', ...range }, panel);
    else entry.pendingSelect = range;
    entry.selection = { start: range.start, end: range.end, caret: Math.max(range.start, range.end - 1) };
    this.refresh();
    return range;
  }

  /** Chunk byte ranges in stream order, from the analysis when it describes these bytes, else a fresh decode. */
  private chunks(entry: EditorEntry): { start: number; end: number; label: string; call: number }[] {
    if (entry.analysis && entry.analysisVersion === entry.doc.version)
      return entry.analysis.calls.flatMap((c) =>
        c.items.flatMap((i) =>
          i.kind === 'chunk' ? [{ ...i.bytes, label: `Chunk ${i.index + 1} ${i.typeName}`, call: c.index }] : [],
        ),
      );
    return decodeBinary(entry.doc.bytes, { buffering: 'whole' }).chunks.map((c) => ({
      ...c.bytes,
      label: `Chunk ${c.index + 1} ${c.typeName}`,
      call: 0,
    }));
  }

  /** vmbstate.copyAs: the selection in a format (picked, or the argument); returns the text copied or the error. */
  async copyAs(arg?: Arg): Promise<{ text: string } | { error: string } | undefined> {
    const entry = this.entry(argUri(arg), 'Copy As');
    if (!entry) return { error: 'no saved-state editor' };
    const { start, end } = entry.selection;
    if (end <= start) return this.fail('Copy As: select some bytes first.');
    if (end - start > MAX_COPY_BYTES)
      return this.fail(`Copy As: the selection is ${end - start} bytes; at most ${MAX_COPY_BYTES} are copied as text.`);
    let format = argText(arg);
    if (format === undefined) {
      const pick = await vscode.window.showQuickPick(
        COPY_FORMATS.map((f) => ({ label: f.label, description: f.detail, id: f.id })),
        { title: `Copy ${end - start} bytes as…` },
      );
      if (!pick) return undefined;
      format = pick.id;
    }
    if (!COPY_FORMATS.some((f) => f.id === format))
      return this.fail(`Copy As: "${format}" is not a format: use ${COPY_FORMATS.map((f) => f.id).join(', ')}.`);
    const bytes = entry.doc.bytes.subarray(start, end);
    let text: string;
    if (format === 'vmbhex') {
      const r = copyAsVmbhex(entry.doc.bytes, { start, end }, this.chunks(entry));
      text = r.text;
      vscode.window.setStatusBarMessage(
        r.wholeChunks
          ? `Copied ${r.wholeChunks} chunk(s) as .vmbhex text`
          : `Copied ${end - start} bytes as a .raw block`,
        4000,
      );
    } else text = formatBytes(format as Exclude<CopyFormat, 'vmbhex'>, bytes);
    await vscode.env.clipboard.writeText(text);
    return { text };
  }

  /** vmbstate.pasteBytes: hex, a C/Rust array or Python bytes from the clipboard (or the argument), written over the selection. */
  async pasteBytes(arg?: Arg): Promise<Range | { error: string }> {
    const entry = this.entry(argUri(arg), 'Paste Bytes');
    if (!entry) return { error: 'no saved-state editor' };
    const text = argText(arg) ?? (await vscode.env.clipboard.readText());
    const data = parsePastedBytes(text);
    if (!data?.length)
      return this.fail(
        'Paste Bytes: the clipboard holds no bytes: hex digits, a C or Rust array, or a Python bytes literal.',
      );
    const offset = entry.selection.start;
    const panel = [...entry.panels][0];
    // The same message the webview sends for typed bytes: one overwrite, one undo step (it grows the file past its end).
    this.endpoint.receive(entry, panel, { type: 'overwrite', offset, data: [...data] });
    return this.select(entry, { start: offset, end: offset + data.length });
  }

  selectAll(uri?: string | vscode.Uri): Range | { error: string } {
    const entry = this.entry(uri, 'Select All');
    if (!entry) return { error: 'no saved-state editor' };
    return this.select(entry, { start: 0, end: entry.doc.size });
  }

  /** vmbstate.selectRange: START-END, START..END (END excluded) or START +LENGTH. */
  async selectRange(arg?: Arg): Promise<Range | { error: string } | undefined> {
    const entry = this.entry(argUri(arg), 'Select Range');
    if (!entry) return { error: 'no saved-state editor' };
    const size = entry.doc.size;
    let input = argText(arg);
    if (input === undefined) {
      const s = entry.selection;
      input = await vscode.window.showInputBox({
        title: 'Select Range',
        prompt: `Bytes to select in 0x0–0x${size.toString(16).toUpperCase()}: START-END or START..END (END excluded), or START +LENGTH; decimal or 0x hex`,
        placeHolder: '0x20-0x40, 32..64, 0x1C +4',
        value: s.end > s.start ? `0x${s.start.toString(16).toUpperCase()}-0x${s.end.toString(16).toUpperCase()}` : '',
        validateInput: (v) => {
          if (!v.trim()) return undefined;
          const r = parseSelectRange(v, size);
          return r.ok ? undefined : r.message;
        },
      });
      if (input === undefined) return undefined;
    }
    const r = parseSelectRange(input, size);
    if (!r.ok) return this.fail(`Select Range: ${r.message}`);
    return this.select(entry, { start: r.start, end: r.end });
  }

  /** vmbstate.selectChunk: pick a restore call or chunk (or pass "call N" / "chunk N") and select its bytes. */
  async selectChunk(arg?: Arg): Promise<Range | { error: string } | undefined> {
    const entry = this.entry(argUri(arg), 'Select Chunk');
    if (!entry) return { error: 'no saved-state editor' };
    const chunks = this.chunks(entry);
    const calls = entry.analysis?.calls ?? [];
    const items = [
      ...calls.map((c) => ({
        label: `Call ${c.index + 1}`,
        description: `${c.bytes.end - c.bytes.start} bytes`,
        ...c.bytes,
      })),
      ...chunks.map((c) => ({
        label: c.label,
        description: `@0x${c.start.toString(16).toUpperCase()}, ${c.end - c.start} bytes`,
        start: c.start,
        end: c.end,
      })),
    ];
    const want = argText(arg);
    let pick: { start: number; end: number } | undefined;
    if (want !== undefined) {
      const m = /^\s*(call|chunk)\s+(\d+)\s*$/i.exec(want);
      const n = m ? Number(m[2]) : NaN;
      pick = m?.[1].toLowerCase() === 'call' ? calls[n - 1]?.bytes : chunks[n - 1];
      if (!pick) return this.fail(`Select Chunk: no ${want.trim()} (calls and chunks count from 1).`);
    } else
      pick = await vscode.window.showQuickPick(items, {
        title: 'Select the bytes of a call or chunk',
        matchOnDescription: true,
      });
    if (!pick) return undefined;
    return this.select(entry, { start: pick.start, end: pick.end });
  }

  private fail(message: string): { error: string } {
    void vscode.window.showErrorMessage(message);
    return { error: message };
  }

  /** The status bar item: the active saved-state editor's caret, selection length and field. */
  refresh(): void {
    const entry = this.editors.activeEntry();
    if (!entry) {
      this.status.hide();
      return;
    }
    const d = describeCaret(entry.analysis, entry.selection, entry.doc.size);
    this.status.text = `$(symbol-field) ${d.text}`;
    this.status.tooltip = d.tooltip;
    this.status.command = 'vmbstate.selectRange';
    this.status.show();
  }

  register(): vscode.Disposable[] {
    this.endpoint.onSelection = () => this.refresh();
    return [
      this.status,
      vscode.window.tabGroups.onDidChangeTabs(() => this.refresh()),
      vscode.commands.registerCommand('vmbstate.copyAs', (a?: Arg) => this.copyAs(a)),
      vscode.commands.registerCommand('vmbstate.pasteBytes', (a?: Arg) => this.pasteBytes(a)),
      vscode.commands.registerCommand('vmbstate.selectAll', (a?: Arg) => this.selectAll(argUri(a))),
      vscode.commands.registerCommand('vmbstate.selectRange', (a?: Arg) => this.selectRange(a)),
      vscode.commands.registerCommand('vmbstate.selectChunk', (a?: Arg) => this.selectChunk(a)),
    ];
  }
}
