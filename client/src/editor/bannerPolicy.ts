// The banners above the hex view (empty file, not a saved-state stream, analysis failed, deleted
// on disk, reloaded) and what the editor does when its file changes on disk: reload when there are
// no unsaved edits, else ask (banner and notification) whether to reload or keep the edits.

import * as vscode from 'vscode';
import { MAGIC_BYTES } from '../../../core/src';
import type { ContentChange, DiskState } from './binaryDocument';
import { post, type EditorEntry } from './editorRegistry';

export class BannerPolicy {
  /** Works the banners out again from the entry's bytes, analysis and disk state, and sends them. */
  refresh(entry: EditorEntry | undefined): void {
    if (!entry) return;
    const b = entry.banners;
    // The first 4 bytes only: banners are worked out on every edit, and must not build the document.
    const bytes = entry.doc.store.slice(0, 4); // a 3-byte file gives 3
    b.delete('empty');
    b.delete('not-saved-state');
    b.delete('analysis-failed');
    if (bytes.length === 0) {
      b.set('empty', {
        id: 'empty',
        kind: 'info',
        text: 'This file is empty (0 bytes). Click the insertion point and type hex digits, or paste hex, to author a stream; or convert a .vmbhex text to binary.',
      });
    } else if (bytes.length < 4 || MAGIC_BYTES.some((m, i) => bytes[i] !== m)) {
      const head = Array.from(bytes.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
      b.set('not-saved-state', {
        id: 'not-saved-state',
        kind: 'warning',
        text: `This file is not a VMBus saved-state stream: a stream starts with the chunk magic "VBSC" (56 42 53 43), this one with ${head || 'nothing'}. The bytes are shown as they are; the emulated restore rejects them.`,
      });
    }
    if (entry.analysisError)
      b.set('analysis-failed', {
        id: 'analysis-failed',
        kind: 'error',
        text: `The analysis failed: ${entry.analysisError}`,
      });
    if (entry.doc.diskState === 'deleted') {
      b.set('disk-deleted', {
        id: 'disk-deleted',
        kind: 'warning',
        text: 'The file was deleted on disk. Your bytes are kept here; Save writes them back.',
      });
    } else b.delete('disk-deleted');
    if (b.has('reloaded') && entry.doc.store.dirty) b.delete('reloaded');
    post(entry, { type: 'banners', banners: [...b.values()] });
  }

  /** The bytes changed: a revert or reload settles a disk change. */
  contentChanged(entry: EditorEntry, c: ContentChange): void {
    if (c.reason === 'revert' || c.reason === 'reload') entry.banners.delete('disk-changed');
    this.refresh(entry);
  }

  async diskChanged(entry: EditorEntry, state: DiskState): Promise<void> {
    const doc = entry.doc;
    if (state === 'changed') {
      if (!doc.store.dirty && !doc.restoredFromBackup) {
        await doc.reloadFromDisk();
        entry.banners.set('reloaded', {
          id: 'reloaded',
          kind: 'info',
          text: 'The file changed on disk and was reloaded (you had no unsaved edits).',
        });
      } else {
        entry.banners.set('disk-changed', {
          id: 'disk-changed',
          kind: 'warning',
          text: 'The file changed on disk while you have unsaved edits. Reload discards your edits; Keep keeps them (Save then overwrites the file).',
          actions: [
            { id: 'reload', title: 'Reload from disk' },
            { id: 'keep', title: 'Keep my edits' },
          ],
        });
        void vscode.window
          .showWarningMessage(
            `${doc.fileName} changed on disk while you have unsaved edits in the saved-state editor.`,
            'Reload from Disk',
            'Keep My Edits',
          )
          .then((choice) => {
            if (choice === 'Reload from Disk') void this.action(entry, 'reload');
            else if (choice === 'Keep My Edits') void this.action(entry, 'keep');
          });
      }
    } else if (state === 'same') {
      entry.banners.delete('disk-changed');
    }
    this.refresh(entry);
  }

  /** A banner's button (or the notification's): reload from disk, keep the edits, or dismiss. */
  async action(entry: EditorEntry, id: string): Promise<void> {
    if (!entry.banners.has('disk-changed') && (id === 'reload' || id === 'keep')) return;
    if (id === 'reload') {
      // Through VS Code's revert, so its undo stack and dirty state follow.
      const panel = [...entry.panels][0];
      if (panel) {
        panel.reveal(panel.viewColumn, false);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      if (entry.doc.diskState !== 'same') await entry.doc.reloadFromDisk();
      entry.banners.delete('disk-changed');
    } else if (id === 'keep') {
      await entry.doc.keepEdits();
      entry.banners.delete('disk-changed');
    } else {
      entry.banners.delete(id);
    }
    this.refresh(entry);
  }
}
