// Edits the webview asks for, applied to the document as undoable byte edits: overwrite, insert,
// delete, a field's new value (resealed when Reseal on edit is on) and the quick fixes.

import * as vscode from 'vscode';
import type { EditorEntry } from './editorRegistry';
import type { EditorSettings } from './editorSettings';
import { deleteBytes, EditError, insertBytes, overwriteBytes, type ByteEdit } from './model/bytes';
import { editField, type FieldTarget } from './model/fieldValue';
import { chunkRanges, runQuickFix, type QuickFixId } from './model/quickFixes';
import { editFieldResealed } from './model/reseal';

export class EditorEdits {
  constructor(private readonly settings: EditorSettings) {}

  overwrite(entry: EditorEntry, offset: number, data: number[]): void {
    // Read through the store: typing never builds the whole document (O(pieces + edit)).
    entry.doc.applyEdit(overwriteBytes(entry.doc.store, offset, data));
  }

  insert(entry: EditorEntry, offset: number, data: number[]): void {
    entry.doc.applyEdit(insertBytes(entry.doc.store, offset, data));
  }

  delete(entry: EditorEntry, offset: number, length: number): void {
    const store = entry.doc.store;
    entry.doc.applyEdit(deleteBytes(store, offset, Math.min(length, store.size - offset)));
  }

  /**
   * A field edit from the tree: with resealing on, the field and the CRCs covering it in one
   * undoable edit (see model/reseal.ts); off, exactly the typed bytes. Throws EditError.
   */
  field(entry: EditorEntry, f: FieldTarget, value: string): void {
    const doc = entry.doc;
    if (!this.settings.reseal) {
      doc.applyEdit(editField(doc.bytes, f, value));
      return;
    }
    const r = editFieldResealed(doc.bytes, f, value, this.chunkRangesOf(entry));
    if (!r) return;
    doc.applyEdit(r.edit);
    if (r.skipped.length)
      void vscode.window.showWarningMessage(`Set ${f.name}: not resealed: ${r.skipped.join('; ')}.`);
  }

  /** Applies a quick fix; says so (and returns undefined) when there is nothing to fix or it cannot be applied. */
  quickFix(
    entry: EditorEntry,
    fix: QuickFixId,
    chunk?: number,
    extra: { at?: number; value?: number } = {},
  ): ByteEdit | undefined {
    const doc = entry.doc;
    const ranges = this.chunkRangesOf(entry);
    try {
      const e = runQuickFix(
        doc.bytes,
        { id: fix, ...(chunk !== undefined ? { chunk } : {}), ...extra },
        ranges,
        entry.analysis?.channel ?? {},
      );
      if (!e) {
        void vscode.window.showInformationMessage('Nothing to fix: the bytes already hold the computed values.');
        return undefined;
      }
      doc.applyEdit(e);
      return e;
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      void vscode.window.showWarningMessage(`Cannot apply the fix: ${err.message}`);
      return undefined;
    }
  }

  /** Chunk ranges from the analysis when it describes the current bytes, else from a fresh decode. */
  private chunkRangesOf(entry: EditorEntry): { start: number; end: number }[] {
    const doc = entry.doc;
    const fresh = entry.analysis && entry.analysisVersion === doc.version;
    return fresh
      ? entry.analysis!.calls.flatMap((c) => c.items.filter((i) => i.kind === 'chunk').map((i) => ({ ...i.bytes })))
      : chunkRanges(doc.bytes);
  }
}
