// Node-only file access shared by the CLI, the language server and the debugger (the one place in
// core that imports Node built-ins; the browser-safe barrel does not export it): guarded reads that
// refuse what would hang or exhaust memory, and writes that never leave a half-written target.

import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  fstatSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { formatByteLimit, inputLimit } from '../limits';

/** A read or write refused or failed, with a message that names the file and the reason. */
export class FileAccessError extends Error {
  override readonly name = 'FileAccessError';
}

const reason = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return (e as Error).message;
  }
};

/**
 * Reads a whole input file. Refuses anything that is not a regular file (a FIFO or a device would
 * block or never end) and files above the form's limit, before reading a byte. The file is opened
 * non-blocking and re-checked on the open descriptor, so a path swapped for a FIFO cannot hang it.
 * `limit` is the form's limit unless a caller (a test) passes a smaller one.
 */
export function readInputFile(path: string, form: 'binary' | 'text', limit = inputLimit(form)): Uint8Array {
  return withGuardedFile(path, form, limit, (fd, size) => {
    const out = new Uint8Array(size);
    let got = 0;
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, null);
      if (n === 0) break; // the file shrank while being read: return what is there
      got += n;
    }
    return got === out.length ? out : out.subarray(0, got);
  });
}

/**
 * A text file read as readInputFile reads it (same refusals and limit), decoded as UTF-8 exactly
 * as `new TextDecoder('utf-8').decode` decodes its bytes (invalid sequences replaced by U+FFFD, a
 * leading byte order mark dropped), without its bytes outliving the call: Node reads and decodes
 * them outside the JavaScript heap, so a large text is not held twice until a collection.
 */
export function readTextInputFile(path: string, limit = inputLimit('text')): string {
  return withGuardedFile(path, 'text', limit, (fd) => {
    const text = readFileSync(fd, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  });
}

/**
 * Opens `path` for reading and calls `read` with the descriptor and the size. Refuses anything
 * that is not a regular file (a FIFO or a device would block or never end) and files above the
 * form's limit, before reading a byte. The file is opened non-blocking and re-checked on the open
 * descriptor, so a path swapped for a FIFO cannot hang it.
 */
function withGuardedFile<T>(
  path: string,
  form: 'binary' | 'text',
  limit: number,
  read: (fd: number, size: number) => T,
): T {
  let fd: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new FileAccessError(`${path}: cannot read: is a directory`);
    if (!st.isFile())
      throw new FileAccessError(
        `${path}: cannot read: not a regular file (a pipe, socket or device); save the stream to a file first`,
      );
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (e instanceof FileAccessError) throw e;
    throw new FileAccessError(`${path}: cannot read: ${reason(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileAccessError(`${path}: cannot read: not a regular file`);
    if (st.size > limit) {
      throw new FileAccessError(
        `${path}: cannot read: ${st.size} bytes is more than the ${formatByteLimit(limit)} limit for ${form === 'text' ? 'a .vmbhex text file' : 'a binary saved-state stream'}`,
      );
    }
    return read(fd, st.size);
  } catch (e) {
    if (e instanceof FileAccessError) throw e;
    throw new FileAccessError(`${path}: cannot read: ${reason(e)}`);
  } finally {
    closeSync(fd);
  }
}

/** Whether two paths name the same file (same device and inode), when both exist. */
export function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

let tmpCounter = 0;

/**
 * Writes a file so that the target is either untouched or wholly replaced: the data goes to a
 * temporary file in the same folder, is flushed to disk, then renamed over the target. On any
 * failure the temporary file is removed and the target keeps its old content. `data` may be
 * bytes or a sequence of pieces (so large outputs are written without joining them first).
 */
export function writeFileAtomic(target: string, data: Uint8Array | string | Iterable<Uint8Array | string>): void {
  // A symbolic link is followed (the file it names is replaced, the link stays), and the new file
  // keeps the old one's permissions, as an in-place write would.
  let mode: number | undefined;
  try {
    target = realpathSync(target);
    mode = statSync(target).mode & 0o7777;
  } catch {
    /* a new file: created with the default permissions */
  }
  const tmp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${(tmpCounter++).toString(36)}${Date.now().toString(36)}.tmp`,
  );
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o666);
    if (mode !== undefined) fchmodSync(fd, mode);
    const pieces = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing: the original error is the one to report */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file may not exist */
    }
    if (e instanceof FileAccessError) throw e;
    throw new FileAccessError(`${target}: cannot write: ${reason(e)}; the file was not changed`);
  }
}
