// The what-if commands of Step Restore: apply the session's edits to the document as one undoable
// edit (a WorkspaceEdit on a .vmbhex; a byte edit through the saved-state editor for a binary),
// discard them, toggle reseal, and run to a chunk (binary files, vmbstate.gotoChunk).

import * as vscode from 'vscode';
import {
  DEBUG_TYPE,
  GOTO_CHUNK_REQUEST,
  WHAT_IF_EVENT,
  WHAT_IF_REQUESTS,
  type WhatIfChangesBody,
  type WhatIfEventBody,
} from '../../../debugger/src/protocol';
import { VIEW_TYPE, type EditorRegistry } from '../editor/editorRegistry';

const HAS_WHAT_IF = 'vmbstate.hasWhatIf';

function session(): vscode.DebugSession | undefined {
  const s = vscode.debug.activeDebugSession;
  if (s?.type === DEBUG_TYPE) return s;
  void vscode.window.showInformationMessage('Step Restore: no Step Restore session is active.');
  return undefined;
}

const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** Write the session's what-if edits into the document; returns whether anything was written. */
async function applyWhatIf(editors: EditorRegistry): Promise<boolean> {
  const s = session();
  if (!s) return false;
  const c = (await s.customRequest(WHAT_IF_REQUESTS.changes, {})) as Omit<WhatIfChangesBody, 'uri'>;
  const program = s.configuration.program as string;
  const uri = vscode.Uri.file(program);
  if (c.form === 'text') {
    if (!c.textChanges.length) return done(c, false);
    const edit = new vscode.WorkspaceEdit();
    for (const ch of c.textChanges) {
      const r = ch.range;
      edit.replace(uri, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), ch.newText);
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit of the document.');
  } else {
    if (!c.byteChanges.length) return done(c, false);
    let entry = editors.entriesFor(uri)[0];
    if (!entry) {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
      entry = editors.entriesFor(uri)[0];
    }
    if (!entry) throw new Error(`${program} is not open in the saved-state editor.`);
    entry.doc.applyEdit({
      label: 'Apply what-if edits',
      splices: c.byteChanges.map((x) => ({
        offset: x.offset,
        removed: fromBase64(x.removed),
        inserted: fromBase64(x.inserted),
      })),
    });
  }
  await s.customRequest(WHAT_IF_REQUESTS.applied, {});
  return done(c, true);
}

function done(c: Omit<WhatIfChangesBody, 'uri'>, wrote: boolean): boolean {
  const only = c.sessionOnly.length ? ` Not in the file (launch settings): ${c.sessionOnly.join('; ')}.` : '';
  void vscode.window.showInformationMessage(
    wrote
      ? `Step Restore: what-if edits written into the document (undo reverts them).${only}`
      : `Step Restore: no what-if edit changes the file.${only}`,
  );
  return wrote;
}

/** Registers the what-if commands and the vmbstate.hasWhatIf context key (the view's title buttons). */
export function registerWhatIf(context: vscode.ExtensionContext, editors: EditorRegistry): void {
  const guard =
    <A extends unknown[]>(title: string, work: (...args: A) => Promise<unknown>) =>
    async (...args: A) => {
      try {
        return await work(...args);
      } catch (e) {
        void vscode.window.showErrorMessage(`${title}: ${(e as Error).message ?? String(e)}`);
        return undefined;
      }
    };
  let reseal = true;
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'vmbstate.applyWhatIf',
      guard('Apply what-if edits', () => applyWhatIf(editors)),
    ),
    vscode.commands.registerCommand(
      'vmbstate.discardWhatIf',
      guard('Discard what-if edits', async () => session()?.customRequest(WHAT_IF_REQUESTS.discard, {})),
    ),
    vscode.commands.registerCommand(
      'vmbstate.toggleWhatIfReseal',
      guard('Toggle reseal', async () => session()?.customRequest(WHAT_IF_REQUESTS.reseal, { reseal: !reseal })),
    ),
    vscode.commands.registerCommand(
      'vmbstate.runToChunk',
      guard('Run to chunk', async (chunk?: number) => {
        const s = session();
        if (!s) return;
        const n =
          typeof chunk === 'number'
            ? chunk
            : Number(await vscode.window.showInputBox({ prompt: 'Run to chunk number (from 1, across the stream)' }));
        if (Number.isInteger(n) && n >= 1) await s.customRequest(GOTO_CHUNK_REQUEST, { chunk: n });
      }),
    ),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== WHAT_IF_EVENT) return;
      const b = e.body as WhatIfEventBody;
      reseal = b.reseal;
      void vscode.commands.executeCommand('setContext', HAS_WHAT_IF, b.edits.length > 0);
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.type === DEBUG_TYPE) void vscode.commands.executeCommand('setContext', HAS_WHAT_IF, false);
    }),
  );
}
