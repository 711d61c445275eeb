// Inline values of Step Restore in a .vmbhex editor while stopped (inlineValueLines.ts says what):
// the provider for the text form, refreshed on every event of the session.

import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../../../debugger/src/protocol';
import { inlineLines } from './inlineValueLines';
import type { StepRestoreTreeProvider } from './stepRestoreTreeProvider';

/** Registers the provider for .vmbhex documents; values show while a Step Restore session of that file is stopped. */
export function registerInlineValues(context: vscode.ExtensionContext, tree: StepRestoreTreeProvider): void {
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    changed,
    vscode.languages.registerInlineValuesProvider(
      { language: 'vmbstate-hex' },
      {
        onDidChangeInlineValues: changed.event,
        provideInlineValues(document, viewPort) {
          const s = vscode.debug.activeDebugSession;
          const m = tree.model;
          if (!s || s.type !== DEBUG_TYPE || !m?.plan || vscode.Uri.parse(m.plan.uri).fsPath !== document.uri.fsPath)
            return [];
          return inlineLines(m)
            .filter((l) => l.line >= viewPort.start.line && l.line <= viewPort.end.line && l.line < document.lineCount)
            .map((l) => {
              const end = document.lineAt(l.line).range.end;
              return new vscode.InlineValueText(new vscode.Range(end, end), l.text);
            });
        },
      },
    ),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type === DEBUG_TYPE) changed.fire();
    }),
  );
}
