// Reads an input file with errors a person can act on, never a stack trace: regular files only
// (a FIFO or a device is refused before it can block), within the size limit of the file's form.

import { isTextFileName, withUtf8Problem, type Problem } from '../../core/src';
import { FileAccessError, readInputFile, readTextInputFile } from '../../core/src/node/files';

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

/**
 * A `.vmbhex` file as a string (as decodeUtf8 decodes its bytes), with where it is not valid
 * UTF-8. Only the string outlives the read: the bytes are freed at once (docs/format.md §8.3).
 */
export function readTextInput(path: string, limit?: number): { text: string; problem?: Problem } {
  try {
    return withUtf8Problem(readTextInputFile(path, limit));
  } catch (e) {
    if (e instanceof FileAccessError) throw new InputError(e.message);
    throw e;
  }
}
