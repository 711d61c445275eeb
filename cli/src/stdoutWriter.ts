// The CLI's standard output with back-pressure: synchronous writes that wait while a pipe is full,
// so a slow reader (`vmbstate dump … | less`) holds the CLI back instead of Node queueing the whole
// output in memory (process.stdout is asynchronous on a POSIX pipe).

import { writeSync } from 'node:fs';

/** How long to sleep before writing again to a full pipe. */
const FULL_PIPE_WAIT_MS = 2;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd`, waiting while the descriptor would block (a full non-blocking
 * pipe answers EAGAIN). When the reader is gone (EPIPE: `… | head`) `onClosed` decides what happens.
 */
export function writeAllSync(fd: number, text: string, onClosed: () => void): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, FULL_PIPE_WAIT_MS);
      else if (code === 'EPIPE') return onClosed();
      else throw e;
    }
  }
}
