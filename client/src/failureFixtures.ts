// "Generate Failure Fixtures…" (vmbstate.generateFailureFixtures): from a saved state that
// restores cleanly, the failure fixtures `vmbstate mutate` writes (core's generator), into a folder.

import * as vscode from 'vscode';
import { decodeDocument, generateFailureFixtures } from '../../core/src';
import { bufferingOf, channelOf } from '../../protocol/src';
import { writeUriAtomic } from './atomicWrite';
import { baseName, binaryBytes, isText, targetUri, textOf } from './commands';
import { currentSettings } from './serverBridge';

/** `folder`: where to write (programmatic and test use); else a folder picked in a dialog. Returns the files written. */
export async function generateFailureFixturesCommand(
  arg?: unknown,
  folder?: vscode.Uri,
): Promise<vscode.Uri[] | undefined> {
  const uri = targetUri(arg);
  if (!uri) {
    void vscode.window.showErrorMessage(
      'Generate failure fixtures: open or select a saved-state file that restores cleanly first.',
    );
    return undefined;
  }
  const bytes = isText(uri) ? new TextEncoder().encode((await textOf(uri)).text) : (await binaryBytes(uri)).bytes;
  const settings = currentSettings();
  const doc = decodeDocument(uri.path, bytes, { buffering: bufferingOf(settings), channel: channelOf(settings) });
  // Throws (shown by the command guard) when the file does not restore cleanly, saying why.
  const made = generateFailureFixtures(doc, baseName(uri));
  const dest =
    folder ??
    (
      await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        ...(uri.scheme === 'file' ? { defaultUri: vscode.Uri.joinPath(uri, '..') } : {}),
        openLabel: 'Write fixtures here',
        title: `Folder for the ${made.fixtures.length} failure fixtures of ${baseName(uri)}`,
      })
    )?.[0];
  if (!dest) return undefined;
  const written: vscode.Uri[] = [];
  for (const f of made.fixtures) {
    const target = vscode.Uri.joinPath(dest, f.fileName);
    await writeUriAtomic(target, new TextEncoder().encode(f.text), { fs: vscode.workspace.fs });
    written.push(target);
  }
  const skipped = made.skipped.filter((s) => !s.code.startsWith('TEXT-')).map((s) => `${s.code} (${s.reason})`);
  void vscode.window.showInformationMessage(
    `${written.length} failure fixtures of ${baseName(uri)} written to ${baseName(dest)}.` +
      (skipped.length ? ` Not generated: ${skipped.join('; ')}; TEXT-* codes are errors of the text itself.` : ''),
  );
  return written;
}
