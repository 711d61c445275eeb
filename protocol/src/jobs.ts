// The work on files and bytes that both runtimes do: the language server for the custom requests
// (inline or in a one-shot worker) and the extension host when the server is not there (not
// started, crashed, slow, or the input is better not sent over IPC). Analyse, disassemble,
// assemble: pure functions of their arguments and the `vmbstate.*` settings.

import {
  analyze,
  assembleText,
  decodeDocument,
  defaultChannelConfig,
  describeTextToBinary,
  disassemble as disassembleBytes,
  STATUS,
  toWire,
  type Analysis,
  type CallLayout,
  type Problem,
  type SavedStateDocument,
  type WireAnalysis,
  type WireOptions,
} from '../../core/src';
import type { AssembleResult, DisassembleResult } from './requests';
import { bufferingOf, channelOf, type ServerSettings } from './settings';

/** A file by name and content: `.vmbhex` is the text form, anything else a binary stream. */
export function decodeFile(fileName: string, content: Uint8Array, settings: ServerSettings): SavedStateDocument {
  return decodeDocument(fileName, content, { buffering: bufferingOf(settings), channel: channelOf(settings) });
}

export function disassemble(bytes: Uint8Array, settings: ServerSettings): string {
  return disassembleBytes(bytes, { buffering: bufferingOf(settings) });
}

export interface Assembled {
  bytes: Uint8Array;
  /** The calls as the text lays them out. */
  calls: CallLayout[];
  errors: { message: string; line: number; character: number }[];
}

export function assemble(source: string): Assembled {
  const a = assembleText(source);
  return {
    bytes: a.bytes,
    calls: a.calls,
    errors: a.problems
      .filter((p) => p.severity === 'error')
      .map((p) => ({
        message: `${p.code}: ${p.message}`,
        line: p.text?.start.line ?? 0,
        character: p.text?.start.character ?? 0,
      })),
  };
}

/** The analysis of a document core failed on (a bug): one TEXT-INTERNAL problem saying so. */
export function internalFailure(source: string | undefined, e: unknown): Analysis {
  const message = `Internal error while analysing this document (a bug: please report it): ${e instanceof Error ? e.message : String(e)}`;
  const problem: Problem = {
    code: 'TEXT-INTERNAL',
    severity: 'error',
    message,
    text: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
  const doc: SavedStateDocument = {
    form: source === undefined ? 'binary' : 'text',
    bytes: new Uint8Array(0),
    ...(source !== undefined ? { text: source } : {}),
    calls: [],
    chunks: [],
    steps: [],
    channel: defaultChannelConfig(),
    stream: { versionMajor: 1, versionMinor: 0, maxPayload: 0x10000 },
    problems: [problem],
  };
  return { doc, trace: [], outcome: { status: STATUS.STATUS_UNSUCCESSFUL, findings: [] }, problems: [problem] };
}

/** `withDoc` (inline runs only) sees the decoded document before the restore runs: the server joins user-schema fields there. */
export function analyzeBytesJob(
  fileName: string,
  bytes: Uint8Array,
  settings: ServerSettings,
  wire: WireOptions = {},
  withDoc?: (doc: SavedStateDocument) => void,
): WireAnalysis {
  let a;
  try {
    const doc = decodeFile(fileName, bytes, settings);
    withDoc?.(doc);
    a = analyze(doc);
  } catch (e) {
    a = internalFailure(undefined, e);
  }
  const w = toWire(a, wire);
  w.problems = w.problems
    .filter((p) => settings.warnUnknownOptionalChunks || p.code !== 'WARN-OPTIONAL-TYPE')
    .slice(0, settings.maxProblems);
  return w;
}

export function disassembleJob(bytes: Uint8Array, settings: ServerSettings): DisassembleResult {
  return { text: disassemble(bytes, settings) };
}

/** With `settings`, also what the binary keeps of the text under their buffering (the convert command says it). */
export function assembleJob(source: string, settings?: ServerSettings): AssembleResult {
  const a = assemble(source);
  if (a.errors.length) return { errors: a.errors };
  const note = settings ? describeTextToBinary(source, a.calls, a.bytes, bufferingOf(settings)) : undefined;
  return {
    contentBase64: Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength).toString('base64'),
    errors: [],
    ...(note ? { note } : {}),
  };
}

/** The jobs by name, as the server's worker threads run them. */
export const JOBS = {
  analyzeBytes: analyzeBytesJob,
  disassemble: disassembleJob,
  assemble: assembleJob,
} as const;

export type JobName = keyof typeof JOBS;
