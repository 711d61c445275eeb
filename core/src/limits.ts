// Input size limits shared by every reader (CLI, language server, debugger, editor), so that what
// one part of vmbstate writes another can read back (docs/format.md §8 "Limits").

/** Largest binary stream: a binary input, and the stream a text file may assemble (TEXT-LIMIT). */
export const MAX_STREAM_BYTES = 256 * 1024 * 1024;

/** Largest `.vmbhex` input; a binary whose disassembly would be longer cannot be converted to text. */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** Most problems collected for one document; past it one final finding counts the rest. */
export const MAX_COLLECTED_PROBLEMS = 10_000;

/** Input limit for a file of the given form. */
export const inputLimit = (form: 'binary' | 'text'): number => (form === 'text' ? MAX_TEXT_BYTES : MAX_STREAM_BYTES);

/** "256 MiB" for a byte count that is a whole number of MiB, else the count in bytes. */
export function formatByteLimit(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}
