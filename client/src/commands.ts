// Commands: convert binary ⇄ text, open a binary's text form beside it, reopen any file in the
// saved-state editor, export the restore trace. Each takes a URI (explorer and editor-title
// menus pass one) or works on the active editor: the text editor, else the custom editor tab.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  bufferingSetting,
  authoredContent,
  describeAuthored,
  type TextToBinaryNote,
  type WireAnalysis,
} from '../../core/src';
import { writeUriAtomic } from './atomicWrite';
import { proposeTextName } from './convertTargets';
import { VIEW_TYPE, VIEW_TYPE_ANY, type EditorRegistry } from './editor/editorRegistry';
import { analyzeContent, assembleTextDocument, disassembleBinary } from './serverBridge';
import { activeDocumentUri } from './statusBar';
import { traceJson, traceText } from './traceExport';
import { generateFailureFixturesCommand } from './failureFixtures';
import { exportTestDataCommand } from './testDataExport';

export const TEXT_SCHEME = 'vmbstate-text';

export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  // Explorer multi-select passes (uri, uris[]); editor title passes a uri; some callers pass { uri }.
  if (arg && typeof arg === 'object' && 'uri' in arg) return targetUri((arg as { uri: unknown }).uri);
  const active = activeDocumentUri();
  if (active?.scheme === TEXT_SCHEME) return binaryUriOf(active);
  return active;
}

export const baseName = (uri: vscode.Uri) => uri.path.split('/').pop() ?? 'document';
export const isText = (uri: vscode.Uri) => /\.vmbhex$/i.test(uri.path);

function withExtension(uri: vscode.Uri, ext: string): vscode.Uri {
  const name = baseName(uri).replace(/\.(vmbstate|vmbhex|bin)$/i, '');
  return vscode.Uri.joinPath(uri, '..', name + ext);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Bytes of a binary: the open custom editor's unsaved bytes win over the disk. */
export async function binaryBytes(uri: vscode.Uri): Promise<{ bytes: Uint8Array; unsaved: boolean }> {
  const open = editorsRef?.bytesOf(uri);
  if (open) return open;
  return { bytes: await vscode.workspace.fs.readFile(uri), unsaved: false };
}

/** Text of a .vmbhex: the open document's unsaved text wins over the disk. */
export async function textOf(uri: vscode.Uri): Promise<{ text: string; unsaved: boolean }> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc) return { text: doc.getText(), unsaved: doc.isDirty || doc.isUntitled };
  return { text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)), unsaved: false };
}

/** Where to write a converted file: beside the source, asking first when that file exists. */
async function outputUri(source: vscode.Uri, ext: string, label: string): Promise<vscode.Uri | undefined> {
  const beside = source.scheme === 'file' ? withExtension(source, ext) : undefined;
  if (beside && !(await exists(beside))) return beside;
  return vscode.window.showSaveDialog({
    ...(beside ? { defaultUri: beside } : {}),
    saveLabel: label,
    filters:
      ext === '.vmbhex'
        ? { 'VMBus saved state (hex text)': ['vmbhex'] }
        : { 'VMBus saved state (binary)': ['vmbstate'] },
  });
}

/**
 * Where to write the text form of `source`: NAME.vmbhex beside it when that is free; else the
 * save dialog, proposing NAME.from-binary.vmbhex (or a numbered variant), never the existing text,
 * which may be one the user wrote. Picking an existing .vmbhex anyway asks before replacing it.
 */
async function textOutputUri(source: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (source.scheme !== 'file') return outputUri(source, '.vmbhex', 'Save text form');
  const dir = vscode.Uri.joinPath(source, '..');
  const { name, besideTaken } = await proposeTextName(baseName(source), (n) => exists(vscode.Uri.joinPath(dir, n)));
  const proposed = vscode.Uri.joinPath(dir, name);
  if (!besideTaken) return proposed;
  const stem = baseName(source).replace(/\.(vmbstate|vmbhex|bin)$/i, '');
  const picked = await vscode.window.showSaveDialog({
    defaultUri: proposed,
    saveLabel: 'Save text form',
    title: `${stem}.vmbhex exists and is kept: save the text form of ${baseName(source)} as`,
    filters: { 'VMBus saved state (hex text)': ['vmbhex'] },
  });
  if (!picked || !(await exists(picked))) return picked;
  return (await confirmReplaceText(picked)) ? picked : undefined;
}

