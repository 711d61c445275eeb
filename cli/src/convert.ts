// `vmbstate convert IN OUT`: binary <-> hex-annotated text. The output form follows OUT's name.

import { writeFileSync } from 'node:fs';
import { decodeUtf8, isTextFileName, text } from '../../core/src';
import type { CliOptions } from './args';
import { InputError, readInput } from './readInput';

export function runConvert(o: CliOptions, out: (s: string) => void, err: (s: string) => void): number {
  const [input, output] = o.files;
  const bytes = readInput(input);
  const toText = isTextFileName(output);
  let result: Uint8Array | string;
  if (isTextFileName(input)) {
    const decoded = decodeUtf8(bytes);
    if (decoded.problem) throw new InputError(`${input}:${decoded.problem.text!.start.line + 1}:${decoded.problem.text!.start.character + 1}: ${decoded.problem.message}`);
    const asm = text.assembleText(decoded.text);
    const errors = asm.problems.filter((p) => p.severity === 'error');
    if (errors.length) {
      for (const p of errors) err(`${input}:${(p.text?.start.line ?? 0) + 1}:${(p.text?.start.character ?? 0) + 1}: error: [${p.code}] ${p.message}`);
      err(`vmbstate: ${input} has ${errors.length} error(s); nothing written`);
      return 1;
    }
    result = toText ? text.disassemble(asm.bytes, { buffering: o.buffering }) : asm.bytes;
  } else {
    result = toText ? text.disassemble(bytes, { buffering: o.buffering }) : bytes;
  }
  try {
    writeFileSync(output, result);
  } catch (e) {
    throw new InputError(`${output}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  out(`${input} → ${output} (${toText ? 'text' : 'binary'}, ${typeof result === 'string' ? Buffer.byteLength(result) : result.length} bytes)`);
  return 0;
}
