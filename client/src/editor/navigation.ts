// Moving the saved-state editor's selection from the host: Go to Offset (Ctrl+G), Find Bytes
// (Ctrl+F, F3, Shift+F3) and vmbstate.revealBytes (the debugger highlighting a call's or chunk's
// bytes, opening the editor when needed). The parsing and searching are in model/navigate.ts.

import * as vscode from 'vscode';
import { decodeBinary } from '../../../core/src';
import { post, VIEW_TYPE, VIEW_TYPE_ANY, type EditorEntry, type EditorRegistry } from './editorRegistry';
import {
  indexOfBytes,
  lastIndexOfBytes,
  parseFindPattern,
  parseGoToOffset,
  searchEndBackward,
  searchStart,
  type ChunkTarget,
} from './model/navigate';

/** Bytes Find Bytes searches between yields to the event loop (keeps the extension host responsive on 100 MB files). */
const FIND_SLICE = 8 * 1024 * 1024;

type Range = { start: number; end: number };
/** The commands' optional argument: the input (skips the input box), alone or with the document. */
type NavArg = string | { input?: string; uri?: string | vscode.Uri };

export class EditorNavigation {
  private lastFind: string | undefined;

  constructor(private readonly editors: EditorRegistry) {}

  /** Show bytes in the editor for `uri` (opening it when needed): the debugger's vmbstate.revealBytes. */
  async revealBytes(uri: vscode.Uri, range: Range, viewColumn?: vscode.ViewColumn): Promise<void> {
    let entry = this.editors.entriesFor(uri).find((e) => e.panels.size > 0);
    if (!entry) {
      const viewType = /\.vmbstate$/i.test(uri.path) ? VIEW_TYPE : VIEW_TYPE_ANY;
      // `viewColumn`: where to open it (the compare view opens it beside itself).
      await vscode.commands.executeCommand('vscode.openWith', uri, viewType, {
        preserveFocus: true,
        preview: true,
        ...(viewColumn !== undefined ? { viewColumn } : {}),
      });
      entry = this.editors.entriesFor(uri).find((e) => e.panels.size > 0);
      if (!entry) return;
    }
    const panel = [...entry.panels][0];
    if (!panel.visible) panel.reveal(panel.viewColumn, true);
    if (entry.ready.has(panel)) post(entry, { type: 'select', ...range }, panel);
    else entry.pendingSelect = range;
  }

  /** Select [start, end) in the editor's webview and scroll to it (the path vmbstate.revealBytes takes). */
  private selectInEntry(entry: EditorEntry, range: Range): void {
    const panel = [...entry.panels].find((p) => p.active) ?? [...entry.panels][0];
    if (!panel) return;
    if (entry.ready.has(panel)) post(entry, { type: 'select', ...range }, panel);
    else entry.pendingSelect = range;
    // Keep the host's view in step at once (the webview confirms with its own 'selection').
    entry.selection = {
      start: range.start,
      end: Math.max(range.start, range.end),
      caret: range.start < range.end ? range.end - 1 : range.start,
    };
  }

  /** Chunks for "chunk N" / "seq N": from the analysis when it describes these bytes, else from a fresh decode. */
  private chunkTargets(entry: EditorEntry): ChunkTarget[] {
    const doc = entry.doc;
    if (entry.analysis && entry.analysisVersion === doc.version) {
      return entry.analysis.calls.flatMap((c) =>
        c.items.flatMap((i) =>
          i.kind === 'chunk'
            ? [
                {
                  index: i.index,
                  start: i.bytes.start,
                  end: i.bytes.end,
                  ...(i.header ? { sequence: i.header.sequence } : {}),
                },
              ]
            : [],
        ),
      );
    }
    return decodeBinary(doc.bytes, { buffering: 'whole' }).chunks.map((c) => ({
      index: c.index,
      start: c.bytes.start,
      end: c.bytes.end,
      ...(c.header ? { sequence: c.header.sequence } : {}),
    }));
  }

