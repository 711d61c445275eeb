// Shows where a Step Restore stop is in a .vmbhex editor without selecting it: the block the
// frame stands for (the call, or the `.chunk` … `.end`) gets a whole-line background and the token
// it points at a box. Stack frames are a caret (a selection would be replaced by the next key).

import * as vscode from 'vscode';
import type { TextRange } from '../../../core/src';

const toRange = (t: TextRange): vscode.Range =>
  new vscode.Range(t.start.line, t.start.character, t.end.line, t.end.character);

interface Shown {
  /** The file, as a path: the adapter's file URI and the editor's may be spelt differently. */
  fsPath: string;
  block?: vscode.Range;
  token?: vscode.Range;
  /** The debug session that asked; its end clears the highlight. */
  session?: string;
}

export class StopHighlight implements vscode.Disposable {
  private readonly blockType = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    // Paler than the stop line's own highlight (editor.focusedStackFrameHighlightBackground), so that line stands out.
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
  });
  private readonly tokenType = vscode.window.createTextEditorDecorationType({
    borderWidth: '1px',
    borderStyle: 'solid',
    borderColor: new vscode.ThemeColor('debugIcon.breakpointCurrentStackframeForeground'),
  });
  private current?: Shown;
  private readonly subscription = vscode.window.onDidChangeVisibleTextEditors(() => this.paint());

  /** Highlight `block` (whole lines) and `token` in the editors showing `uri`. */
  show(uri: vscode.Uri, block: TextRange | undefined, token: TextRange | undefined, session?: string): void {
    this.current = {
      fsPath: uri.fsPath,
      ...(block ? { block: toRange(block) } : {}),
      ...(token ? { token: toRange(token) } : {}),
      ...(session ? { session } : {}),
    };
    this.paint();
  }

  /** Remove the highlight (only the given session's, when one is named). */
  clear(session?: string): void {
    if (session !== undefined && this.current?.session !== undefined && this.current.session !== session) return;
    this.current = undefined;
    this.paint();
  }

  private paint(): void {
    const same = (a: string, b: string) =>
      process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
    for (const ed of vscode.window.visibleTextEditors) {
      const c =
        this.current && ed.document.uri.scheme === 'file' && same(ed.document.uri.fsPath, this.current.fsPath)
          ? this.current
          : undefined;
      ed.setDecorations(this.blockType, c?.block ? [c.block] : []);
      ed.setDecorations(this.tokenType, c?.token ? [c.token] : []);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.blockType.dispose();
    this.tokenType.dispose();
  }
}
