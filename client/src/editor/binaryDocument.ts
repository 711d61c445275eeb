// The editable CustomDocument of the binary editor: the bytes (ByteStore), save / save as /
// revert / backup, the edit events VS Code turns into its undo stack, and watching the file on
// disk. It never drops unsaved edits: a change on disk reloads only a clean document, and asks
// otherwise.

import * as vscode from 'vscode';
import { writeFileAtomicAsync, writeUriAtomic, WriteCancelledError } from '../atomicWrite';
import { ByteStore, editExtent, type ByteEdit } from './model/bytes';
import { readDocumentBytes } from './readDocumentBytes';

export interface ContentChange {
  /** Bytes from this offset on may have changed (everything after it, when the size changed). */
  from: number;
  /** When the size did not change: only bytes before this offset changed. */
  to?: number;
  /** Where the caret goes (undo/redo/quick fix). */
  select?: { start: number; end: number };
  reason: 'edit' | 'undo' | 'redo' | 'revert' | 'reload';
}

export type DiskState = 'same' | 'changed' | 'deleted';

export class BinaryDocument implements vscode.CustomDocument {
  static async create(
    uri: vscode.Uri,
    backupId: string | undefined,
    untitledData?: Uint8Array,
  ): Promise<BinaryDocument> {
    let bytes: Uint8Array;
    let fromBackup = false;
    if (backupId) {
      bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(backupId));
      fromBackup = true;
    } else if (untitledData) {
      bytes = untitledData;
    } else if (uri.scheme === 'untitled') {
      bytes = new Uint8Array();
    } else {
      bytes = await readDocumentBytes(uri);
    }
    const doc = new BinaryDocument(uri, bytes);
    doc.diskMtime = await doc.statMtime();
    // A backup holds unsaved edits (hot exit): the document starts dirty relative to the file.
    doc.restoredFromBackup = fromBackup;
    return doc;
  }

  readonly store: ByteStore;
  /** Modification time of the file as last read or written by us. */
  diskMtime: number | undefined;
  diskState: DiskState = 'same';
  restoredFromBackup = false;

  private readonly _onDidDispose = new vscode.EventEmitter<void>();
  readonly onDidDispose = this._onDidDispose.event;
  /** For the provider: forwarded as onDidChangeCustomDocument (VS Code's undo stack and dirty state). */
  private readonly _onDidEdit = new vscode.EventEmitter<vscode.CustomDocumentEditEvent<BinaryDocument>>();
  readonly onDidEdit = this._onDidEdit.event;
  /** For the webviews and the analysis: the bytes changed. */
  private readonly _onDidChangeContent = new vscode.EventEmitter<ContentChange>();
  readonly onDidChangeContent = this._onDidChangeContent.event;
  private readonly _onDidChangeDisk = new vscode.EventEmitter<DiskState>();
  readonly onDidChangeDisk = this._onDidChangeDisk.event;
  private watcher: vscode.FileSystemWatcher | undefined;
  private saving = false;

  private constructor(
    readonly uri: vscode.Uri,
    bytes: Uint8Array,
  ) {
    this.store = new ByteStore(bytes);
    this.watch();
  }

  get bytes(): Uint8Array {
    return this.store.bytes;
  }
  get version(): number {
    return this.store.version;
  }
  /** The document's length, without building its bytes. */
  get size(): number {
    return this.store.size;
  }
  /** Whether the bytes may differ from the file on disk. */
  get unsaved(): boolean {
    return this.store.dirty || this.restoredFromBackup || this.diskState !== 'same' || this.uri.scheme !== 'file';
  }
  get fileName(): string {
    return this.uri.path.split('/').pop() ?? this.uri.toString();
  }

  /** Apply a user edit and announce it to VS Code's undo stack. */
  applyEdit(edit: ByteEdit): void {
    this.store.apply(edit);
    const ext = editExtent(edit);
    const from = ext.start;
    const span = ext.resized ? {} : { to: ext.end };
    this._onDidChangeContent.fire({
      from,
      ...span,
      ...(edit.selectionAfter ? { select: edit.selectionAfter } : {}),
      reason: 'edit',
    });
    this._onDidEdit.fire({
      document: this,
      label: edit.label,
      undo: () => {
        if (this.store.undo(edit))
          this._onDidChangeContent.fire({
            from,
            ...span,
            ...(edit.selectionBefore ? { select: edit.selectionBefore } : {}),
            reason: 'undo',
          });
      },
      redo: () => {
        if (this.store.redo(edit))
          this._onDidChangeContent.fire({
            from,
            ...span,
            ...(edit.selectionAfter ? { select: edit.selectionAfter } : {}),
            reason: 'redo',
          });
      },
    });
  }

  async save(cancellation?: vscode.CancellationToken): Promise<void> {
    await this.saveAs(this.uri, cancellation);
    this.store.markSaved();
    this.restoredFromBackup = false;
    this.diskState = 'same';
    this._onDidChangeDisk.fire('same');
  }

  async saveAs(target: vscode.Uri, cancellation?: vscode.CancellationToken): Promise<void> {
    if (cancellation?.isCancellationRequested) return;
    const same = target.toString() === this.uri.toString();
    if (same) this.saving = true;
    try {
      // Atomic: a failed save (disk full) leaves the file on disk as it was. A local file gets the
      // pieces written one after the other into the temporary file (never the document built whole).
      await writeUriAtomic(target, this.store.pieces, { fs: vscode.workspace.fs });
      if (same) this.diskMtime = await this.statMtime();
    } finally {
      // The watcher fires after the write; ignore our own write for a moment.
      if (same) setTimeout(() => (this.saving = false), 500);
    }
  }

  async revert(_cancellation?: vscode.CancellationToken): Promise<void> {
    const bytes = this.uri.scheme === 'untitled' ? new Uint8Array() : await readDocumentBytes(this.uri);
    this.store.reset(bytes);
    this.restoredFromBackup = false;
    this.diskMtime = await this.statMtime();
    this.diskState = 'same';
    this._onDidChangeDisk.fire('same');
    this._onDidChangeContent.fire({ from: 0, reason: 'revert' });
  }

  async backup(destination: vscode.Uri, cancellation: vscode.CancellationToken): Promise<vscode.CustomDocumentBackup> {
    if (destination.scheme === 'file') {
      // Hot exit backs up after each change: a 100 MB document is streamed to a temporary file in
      // slices and renamed (never a synchronous 100 MB write holding up typing); VS Code cancels
      // an older backup when it asks for a newer one, which stops the write and removes the file.
      // Bytes overwritten in place while it runs may reach it; VS Code backs up again after that edit.
      try {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(destination, '..'));
        await writeFileAtomicAsync(destination.fsPath, this.store.pieces, () => cancellation.isCancellationRequested);
      } catch (e) {
        if (e instanceof WriteCancelledError) throw new vscode.CancellationError();
        throw e;
      }
    } else await this.saveAs(destination, cancellation);
    return {
      id: destination.toString(),
      // VS Code calls delete() without awaiting it: a backup already gone is fine.
      delete: () => {
        void Promise.resolve(vscode.workspace.fs.delete(destination)).catch(() => undefined);
      },
    };
  }

  private async statMtime(): Promise<number | undefined> {
    if (this.uri.scheme === 'untitled') return undefined;
    try {
      return (await vscode.workspace.fs.stat(this.uri)).mtime;
    } catch {
      return undefined;
    }
  }

  private watch(): void {
    if (this.uri.scheme !== 'file') return;
    const dir = vscode.Uri.joinPath(this.uri, '..');
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, this.fileName));
    const check = async () => {
      if (this.saving) return;
      const mtime = await this.statMtime();
      if (mtime === undefined) {
        this.setDisk('deleted');
        return;
      }
      if (mtime === this.diskMtime) return;
      this.setDisk('changed');
    };
    this.watcher.onDidChange(check);
    this.watcher.onDidCreate(check);
    this.watcher.onDidDelete(() => this.setDisk('deleted'));
  }

  private setDisk(s: DiskState): void {
    if (this.diskState === s && s !== 'changed') return;
    this.diskState = s;
    this._onDidChangeDisk.fire(s);
  }

  /** Reload a clean document from disk (the caller decides; a dirty one goes through VS Code's revert). */
  async reloadFromDisk(): Promise<void> {
    await this.revert();
  }

  /** The user chose to keep their edits over the changed file: remember the disk's version as seen. */
  async keepEdits(): Promise<void> {
    this.diskMtime = await this.statMtime();
    this.diskState = 'same';
    // The bytes still differ from the disk: analysis must send them.
    this.restoredFromBackup = true;
    this._onDidChangeDisk.fire('same');
  }

  dispose(): void {
    this.watcher?.dispose();
    this._onDidDispose.fire();
    this._onDidDispose.dispose();
    this._onDidEdit.dispose();
    this._onDidChangeContent.dispose();
    this._onDidChangeDisk.dispose();
  }
}
