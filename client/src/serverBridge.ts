// Reaching the language server's custom requests (protocol/src/requests.ts) from the client, with a
// fallback to the same core code run in the extension host when the server is not available
// (not started, crashed, slow, or the input is better not sent over IPC).

import { writeFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { NotificationType, RequestType, State, type BaseLanguageClient } from 'vscode-languageclient';
import type { WireAnalysis } from '../../core/src';
import {
  AnalyzeRequest,
  AssembleRequest,
  DisassembleRequest,
  analyzeBytesJob,
  assembleJob,
  disassembleJob,
  normalizeSettings,
  type AnalyzeParams,
  type AssembleResult,
  type CustomNotification,
  type CustomRequest,
  type DisassembleParams,
  type ServerSettings,
} from '../../protocol/src';

/** Unsaved bytes above this size are analysed in the extension host rather than sent to the server as base64. */
export const MAX_INLINE_BYTES = 32 * 1024 * 1024;
/** Temporary files handed to the server so far (their names are unique within this process). */
let handOffs = 0;
const TIMEOUT_MS = 60_000;

export type Source = 'server' | 'extension';

export function currentSettings(): ServerSettings {
  return normalizeSettings(vscode.workspace.getConfiguration('vmbstate'));
}

/** The client library's RequestType for a custom request of protocol/ (why not one object for both sides: protocol/src/requests.ts). */
export const lspRequest = <P, R>(r: CustomRequest<P, R>) => new RequestType<P, R, void>(r.method);
export const lspNotification = <P>(n: CustomNotification<P>) => new NotificationType<P>(n.method);
const ANALYZE = lspRequest(AnalyzeRequest);
const DISASSEMBLE = lspRequest(DisassembleRequest);
const ASSEMBLE = lspRequest(AssembleRequest);

function running(client: BaseLanguageClient | undefined): client is BaseLanguageClient {
  try {
    return !!client && client.state === State.Running;
  } catch {
    return false;
  }
}

async function request<P, R>(
  client: BaseLanguageClient,
  type: RequestType<P, R, void>,
  params: P,
  token?: vscode.CancellationToken,
): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${type.method} timed out`)), TIMEOUT_MS);
  });
  try {
    return await Promise.race([client.sendRequest(type, params, token), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const base64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** The server decides the form by file name: a binary opened under another name is analysed as binary here. */
function binaryFileName(uri: vscode.Uri): string {
  const name = uri.path.split('/').pop() ?? 'document';
  return /\.vmbhex$/i.test(name) ? `${name}.bin` : name;
}

/**
 * The bytes of an open binary without building them whole: its size, its pieces in order (written
 * one after the other to the hand-off file) and `flat` (only called when a path needs one array).
 */
export interface BinaryContent {
  readonly size: number;
  readonly pieces: readonly Uint8Array[];
  flat(): Uint8Array;
}

/**
 * Analyse a binary document. `bytes` are the document's current bytes; `unsaved` says they differ
 * from the file on disk (then they are sent along, or analysed locally when large).
 */
export async function analyzeBinary(
  client: BaseLanguageClient | undefined,
  uri: vscode.Uri,
  bytes: Uint8Array | BinaryContent,
  unsaved: boolean,
  token?: vscode.CancellationToken,
  fieldsAbove?: number,
): Promise<{ analysis: WireAnalysis; source: Source }> {
  return analyzeContent(client, uri, bytes, unsaved, 'binary', token, fieldsAbove);
}

/**
 * Analyse a document of either form (the form follows the file name, .vmbhex = text, unless
 * `form` is 'binary'). An open text document is analysed by the server from its live text.
 */
export async function analyzeContent(
  client: BaseLanguageClient | undefined,
  uri: vscode.Uri,
  content: Uint8Array | BinaryContent,
  unsaved: boolean,
  form: 'binary' | 'auto',
  token?: vscode.CancellationToken,
  /** Paged analysis (AnalyzeParams.fieldsAbove): field trees left out above this many chunks. */
  fieldsAbove?: number,
): Promise<{ analysis: WireAnalysis; source: Source }> {
  const misnamed = form === 'binary' && /\.vmbhex$/i.test(uri.path);
  const size = content instanceof Uint8Array ? content.length : content.size;
  // Unsaved bytes above the inline limit go to the server through a temporary file: analysing
  // 100 MB here would block the extension host (and the editor's typing) for seconds.
  if (running(client) && !misnamed && form === 'binary' && unsaved && size > MAX_INLINE_BYTES) {
    const tmp = join(tmpdir(), `vmbstate-unsaved-${process.pid}-${(handOffs++).toString(36)}.vmbstate`);
    try {
      // The pieces as they are (an edited document is never flattened here: that would block typing).
      await writeFile(tmp, content instanceof Uint8Array ? content : content.pieces);
      if (token?.isCancellationRequested) throw new vscode.CancellationError();
      const params: AnalyzeParams = {
        uri: pathToFileURL(tmp).toString(),
        ...(fieldsAbove !== undefined ? { fieldsAbove } : {}),
      };
      const analysis = await request(client!, ANALYZE, params, token);
      if (analysis && Array.isArray(analysis.calls)) return { analysis, source: 'server' };
    } catch (e) {
      if (token?.isCancellationRequested) throw e;
      console.warn(`vmbstate: ${AnalyzeRequest.method} of unsaved bytes failed, analysing in the extension host`, e);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
  const serverCan = running(client) && !misnamed && (unsaved ? size <= MAX_INLINE_BYTES : uri.scheme === 'file');
  const bytes = content instanceof Uint8Array ? content : serverCan && !unsaved ? undefined : content.flat();
  if (serverCan) {
    try {
      const params: AnalyzeParams = {
        uri: uri.toString(),
        ...(unsaved ? { contentBase64: base64(bytes!) } : {}),
        ...(fieldsAbove !== undefined ? { fieldsAbove } : {}),
      };
      const analysis = await request(client!, ANALYZE, params, token);
      if (analysis && Array.isArray(analysis.calls)) return { analysis, source: 'server' };
    } catch (e) {
      if (token?.isCancellationRequested) throw e;
      console.warn(`vmbstate: ${AnalyzeRequest.method} failed, analysing in the extension host`, e);
    }
  }
  const name = form === 'binary' ? binaryFileName(uri) : (uri.path.split('/').pop() ?? 'document');
  const wire = fieldsAbove !== undefined ? { fieldsAbove } : {};
  const all = bytes ?? (content instanceof Uint8Array ? content : content.flat());
  return { analysis: analyzeBytesJob(name, all, currentSettings(), wire), source: 'extension' };
}

/** Text form of binary bytes. */
export async function disassembleBinary(
  client: BaseLanguageClient | undefined,
  uri: vscode.Uri,
  bytes: Uint8Array,
  unsaved: boolean,
): Promise<string> {
  if (running(client) && (unsaved ? bytes.length <= MAX_INLINE_BYTES : uri.scheme === 'file')) {
    try {
      const params: DisassembleParams = {
        uri: uri.toString(),
        ...(unsaved || uri.scheme !== 'file' ? { contentBase64: base64(bytes) } : {}),
      };
      const r = await request(client!, DISASSEMBLE, params);
      if (typeof r?.text === 'string') return r.text;
    } catch (e) {
      console.warn(`vmbstate: ${DisassembleRequest.method} failed, disassembling in the extension host`, e);
    }
  }
  return disassembleJob(bytes, currentSettings()).text;
}

/** Binary form of a text; `errors` non-empty means the text does not assemble. */
export async function assembleTextDocument(
  client: BaseLanguageClient | undefined,
  uri: vscode.Uri,
  text: string,
): Promise<{ bytes?: Uint8Array; errors: AssembleResult['errors']; note?: AssembleResult['note'] }> {
  let r: AssembleResult | undefined;
  if (running(client)) {
    try {
      r = await request(client!, ASSEMBLE, { uri: uri.toString(), text });
    } catch (e) {
      console.warn(`vmbstate: ${AssembleRequest.method} failed, assembling in the extension host`, e);
    }
  }
  r ??= assembleJob(text, currentSettings());
  return {
    errors: r.errors ?? [],
    ...(r.contentBase64 !== undefined ? { bytes: new Uint8Array(Buffer.from(r.contentBase64, 'base64')) } : {}),
    ...(r.note ? { note: r.note } : {}),
  };
}
