// Custom requests between the extension client (custom editor, debugger view, commands) and the
// language server, so every feature reuses the server's one decoder and one emulator. Each is typed
// once here: its method name together with its params and result types.
//
// They are descriptors, not the LSP libraries' RequestType objects: vscode-jsonrpc compares a
// request type's parameter structure by identity, so the RequestType must come from the copy of
// vscode-jsonrpc the runtime itself bundles (vscode-languageclient's on the client,
// vscode-languageserver's on the server). Each side makes it with `new RequestType<P, R, void>(…)`
// through its own `lspRequest` helper (client/src/serverBridge.ts, server/src/lsp.ts).

import type { TextToBinaryNote, WireAnalysis } from '../../core/src';

/** A custom request: its method, with the params and result types it carries (type-level only). */
export interface CustomRequest<P, R> {
  readonly method: string;
  /** Never set: only holds the types, so a caller cannot pair a method with the wrong params or result. */
  readonly types?: { params: P; result: R };
}

/** A custom notification: its method, with the params type it carries (type-level only). */
export interface CustomNotification<P> {
  readonly method: string;
  readonly types?: { params: P };
}

/** Analyse a document: a `.vmbhex` text document the server tracks, or any file by URI, or bytes the client holds. */
export interface AnalyzeParams {
  uri: string;
  /** Unsaved bytes of a binary document (custom editor), base64; when absent the server reads the URI. */
  contentBase64?: string;
  /**
   * Paged analysis: when the document has more chunks than this, field trees not built yet are
   * left out (WireChunk.fieldsOmitted); the caller builds a chunk's with wireChunkFields from its bytes.
   */
  fieldsAbove?: number;
}
export type AnalyzeResult = WireAnalysis;
export const AnalyzeRequest: CustomRequest<AnalyzeParams, AnalyzeResult> = { method: 'vmbstate/analyze' };

/** Text form of a binary document (disassembly). */
export interface DisassembleParams {
  uri: string;
  contentBase64?: string;
}
export interface DisassembleResult {
  text: string;
}
export const DisassembleRequest: CustomRequest<DisassembleParams, DisassembleResult> = {
  method: 'vmbstate/disassemble',
};

/** Binary form of a text document (assembly); fails with the text's errors. */
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
export const AssembleRequest: CustomRequest<AssembleParams, AssembleResult> = { method: 'vmbstate/assemble' };

/** Sent by the server whenever it re-analyses a document, so the status bar and views stay live. */
export interface AnalysisChangedParams {
  uri: string;
  outcome: WireAnalysis['outcome'];
  lastStatus?: { call: number; status: number; statusName: string };
}
export const AnalysisNotification: CustomNotification<AnalysisChangedParams> = { method: 'vmbstate/analysisChanged' };
