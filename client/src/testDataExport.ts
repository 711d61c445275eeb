// "Export Restore Calls as Test Data…" (vmbstate.exportTestData): what `vmbstate export` writes
// (core's emitters) for the active or selected saved state, in a language picked from a list.

import * as vscode from 'vscode';
import {
  analyze,
  decodeDocument,
  EXPORT_LANGUAGES,
  exportLines,
  exportPlan,
  type ExportLanguage,
} from '../../core/src';
import { bufferingOf, channelOf } from '../../protocol/src';
import { writeUriAtomic } from './atomicWrite';
import { baseName, binaryBytes, isText, targetUri, textOf } from './commands';
import { currentSettings } from './serverBridge';

const EXTENSION: Record<ExportLanguage, string> = { c: '.h', rust: '.rs', python: '.py' };
const LABEL: Record<ExportLanguage, string> = { c: 'C (C11 header)', rust: 'Rust', python: 'Python 3' };

/** `lang` and `target`: programmatic and test use; else a quick pick and a save dialog. Returns the file written. */
export async function exportTestDataCommand(
  arg?: unknown,
  lang?: ExportLanguage,
  target?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const uri = targetUri(arg);
  if (!uri) {
    void vscode.window.showErrorMessage('Export test data: open or select a saved-state file first.');
    return undefined;
  }
  const language =
    lang ??
    (
      await vscode.window.showQuickPick(
        EXPORT_LANGUAGES.map((l) => ({ label: LABEL[l], lang: l })),
        { title: `Export the restore calls of ${baseName(uri)} as test data`, placeHolder: 'Language' },
      )
    )?.lang;
  if (!language) return undefined;
  const bytes = isText(uri) ? new TextEncoder().encode((await textOf(uri)).text) : (await binaryBytes(uri)).bytes;
  const settings = currentSettings();
  const doc = decodeDocument(uri.path, bytes, { buffering: bufferingOf(settings), channel: channelOf(settings) });
  const plan = exportPlan(analyze(doc), baseName(uri));
  const dest =
    target ??
    (await vscode.window.showSaveDialog({
      ...(uri.scheme === 'file'
        ? { defaultUri: vscode.Uri.joinPath(uri, '..', `${plan.stem}_restore_calls${EXTENSION[language]}`) }
        : {}),
      saveLabel: 'Export test data',
      filters: { [LABEL[language]]: [EXTENSION[language].slice(1)] },
    }));
  if (!dest) return undefined;
  const text = Array.from(exportLines(plan, language), (l) => l + '\n').join('');
  await writeUriAtomic(dest, new TextEncoder().encode(text), { fs: vscode.workspace.fs });
  void vscode.window.showInformationMessage(
    `${plan.calls.length} restore call(s) of ${baseName(uri)} written to ${baseName(dest)} (${LABEL[language]}).`,
  );
  return dest;
}