/** Ask before a disassembly replaces an existing text: say what its author wrote that would go. */
async function confirmReplaceText(target: vscode.Uri): Promise<boolean> {
  let lost = '';
  try {
    lost = describeAuthored(authoredContent((await textOf(target)).text));
  } catch {
    lost = '';
  }
  const choice = await vscode.window.showWarningMessage(
    `Replace ${baseName(target)} with the disassembly?`,
    {
      modal: true,
      detail: `${baseName(target)} exists${lost ? ` and holds ${lost}, which the disassembly does not have` : ''}. The disassembly is rebuilt from the bytes only.`,
    },
    'Replace',
  );
  return choice === 'Replace';
}

/** `target`: where to write (programmatic and test use); else beside the source, or a proposed new name when a text is already there. */
export async function convertToText(arg?: unknown, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = targetUri(arg);
  if (!uri) {
    void vscode.window.showErrorMessage('Convert to text: open or select a binary saved-state file first.');
    return undefined;
  }
  if (isText(uri)) {
    void vscode.window.showErrorMessage(`${baseName(uri)} is already the hex-annotated text form.`);
    return undefined;
  }
  const { bytes, unsaved } = await binaryBytes(uri);
  const text = await disassembleBinary(clientRef, uri, bytes, unsaved);
  const out = target instanceof vscode.Uri ? target : await textOutputUri(uri);
  if (!out) return undefined;
  await writeUriAtomic(out, new TextEncoder().encode(text), { fs: vscode.workspace.fs });
  await vscode.window.showTextDocument(out, { preview: false });
  return out;
}

export async function convertToBinary(arg?: unknown, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = targetUri(arg);
  if (!uri) {
    void vscode.window.showErrorMessage('Convert to binary: open or select a .vmbhex file first.');
    return undefined;
  }
  if (
    !isText(uri) &&
    !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.languageId === 'vmbstate-hex')
  ) {
    void vscode.window.showErrorMessage(`${baseName(uri)} is not a .vmbhex text file.`);
    return undefined;
  }
  const { text } = await textOf(uri);
  const r = await assembleTextDocument(clientRef, uri, text);
  if (r.errors.length || !r.bytes) {
    const shown = r.errors.slice(0, 8).map((e) => `line ${e.line + 1}:${e.character + 1}: ${e.message}`);
    const more = r.errors.length > shown.length ? `\n… and ${r.errors.length - shown.length} more.` : '';
    const choice = await vscode.window.showErrorMessage(
      `Cannot convert ${baseName(uri)} to binary: the text has ${r.errors.length} error(s).`,
      { modal: true, detail: shown.join('\n') + more },
      'Show Problems',
    );
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    return undefined;
  }
  const out = target instanceof vscode.Uri ? target : await outputUri(uri, '.vmbstate', 'Save binary');
  if (!out) return undefined;
  await writeUriAtomic(out, r.bytes, { fs: vscode.workspace.fs });
  await vscode.commands.executeCommand(
    'vscode.openWith',
    out,
    /\.vmbstate$/i.test(out.path) ? VIEW_TYPE : VIEW_TYPE_ANY,
  );
  if (r.note) void showConversionNote(r.note);
  return out;
}

/** Say what the binary kept and dropped; offer the buffering that keeps the text's calls when one does. */
async function showConversionNote(note: TextToBinaryNote): Promise<void> {
  const offer = note.offer;
  const keep = offer ? `Keep the calls: ${bufferingSetting(offer, '')}` : undefined;
  const choice = await vscode.window.showInformationMessage(note.message, ...(keep ? [keep] : []));
  if (!offer || choice !== keep) return;
  const cfg = vscode.workspace.getConfiguration('vmbstate');
  const where = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await cfg.update('binary.buffering', typeof offer === 'string' ? offer : 'size', where);
  if (typeof offer !== 'string') await cfg.update('binary.bufferSize', offer.size, where);
  void vscode.window.showInformationMessage(
    `${bufferingSetting(offer)}: binaries are now cut into the calls the text had.`,
  );
}

// ---- the read-only text form beside a binary ---------------------------------------------------

/** vmbstate-text:/dir/name.vmbstate.vmbhex?<binary uri>: the disassembly of that binary's current bytes. */
export function textUriOf(binary: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: TEXT_SCHEME, path: binary.path + '.vmbhex', query: binary.toString() });
}

export function binaryUriOf(text: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(text.query);
}

