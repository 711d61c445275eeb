// Work on files and bytes the client sends (custom editor, debugger, commands): analyse,
// disassemble, assemble. Pure functions of their arguments, run inline or in a one-shot worker.

import { analyze } from '../../core/src/analyze';
import { toWire, type WireAnalysis } from '../../core/src/wire';
import { assemble, decodeFile, disassemble } from './bridge';
import { internalFailure } from './context';
import type { AssembleResult, DisassembleResult } from './protocol';
import { bufferingOf, type ServerSettings } from './settings';
import { describeTextToBinary } from '../../core/src/conversion';

export function analyzeBytesJob(fileName: string, bytes: Uint8Array, settings: ServerSettings): WireAnalysis {
  let a;
  try {
    a = analyze(decodeFile(fileName, bytes, settings));
  } catch (e) {
    a = internalFailure(undefined, e);
  }
  const w = toWire(a);
  w.problems = w.problems.filter((p) => settings.warnUnknownOptionalChunks || p.code !== 'WARN-OPTIONAL-TYPE').slice(0, settings.maxProblems);
  return w;
}

export function disassembleJob(bytes: Uint8Array, settings: ServerSettings): DisassembleResult {
  return { text: disassemble(bytes, settings) };
}

/** With `settings`, also what the binary keeps of the text under their buffering (the convert command says it). */
export function assembleJob(text: string, settings?: ServerSettings): AssembleResult {
  const a = assemble(text);
  if (a.errors.length) return { errors: a.errors };
  const note = settings ? describeTextToBinary(text, a.calls, a.bytes, bufferingOf(settings)) : undefined;
  return { contentBase64: Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength).toString('base64'), errors: [], ...(note ? { note } : {}) };
}

export const JOBS = {
  analyzeBytes: analyzeBytesJob,
  disassemble: disassembleJob,
  assemble: assembleJob,
} as const;

export type JobName = keyof typeof JOBS;
