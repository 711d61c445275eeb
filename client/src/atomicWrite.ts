// Every file the extension writes (conversions, trace export, the saved-state editor's save,
// save as and backup) goes through here, so a failed write never leaves a half-written target.
// Pure of `vscode` at run time (the fs is passed in), so the logic is unit-tested in plain Node.

import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../../core/src/node/files';

/** The part of a vscode.Uri used here. */
export interface UriLike {
  readonly scheme: string;
  readonly path: string;
  readonly fsPath: string;
  with(change: { path: string }): UriLike;
  toString(): string;
}

/** The part of vscode.workspace.fs used here. */
export interface UriFileSystem {
  writeFile(uri: UriLike, content: Uint8Array): PromiseLike<void>;
  rename(source: UriLike, target: UriLike, options: { overwrite: boolean }): PromiseLike<void>;
  delete(uri: UriLike): PromiseLike<void>;
}

export interface AtomicWriteDeps {
  fs: UriFileSystem;
  /** For `file:` URIs: temp file in the same folder, fsync, rename (core's writeFileAtomic). */
  writeLocal?: (path: string, data: Uint8Array | readonly Uint8Array[]) => void;
}

let counter = 0;

function joinPieces(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A hidden sibling of the target, unique within this process. */
export function tempSibling<U extends UriLike>(target: U): U {
  const slash = target.path.lastIndexOf('/');
  const name = target.path.slice(slash + 1);
  const tag = `${(counter++).toString(36)}${Date.now().toString(36)}`;
  return target.with({ path: `${target.path.slice(0, slash + 1)}.${name}.${tag}.tmp` }) as U;
}

/**
 * Replaces `target` with `data` or leaves it as it was. `file:` URIs use writeFileAtomic; other
 * schemes write a temporary sibling through the workspace fs, then rename it over the target,
 * removing the sibling when anything fails.
 */
export async function writeUriAtomic(
  target: UriLike,
  data: Uint8Array | readonly Uint8Array[],
  deps: AtomicWriteDeps,
): Promise<void> {
  if (target.scheme === 'file') {
    // Pieces (the saved-state editor's piece table) are written one after the other into the temporary file.
    (deps.writeLocal ?? writeFileAtomic)(target.fsPath, data);
    return;
  }
  const tmp = tempSibling(target);
  try {
    // The workspace fs takes one array: other schemes get the pieces joined.
    await deps.fs.writeFile(tmp, data instanceof Uint8Array ? data : joinPieces(data));
    await deps.fs.rename(tmp, target, { overwrite: true });
  } catch (e) {
    try {
      await deps.fs.delete(tmp);
    } catch {
      /* the temporary file may never have been created */
    }
    throw new Error(
      `${target.toString()}: cannot write: ${e instanceof Error ? e.message : String(e)}; the file was not changed`,
    );
  }
}

/** Bytes one write call of writeFileAtomicAsync hands the file system: the cancellation is looked at between them. */
export const ASYNC_WRITE_SLICE = 4 * 1024 * 1024;

/** Thrown by writeFileAtomicAsync when its cancellation was requested (the target is untouched, the temporary file removed). */
export class WriteCancelledError extends Error {
  constructor(target: string) {
    super(`${target}: the write was cancelled; the file was not changed`);
  }
}

/**
 * Replaces the local file `target` with `pieces` written one after the other, without blocking
 * the extension host: asynchronous writes of at most ASYNC_WRITE_SLICE bytes into a temporary
 * sibling, flushed to disk, then renamed over the target (atomic: the target is either as it was
 * or wholly the new bytes). `cancelled` is asked before each slice; once it says yes the temporary
 * file is removed and WriteCancelledError thrown. For hot exit's backups of large documents,
 * which VS Code asks for again (cancelling the older one) after each change.
 */
export async function writeFileAtomicAsync(
  target: string,
  pieces: readonly Uint8Array[],
  cancelled: () => boolean = () => false,
): Promise<void> {
  const tmp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${(counter++).toString(36)}${Date.now().toString(36)}.tmp`,
  );
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    if (cancelled()) throw new WriteCancelledError(target);
    file = await open(tmp, 'wx', 0o666);
    for (const piece of pieces)
      for (let at = 0; at < piece.length; at += ASYNC_WRITE_SLICE) {
        if (cancelled()) throw new WriteCancelledError(target);
        const slice = piece.subarray(at, Math.min(piece.length, at + ASYNC_WRITE_SLICE));
        let off = 0;
        while (off < slice.length) off += (await file.write(slice, off, slice.length - off)).bytesWritten;
      }
    await file.sync();
    await file.close();
    file = undefined;
    if (cancelled()) throw new WriteCancelledError(target);
    await rename(tmp, target);
  } catch (e) {
    await file?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    if (e instanceof WriteCancelledError) throw e;
    throw new Error(`${target}: cannot write: ${e instanceof Error ? e.message : String(e)}; the file was not changed`);
  }
}
