// The two sides of a comparison: a file (the open editor's unsaved content wins over the disk),
// the file as saved on disk, or the file at HEAD through the built-in git extension. Each side is
// decoded with the user's settings (buffering, channel) as the language server decodes it.

import * as vscode from 'vscode';
import { decodeDocument, formatByteLimit, inputLimit, type SavedStateDocument } from '../../../core/src';
import { bufferingOf, channelOf } from '../../../protocol/src';
import type { EditorRegistry } from '../editor/editorRegistry';
import { currentSettings } from '../serverBridge';

/** One side: what it is, where its places are revealed, and its decoded document. */
export interface CompareSide {
  label: string;
  /** The document whose bytes or lines a click reveals (a git: URI for HEAD). */
  uri: vscode.Uri;
  doc: SavedStateDocument;
}

export type SideVersion = 'current' | 'disk' | 'head';

export const baseName = (uri: vscode.Uri): string => uri.path.split('/').pop() ?? 'document';
export const isTextName = (uri: vscode.Uri): boolean => /\.vmbhex$/i.test(uri.path);

/** The git extension's API (version 1), the few members used here; undefined when git is absent or disabled. */
interface GitApi {
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
  getRepository(uri: vscode.Uri): { show(ref: string, path: string): Promise<string> } | null;
}

export async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ enabled?: boolean; getAPI(v: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (!exports || exports.enabled === false) return undefined;
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

export class SideError extends Error {}

function checkSize(uri: vscode.Uri, size: number): void {
  const limit = inputLimit(isTextName(uri) ? 'text' : 'binary');
  if (size > limit)
    throw new SideError(`${baseName(uri)} is ${size} bytes, over the limit of ${formatByteLimit(limit)}`);
}

async function diskBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) throw new SideError(`${baseName(uri)} is a folder`);
  checkSize(uri, stat.size);
  return vscode.workspace.fs.readFile(uri);
}

/** The bytes of one version of `uri`, and the label that says which version. */
async function versionBytes(
  uri: vscode.Uri,
  version: SideVersion,
  editors: EditorRegistry,
): Promise<{ bytes: Uint8Array; label: string; revealUri: vscode.Uri }> {
  const name = baseName(uri);
  if (version === 'head') {
    const git = await gitApi();
    if (!git) throw new SideError('the git extension is not available (absent or disabled)');
    const repo = git.getRepository(uri);
    if (!repo) throw new SideError(`${name} is not in a git repository that VS Code has open`);
    const gitUri = git.toGitUri(uri, 'HEAD');
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(gitUri);
    } catch {
      // Older git extensions serve HEAD only as text content.
      bytes = new TextEncoder().encode(await repo.show('HEAD', uri.fsPath));
    }
    checkSize(uri, bytes.length);
    return { bytes, label: `${name} @ HEAD`, revealUri: gitUri };
  }
  if (version === 'current') {
    const open = editors.bytesOf(uri);
    if (open) return { bytes: open.bytes, label: open.unsaved ? `${name} (unsaved)` : name, revealUri: uri };
    const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (text) {
      const bytes = new TextEncoder().encode(text.getText());
      checkSize(uri, bytes.length);
      return { bytes, label: text.isDirty ? `${name} (unsaved)` : name, revealUri: uri };
    }
  }
  return { bytes: await diskBytes(uri), label: version === 'disk' ? `${name} (on disk)` : name, revealUri: uri };
}

/** Reads and decodes one side; a file that cannot be read is a SideError naming it and why. */
export async function loadSide(uri: vscode.Uri, version: SideVersion, editors: EditorRegistry): Promise<CompareSide> {
  let v;
  try {
    v = await versionBytes(uri, version, editors);
  } catch (e) {
    if (e instanceof SideError) throw e;
    throw new SideError(`${baseName(uri)} could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const settings = currentSettings();
  // The form follows the file's name (a git: URI keeps the path), as everywhere else.
  const doc = decodeDocument(uri.path, v.bytes, { buffering: bufferingOf(settings), channel: channelOf(settings) });
  return { label: v.label, uri: v.revealUri, doc };
}
