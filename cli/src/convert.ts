// `vmbstate convert IN OUT`: binary <-> hex-annotated text. The output form follows OUT's name.
// OUT is written atomically (temp file, flush, rename), text in pieces as it is produced; OUT may
// not be IN unless --force; what a text input's author wrote beyond the bytes is named on stderr.

import { resolve } from 'node:path';
import {
  formatByteLimit,
  isTextFileName,
  MAX_TEXT_BYTES,
  text,
  authoredContent,
  describeAuthored,
  isOrAre,
} from '../../core/src';
import { FileAccessError, sameFile, writeFileAtomic } from '../../core/src/node/files';
import type { CliOptions } from './args';
import { InputError, readInput, readTextInput } from './readInput';

export interface ConvertLimits {
  /** Longest text OUT may be (the .vmbhex input limit, so the text can be read back). */
  maxTextBytes: number;
  /** Largest input; the form's limit when absent. */
  maxInputBytes?: number;
}

const DEFAULT_LIMITS: ConvertLimits = { maxTextBytes: MAX_TEXT_BYTES };

export function runConvert(
  o: CliOptions,
  out: (s: string) => void,
  err: (s: string) => void,
  limits: ConvertLimits = DEFAULT_LIMITS,
): number {
  const [input, output] = o.files;
  const onItself = resolve(input) === resolve(output) || sameFile(input, output);
  if (onItself && !o.force) {
    throw new InputError(
      `${output} is ${input} itself (the same file): converting would replace the input with its conversion. Choose another OUT, or pass --force to replace it`,
    );
  }
  const toText = isTextFileName(output);
  let stream: Uint8Array;
  if (isTextFileName(input)) {
    // Only the string is kept of the file's bytes; the bytes are assembled without a source map:
    // every error shown is the parser's, with its own line and column (docs/format.md §8.3).
    const decoded = readTextInput(input, limits.maxInputBytes);
    if (decoded.problem)
      throw new InputError(
        `${input}:${decoded.problem.text!.start.line + 1}:${decoded.problem.text!.start.character + 1}: ${decoded.problem.message}`,
      );
    const asm = text.assembleText(decoded.text, { sourceMap: false });
    const errors = asm.problems.filter((p) => p.severity === 'error');
    if (errors.length) {
      for (const p of errors)
        err(
          `${input}:${(p.text?.start.line ?? 0) + 1}:${(p.text?.start.character ?? 0) + 1}: error: [${p.code}] ${p.message}`,
        );
      err(`vmbstate: ${input} has ${errors.length} error(s); nothing written`);
      return 1;
    }
    stream = asm.bytes;
    // Never rewrite what an author wrote without saying so.
    const lost = describeAuthored(authoredContent(decoded.text));
    if (lost)
      err(
        `note: ${input}: ${toText ? 'the disassembly' : 'the binary'} keeps the bytes only; ${lost} ${isOrAre(lost)} not kept${onItself ? ` (${output} is replaced, --force)` : ''}`,
      );
    else if (onItself) err(`note: ${input} is replaced by its conversion (--force)`);
  } else {
    stream = readInput(input, limits.maxInputBytes);
    if (onItself) err(`note: ${input} is replaced by its conversion (--force)`);
  }
  const written = toText ? writeText(output, stream, o, limits.maxTextBytes) : writeBinary(output, stream);
  out(`${input} → ${output} (${toText ? 'text' : 'binary'}, ${written} bytes)`);
  return 0;
}

function writeBinary(output: string, bytes: Uint8Array): number {
  writeFileAtomic(output, bytes);
  return bytes.length;
}

/** Streams the disassembly to a temporary file; past the text limit it stops and OUT stays as it was. */
function writeText(output: string, stream: Uint8Array, o: CliOptions, maxTextBytes: number): number {
  let total = 0;
  function* encoded(): Generator<Uint8Array> {
    for (const piece of text.disassembleInPieces(stream, { buffering: o.buffering })) {
      const b = Buffer.from(piece, 'utf8');
      total += b.length;
      if (total > maxTextBytes) {
        throw new FileAccessError(
          `${output}: not written: the text form of this ${stream.length}-byte stream is longer than ${formatByteLimit(maxTextBytes)}, the limit for a .vmbhex file, so it could not be read back; keep the binary form, or convert a shorter stream`,
        );
      }
      yield b;
    }
  }
  writeFileAtomic(output, encoded());
  return total;
}
