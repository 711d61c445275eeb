// Reads an input file with errors a person can act on, never a stack trace.

import { readFileSync, statSync } from 'node:fs';

export class InputError extends Error {}

export function readInput(path: string): Uint8Array {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
  if (st.isDirectory()) throw new InputError(`${path}: cannot read: is a directory`);
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read: ${code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
}
