// Reads an input file with errors a person can act on, never a stack trace: regular files only
// (a FIFO or a device is refused before it can block), within the size limit of the file's form.

import { isTextFileName } from '../../core/src';
import { FileAccessError, readInputFile } from '../../core/src/node/files';

/** A file that cannot be read or written: exit status 2. */
export class InputError extends Error {}

/** The form follows the name: `.vmbhex` is text, anything else a binary stream. */
export const formOf = (path: string): 'binary' | 'text' => (isTextFileName(path) ? 'text' : 'binary');

/** `limit` replaces the form's limit (tests use a small one). */
export function readInput(path: string, limit?: number): Uint8Array {
  try {
    return readInputFile(path, formOf(path), limit);
  } catch (e) {
    if (e instanceof FileAccessError) throw new InputError(e.message);
    throw e;
  }
}
