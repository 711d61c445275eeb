// Custom requests between the extension client (custom editor, debugger view, commands) and the
// language server, so every feature reuses the server's one decoder and one emulator.

import type { WireAnalysis } from '../../core/src/wire';
import type { TextToBinaryNote } from '../../core/src/conversion';

/** Analyse a document: a `.vmbhex` text document the server tracks, or any file by URI, or bytes the client holds. */
export const AnalyzeRequest = 'vmbstate/analyze';
export interface AnalyzeParams {
  uri: string;
  /** Unsaved bytes of a binary document (custom editor), base64; when absent the server reads the URI. */
  contentBase64?: string;
}
export type AnalyzeResult = WireAnalysis;

/** Text form of a binary document (disassembly). */
export const DisassembleRequest = 'vmbstate/disassemble';
export interface DisassembleParams {
  uri: string;
  contentBase64?: string;
}
export interface DisassembleResult {
  text: string;
}

/** Binary form of a text document (assembly); fails with the text's errors. */
export const AssembleRequest = 'vmbstate/assemble';
export interface AssembleParams {
  uri: string;
  text?: string;
}
export interface AssembleResult {
  contentBase64?: string;
  errors: { message: string; line: number; character: number }[];
  /** What the binary keeps of the text under the current buffering setting (docs/format.md §8.4). */
  note?: TextToBinaryNote;
}

/** Sent by the server whenever it re-analyses a document, so the status bar and views stay live. */
export const AnalysisNotification = 'vmbstate/analysisChanged';
export interface AnalysisChangedParams {
  uri: string;
  outcome: WireAnalysis['outcome'];
  lastStatus?: { call: number; status: number; statusName: string };
}