class TextFormProvider implements vscode.TextDocumentContentProvider {
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;
  private timers = new Map<string, NodeJS.Timeout>();

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const binary = binaryUriOf(uri);
    try {
      const { bytes, unsaved } = await binaryBytes(binary);
      return await disassembleBinary(clientRef, binary, bytes, unsaved);
    } catch (e) {
      return `# Cannot disassemble ${binary.toString()}: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  /** The binary changed: refresh its open text form (debounced). */
  binaryChanged(binary: vscode.Uri): void {
    const text = textUriOf(binary);
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === text.toString())) return;
    const key = text.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => this._onDidChange.fire(text), 400),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this._onDidChange.dispose();
  }
}

export async function openTextToSide(arg?: unknown): Promise<vscode.TextEditor | undefined> {
  const uri = targetUri(arg);
  if (!uri) {
    void vscode.window.showErrorMessage('Open text form: open or select a binary saved-state file first.');
    return undefined;
  }
  if (isText(uri)) return vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside });
  let doc = await vscode.workspace.openTextDocument(textUriOf(uri));
  if (doc.languageId !== 'vmbstate-hex') doc = await vscode.languages.setTextDocumentLanguage(doc, 'vmbstate-hex');
  return vscode.window.showTextDocument(doc, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
    preserveFocus: true,
  });
}

export async function reopenAsEditor(arg?: unknown): Promise<void> {
  const uri = targetUri(arg);
  if (!uri) {
    void vscode.window.showErrorMessage('Reopen as saved-state editor: open or select a file first.');
    return;
  }
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE_ANY);
}

// ---- trace export ------------------------------------------------------------------------------

async function analysisFor(uri: vscode.Uri): Promise<WireAnalysis> {
  const open = await editorsRef?.analysisOf(uri);
  if (open) return open;
  if (isText(uri)) {
    const { text, unsaved } = await textOf(uri);
    return (await analyzeContent(clientRef, uri, new TextEncoder().encode(text), unsaved, 'auto')).analysis;
  }
  const { bytes, unsaved } = await binaryBytes(uri);
  return (await analyzeContent(clientRef, uri, bytes, unsaved, 'binary')).analysis;
}

export async function exportTrace(arg?: unknown, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = targetUri(arg);
  if (!uri) {
    void vscode.window.showErrorMessage('Export restore trace: open or select a saved-state file first.');
    return undefined;
  }
  const analysis = await analysisFor(uri);
  const name = baseName(uri);
  const dest =
    (target instanceof vscode.Uri ? target : undefined) ??
    (await vscode.window.showSaveDialog({
      ...(uri.scheme === 'file' ? { defaultUri: vscode.Uri.joinPath(uri, '..', `${name}.trace.json`) } : {}),
      saveLabel: 'Export trace',
      filters: { JSON: ['json'], Text: ['txt', 'log'] },
    }));
  if (!dest) return undefined;
  const content = /\.json$/i.test(dest.path) ? traceJson(analysis, name) : traceText(analysis, name);
  await writeUriAtomic(dest, new TextEncoder().encode(content), { fs: vscode.workspace.fs });
  void vscode.window
    .showInformationMessage(
      `Restore trace of ${name} (${analysis.outcome.statusName}) written to ${baseName(dest)}.`,
      'Open',
    )
    .then((c) => {
      if (c === 'Open') void vscode.window.showTextDocument(dest);
    });
  return dest;
}

let clientRef: BaseLanguageClient | undefined;
/** The open saved-state editors (their unsaved bytes and fresh analyses win over the disk). */
let editorsRef: EditorRegistry | undefined;

export function registerCommands(
  context: vscode.ExtensionContext,
  client: BaseLanguageClient | undefined,
  editors: EditorRegistry,
): void {
  clientRef = client;
  editorsRef = editors;
  const textForms = new TextFormProvider();
  const guard =
    <A extends unknown[], R>(name: string, fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R | undefined> => {
      try {
        return await fn(...a);
      } catch (e) {
        void vscode.window.showErrorMessage(`${name}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    };
  context.subscriptions.push(
    textForms,
    vscode.workspace.registerTextDocumentContentProvider(TEXT_SCHEME, textForms),
    vscode.commands.registerCommand('vmbstate.convertToText', guard('Convert to text', convertToText)),
    vscode.commands.registerCommand('vmbstate.convertToBinary', guard('Convert to binary', convertToBinary)),
    vscode.commands.registerCommand('vmbstate.openTextToSide', guard('Open text form', openTextToSide)),
    vscode.commands.registerCommand('vmbstate.reopenAsEditor', guard('Reopen as saved-state editor', reopenAsEditor)),
    vscode.commands.registerCommand('vmbstate.exportTrace', guard('Export restore trace', exportTrace)),
    vscode.commands.registerCommand(
      'vmbstate.generateFailureFixtures',
      guard('Generate failure fixtures', generateFailureFixturesCommand),
    ),
    vscode.commands.registerCommand('vmbstate.exportTestData', guard('Export test data', exportTestDataCommand)),
  );
  context.subscriptions.push(editors.onDidChangeBytes((u) => textForms.binaryChanged(u)));
}