  /**
   * vmbstate.goToOffset: `input` (tests) or an input box; decimal / 0x hex, +N / -N from the
   * caret, "chunk N" / "seq N". Selects and reveals the byte. Returns the selection or the error.
   */
  async goToOffset(input?: string, uri?: string | vscode.Uri): Promise<Range | { error: string } | undefined> {
    const entry = this.editors.entryForCommand(uri);
    if (!entry) {
      void vscode.window.showWarningMessage(
        'Go to Offset works in the saved-state editor: open a binary file in it first.',
      );
      return { error: 'no saved-state editor' };
    }
    // Chunks are only looked up for "chunk N" / "seq N" (a fresh decode can take a while on a big file).
    let chunks: ChunkTarget[] | undefined;
    const ctx = (v: string) => ({
      caret: entry.selection.caret,
      size: entry.doc.size,
      ...(/^\s*(chunk|seq)/i.test(v) ? { chunks: (chunks ??= this.chunkTargets(entry)) } : {}),
    });
    let text = input;
    if (text === undefined) {
      const size = entry.doc.size;
      text = await vscode.window.showInputBox({
        title: 'Go to Offset',
        prompt: `Offset in 0x0–0x${size.toString(16).toUpperCase()} (${size} bytes): decimal or 0x hex; +N / -N from the caret (0x${entry.selection.caret.toString(16).toUpperCase()}); "chunk N" or "seq N" for a chunk`,
        placeHolder: '0x1C, 4096, +16, -0x10, chunk 3, seq 5',
        validateInput: (v) =>
          v.trim() === ''
            ? undefined
            : (() => {
                const r = parseGoToOffset(v, ctx(v));
                return r.ok ? undefined : r.message;
              })(),
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

  /**
   * vmbstate.findBytes (Ctrl+F): `input` (tests) or an input box holding the last pattern; hex bytes
   * or a quoted string. Searches forward from the caret (after the current match), wrapping once;
   * selects the match. vmbstate.findNext (F3) / findPrevious (Shift+F3) search again with the last
   * pattern, forward or backward (before the current match), asking for one when there is none.
   */
  async findBytes(
    input?: string,
    uri?: string | vscode.Uri,
    direction: 'forward' | 'backward' = 'forward',
    again = false,
  ): Promise<(Range & { wrapped: boolean }) | { error: string } | { notFound: true } | undefined> {
    const entry = this.editors.entryForCommand(uri);
    if (!entry) {
      void vscode.window.showWarningMessage(
        'Find Bytes works in the saved-state editor: open a binary file in it first.',
      );
      return { error: 'no saved-state editor' };
    }
    let text = input ?? (again ? this.lastFind : undefined);
    if (text === undefined) {
      text = await vscode.window.showInputBox({
        title: direction === 'forward' ? 'Find Bytes' : 'Find Bytes (backward)',
        prompt: `Hex bytes (any spacing: 56 42 53 43) or a quoted string ("VBSC"); searches ${direction === 'forward' ? 'forward from' : 'backward before'} the caret and wraps; F3 / Shift+F3 find the next / previous`,
        placeHolder: '56 42 53 43   or   "VBSC"',
        ...(this.lastFind ? { value: this.lastFind } : {}),
        validateInput: (v) =>
          v.trim() === ''
            ? undefined
            : (() => {
                const p = parseFindPattern(v);
                return p.ok ? undefined : p.message;
              })(),
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
    const from = back
      ? searchEndBackward(entry.selection, bytes().length)
      : searchStart(bytes(), needle, entry.selection);
    const search = async (
      token?: vscode.CancellationToken,
      progress?: vscode.Progress<{ increment?: number }>,
    ): Promise<{ offset: number; wrapped: boolean } | 'stale' | undefined> => {
      const size = bytes().length;
      // Forward: from `from` to the end, then from 0 up to `from`. Backward: from `from` down to 0,
      // then from the end down to `from`. In slices with a yield between them.
      const spans: [number, number, boolean][] = back
        ? [
            [0, Math.min(from, size), false],
            [Math.min(from, size), size, true],
          ]
        : [
            [from, size, false],
            [0, Math.min(from, size), true],
          ];
      for (const [a, b, wrapped] of spans) {
        for (let k = 0; k < b - a; k += FIND_SLICE) {
          if (token?.isCancellationRequested) return undefined;
          if (entry.doc.version !== version) return 'stale';
          const lo = back ? Math.max(a, b - k - FIND_SLICE) : a + k;
          const hi = back ? b - k : Math.min(b, a + k + FIND_SLICE);
          const hit = back ? lastIndexOfBytes(bytes(), needle, lo, hi) : indexOfBytes(bytes(), needle, lo, hi);
          if (hit >= 0) return { offset: hit, wrapped };
          progress?.report({ increment: ((hi - lo) / Math.max(1, size)) * 100 });
          await new Promise((res) => setImmediate(res));
        }
      }
      return undefined;
    };
    const hit =
      bytes().length > FIND_SLICE
        ? await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Finding ${pat.display}…`, cancellable: true },
            (progress, token) => search(token, progress),
          )
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
    if (hit.wrapped)
      vscode.window.setStatusBarMessage(
        `Find Bytes: passed the ${back ? 'start' : 'end'} of the file and wrapped to the ${back ? 'end' : 'start'}; found ${pat.display} at 0x${hit.offset.toString(16).toUpperCase()}`,
        5000,
      );
    return { ...range, wrapped: hit.wrapped };
  }

  /** vmbstate.revealBytes, goToOffset, findBytes, findNext and findPrevious. */
  register(): vscode.Disposable[] {
    const find = (direction: 'forward' | 'backward', again: boolean) => (arg?: NavArg) =>
      typeof arg === 'string'
        ? this.findBytes(arg, undefined, direction, again)
        : this.findBytes(arg?.input, arg?.uri, direction, again);
    return [
      // The debugger's hook: highlight a restore call's or chunk's bytes.
      vscode.commands.registerCommand(
        'vmbstate.revealBytes',
        async (arg?: { uri: string | vscode.Uri; byteRange: Range; column?: vscode.ViewColumn }) => {
          if (!arg?.uri || !arg.byteRange) return;
          await this.revealBytes(
            typeof arg.uri === 'string' ? vscode.Uri.parse(arg.uri) : arg.uri,
            arg.byteRange,
            arg.column,
          );
        },
      ),
      // Go to Offset / Find Bytes: an optional argument (string, or {input, uri}) skips the input box.
      vscode.commands.registerCommand('vmbstate.goToOffset', (arg?: NavArg) =>
        typeof arg === 'string' ? this.goToOffset(arg) : this.goToOffset(arg?.input, arg?.uri),
      ),
      vscode.commands.registerCommand('vmbstate.findBytes', find('forward', false)),
      // F3 / Shift+F3: the last pattern again (the input box when there is none yet).
      vscode.commands.registerCommand('vmbstate.findNext', find('forward', true)),
      vscode.commands.registerCommand('vmbstate.findPrevious', find('backward', true)),
    ];
  }
}
