// Step Restore in VS Code: the inline debug adapter (the session runs in the extension host),
// launch configuration resolution, the vmbstate.stepRestore and vmbstate.revealCall commands,
// the Step Restore view fed by the adapter's custom events, and the forwarding of stop positions
// in binary files to the custom editor (vmbstate.revealBytes, when registered).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { inputLimit, formatByteLimit, OptionError } from '../../../core/src';
import { FileAccessError } from '../../../core/src/node/files';
import { isTextForm, readFromDisk, type FileReader } from '../../../debugger/src/loadDocument';
import {
  DEBUG_TYPE,
  OUTCOME_EVENT,
  PLAN_EVENT,
  POSITION_EVENT,
  TRACE_EVENT,
  REWIND_EVENT,
  WHAT_IF_EVENT,
  type PositionEventBody,
} from '../../../debugger/src/protocol';
import { StepRestoreSession } from '../../../debugger/src/stepRestoreSession';
import { isStepSaveLaunch, StepSaveSession } from '../../../debugger/src/stepSaveSession';
import { attributesFromSettings } from './launchSettings';
import { StopHighlight } from './stopHighlight';
import { registerInlineValues } from './inlineValues';
import { StepRestoreTreeProvider, STEP_RESTORE_VIEW } from './stepRestoreTreeProvider';
import type { RevealArgs } from './traceRows';

const HAS_TRACE = 'vmbstate.hasTrace';
const REVEAL_BYTES = 'vmbstate.revealBytes';
const EXTENSIONS = new Set(['.vmbhex', '.vmbstate']);
/** The adapter's custom events the Step Restore view follows. */
const STEP_RESTORE_EVENTS = new Set([
  PLAN_EVENT,
  TRACE_EVENT,
  POSITION_EVENT,
  OUTCOME_EVENT,
  REWIND_EVENT,
  WHAT_IF_EVENT,
]);

/** The file the user looks at: the active text editor, else the active tab (custom editor). */
export function activeFileUri(): vscode.Uri | undefined {
  const ed = vscode.window.activeTextEditor;
  if (ed && ed.document.uri.scheme !== 'output' && ed.document.uri.scheme !== 'debug') return ed.document.uri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) return input.uri;
  return undefined;
}

/** A .vmbhex/.vmbstate file, or any file open in one of our custom editors (binaryEditorAny). */
function isSavedStateFile(uri: vscode.Uri | undefined): uri is vscode.Uri {
  if (!uri) return false;
  if (EXTENSIONS.has(path.extname(uri.fsPath).toLowerCase())) return true;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return (
    input instanceof vscode.TabInputCustom &&
    input.viewType.startsWith('vmbstate.') &&
    input.uri.toString() === uri.toString()
  );
}

/**
 * Reads a file for the adapter: an open text document's unsaved content wins over the disk, and is
 * held to the same input limit; the disk goes through the guarded reader (regular files only, size
 * checked before reading), so a FIFO or /dev/zero as `program` is refused instead of hanging.
 */
export const readFile: FileReader = async (file) => {
  const norm = (p: string) => (process.platform === 'win32' ? path.resolve(p).toLowerCase() : path.resolve(p));
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && norm(d.uri.fsPath) === norm(file));
  if (doc && doc.isDirty) {
    const bytes = new TextEncoder().encode(doc.getText());
    const limit = inputLimit(isTextForm(file) ? 'text' : 'binary');
    if (bytes.length > limit)
      throw new FileAccessError(
        `${file}: cannot read: the unsaved document is ${bytes.length} bytes, more than the ${formatByteLimit(limit)} limit`,
      );
    return bytes;
  }
  return readFromDisk(file);
};

class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(session?: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    // `"mode": "save"` is Step Save (debugger/src/stepSaveSession.ts, docs/step-save.md).
    if (isStepSaveLaunch(session?.configuration))
      return new vscode.DebugAdapterInlineImplementation(new StepSaveSession({ readFile }));
    return new vscode.DebugAdapterInlineImplementation(new StepRestoreSession({ readFile }));
  }
}

function defaultConfiguration(program = '${file}'): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: 'Step Restore current file', program, stopOnEntry: true };
}

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.ProviderResult<vscode.DebugConfiguration[]> {
    return [defaultConfiguration()];
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    // F5 without a launch.json: debug the active saved-state file.
    if (!config.type && !config.request && !config.name) {
      const active = activeFileUri();
      if (!isSavedStateFile(active)) {
        void vscode.window.showInformationMessage(
          'Step Restore needs a .vmbhex or .vmbstate file: open one, or set "program" in launch.json.',
        );
        return undefined;
      }
      config = defaultConfiguration();
    }
    config.type ??= DEBUG_TYPE;
    config.request ??= 'launch';
    config.name ??= 'Step Restore';
    if (typeof config.program !== 'string' || !config.program.trim()) config.program = '${file}';
    if (config.program.includes('${file}')) {
      // Resolved here rather than by VS Code so that a custom editor's file counts as ${file}.
      const active = activeFileUri();
      if (!active || active.scheme !== 'file' || !isSavedStateFile(active)) {
        const what = active ? ` (the active file is ${path.basename(active.fsPath)})` : '';
        void vscode.window.showErrorMessage(`Step Restore: "\${file}" needs an open .vmbhex or .vmbstate file${what}.`);
        return undefined;
      }
      config.program = config.program.split('${file}').join(active.fsPath);
    }
    const settings = vscode.workspace.getConfiguration(
      'vmbstate',
      folder?.uri ?? vscode.Uri.file(String(config.program)),
    );
    try {
      attributesFromSettings(config, settings, vscode.workspace.isTrusted);
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      void vscode.window.showErrorMessage(`Step Restore: setting ${e.message}.`);
      return undefined;
    }
    return config;
  }
}

