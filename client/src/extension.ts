// Extension entry point: wires the language client, the binary custom editor, the Step Restore
// debugger, the commands and the compare view. Each feature lives in its own module and registers itself here.

import type * as vscode from 'vscode';
import { startLanguageClient } from './languageClient';
import { registerBinaryEditor } from './editor/binaryEditorProvider';
import { registerStepRestore } from './debug/stepRestore';
import { registerStepFromHere } from './debug/stepFromHere';
import { registerWhatIf } from './debug/whatIfCommands';
import { registerCommands } from './commands';
import { registerStatusBar } from './statusBar';
import { registerCompare } from './compare/compareCommands';
import { registerSweep } from './sweep/sweepPanel';
import { useNativeCrc32c } from '../../core/src/node/nativeCrc32c';

export async function activate(context: vscode.ExtensionContext) {
  // The inline Step Restore and the editor's host-side work CRC natively where @node-rs/crc32 loads.
  useNativeCrc32c();
  const client = await startLanguageClient(context);
  const { editors, testHooks } = registerBinaryEditor(context, client);
  registerStepRestore(context, client);
  registerStepFromHere(context);
  registerWhatIf(context, editors);
  registerCommands(context, client, editors);
  registerStatusBar(context, client);
  registerCompare(context, editors);
  registerSweep(context);
  // The saved-state editor's test hooks, typed (the same as the vmbstate._editorState / _editorAction commands).
  return { client, editorTestHooks: testHooks };
}

export function deactivate(): Thenable<void> | undefined {
  return undefined;
}
