// vmbstate.stepRestoreFromHere, the command of the language server's "Step Restore from here"
// CodeLens: starts Step Restore on the document with `stopAtCall`, so the session runs the calls
// before that one and stops before it (docs/step-restore.md, "Launch attributes").

import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../../../debugger/src/protocol';

export const STEP_FROM_HERE = 'vmbstate.stepRestoreFromHere';

/** The launch configuration the command starts: the file, stopping before call `call` (1-based). */
export function stepFromHereConfiguration(uri: vscode.Uri, call: number): vscode.DebugConfiguration {
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Step Restore ${path.basename(uri.fsPath)} from call ${call}`,
    program: uri.fsPath,
    stopAtCall: call,
  };
}

async function stepFromHere(arg?: { uri?: unknown; call?: unknown }): Promise<boolean> {
  const call = arg?.call;
  if (typeof arg?.uri !== 'string' || typeof call !== 'number' || !Number.isInteger(call) || call < 1) {
    void vscode.window.showErrorMessage('Step Restore from here: use the CodeLens above a .call line.');
    return false;
  }
  const uri = vscode.Uri.parse(arg.uri);
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Step Restore from here: save the document to a file first.');
    return false;
  }
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), stepFromHereConfiguration(uri, call));
}

export function registerStepFromHere(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(STEP_FROM_HERE, stepFromHere));
}