/** Dynamic configurations (the "Run and Debug" dropdown): the open saved-state files. */
class DynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.ProviderResult<vscode.DebugConfiguration[]> {
    const uris = new Map<string, vscode.Uri>();
    for (const g of vscode.window.tabGroups.all) {
      for (const t of g.tabs) {
        const input = t.input;
        const uri =
          input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
        if (isSavedStateFile(uri) && uri.scheme === 'file') uris.set(uri.toString(), uri);
      }
    }
    return [...uris.values()].map((u) => ({
      ...defaultConfiguration(u.fsPath),
      name: `Step Restore ${path.basename(u.fsPath)}`,
    }));
  }
}

let revealBytesKnown: { at: number; present: boolean } | undefined;

/** Ask the custom editor to highlight bytes; false when nobody registered vmbstate.revealBytes. */
export async function revealBytes(
  uri: vscode.Uri,
  byteRange: { start: number; end: number },
  reason = 'reveal',
): Promise<boolean> {
  const now = Date.now();
  if (!revealBytesKnown || now - revealBytesKnown.at > 5000) {
    revealBytesKnown = { at: now, present: (await vscode.commands.getCommands(true)).includes(REVEAL_BYTES) };
  }
  if (!revealBytesKnown.present) return false;
  try {
    await vscode.commands.executeCommand(REVEAL_BYTES, { uri, byteRange, reason });
    return true;
  } catch {
    return false;
  }
}

function toRange(t: NonNullable<RevealArgs['text']>): vscode.Range {
  return new vscode.Range(t.start.line, t.start.character, t.end.line, t.end.character);
}

/** The stop and reveal highlight, once registerStepRestore ran. */
let highlight: StopHighlight | undefined;

/**
 * vmbstate.revealCall: show a call's or chunk's text (the cursor on its first line, the block
 * highlighted, nothing selected: the editor gets the focus, and a selection would be replaced by
 * the next key), or highlight its bytes in the custom editor.
 */
export async function revealCall(arg?: RevealArgs): Promise<void> {
  if (!arg || typeof arg.uri !== 'string') return;
  const uri = vscode.Uri.parse(arg.uri);
  if (arg.form === 'text' && arg.text) {
    const range = toRange(arg.text);
    const caret = new vscode.Range(range.start, range.start);
    const editor = await vscode.window.showTextDocument(uri, { selection: caret, preserveFocus: false, preview: true });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    highlight?.show(uri, arg.text, undefined);
    return;
  }
  await revealBytes(uri, arg.bytes, 'revealCall');
}

/** vmbstate.stepRestore: debug the given file (explorer, editor title) or the active one. */
async function stepRestore(target?: vscode.Uri): Promise<boolean> {
  const uri = target instanceof vscode.Uri ? target : activeFileUri();
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Step Restore: open a .vmbhex or .vmbstate file first.');
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return vscode.debug.startDebugging(folder, {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Step Restore ${path.basename(uri.fsPath)}`,
    program: uri.fsPath,
    stopOnEntry: true,
  });
}

export function registerStepRestore(context: vscode.ExtensionContext, _client?: unknown): StepRestoreTreeProvider {
  const tree = new StepRestoreTreeProvider();
  highlight = new StopHighlight();
  const view = vscode.window.createTreeView(STEP_RESTORE_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  let hasTrace = false;
  const setHasTrace = (v: boolean) => {
    if (hasTrace === v) return;
    hasTrace = v;
    void vscode.commands.executeCommand('setContext', HAS_TRACE, v);
  };
  const refreshTitle = () => {
    view.description = tree.model?.summary() ?? '';
  };

  context.subscriptions.push(
    highlight,
    view,
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      new DynamicConfigurationProvider(),
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.commands.registerCommand('vmbstate.stepRestore', stepRestore),
    vscode.commands.registerCommand('vmbstate.revealCall', revealCall),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE) return;
      if (!STEP_RESTORE_EVENTS.has(e.event)) return;
      const shownChanged = tree.apply(e.session.id, e.event, e.body);
      if (e.event === PLAN_EVENT) setHasTrace(true);
      if (shownChanged) refreshTitle();
      if (e.event === POSITION_EVENT) {
        const pos = e.body as PositionEventBody;
        if (pos.form === 'binary' && pos.uri) void revealBytes(vscode.Uri.parse(pos.uri), pos.byteRange, pos.reason);
        if (pos.form === 'text' && pos.uri)
          highlight?.show(vscode.Uri.parse(pos.uri), pos.blockRange, pos.textRange, e.session.id);
        const row = tree.model?.currentRow();
        if (row && view.visible && tree.sessionId === e.session.id)
          void Promise.resolve(view.reveal(row, { select: false, focus: false, expand: true })).catch(() => undefined);
      }
    }),
    vscode.debug.onDidChangeActiveDebugSession((s) => {
      if (s && s.type === DEBUG_TYPE) {
        tree.show(s.id);
        refreshTitle();
      }
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.type !== DEBUG_TYPE) return;
      highlight?.clear(s.id);
      tree.ended(s.id);
      refreshTitle();
    }),
  );
  registerInlineValues(context, tree);
  return tree;
}
