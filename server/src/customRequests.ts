// The custom requests (protocol/src/requests.ts) the server answers: analyse, disassemble and
// assemble bytes, files or open documents, in a pooled worker when the input is heavy; each behind
// a guard that answers a failure as a JSON-RPC error naming the reason.

import { fileURLToPath } from 'node:url';
import {
  ErrorCodes,
  LSPErrorCodes,
  NotificationType,
  RequestType,
  ResponseError,
  type CancellationToken,
  type Connection,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyUserSchemas, isTextFileName, type WireAnalysis } from '../../core/src';
import { FileAccessError, readInputFile } from '../../core/src/node/files';
import {
  AnalysisNotification,
  AnalyzeRequest,
  analyzeBytesJob,
  AssembleRequest,
  DisassembleRequest,
  type AnalyzeParams,
  type AssembleParams,
  type AssembleResult,
  type CustomNotification,
  type CustomRequest,
  type DisassembleParams,
  type DisassembleResult,
  type ServerSettings,
} from '../../protocol/src';
import type { DocumentHost } from './documents';
import { notificationFor } from './engine';
import { escapeLines } from './safeText';
import type { SchemaFiles } from './schemas';
import { measureWork, workerReason, type WorkerLimits } from './workload';

const lspRequest = <P, R>(r: CustomRequest<P, R>) => new RequestType<P, R, void>(r.method);
const lspNotification = <P>(n: CustomNotification<P>) => new NotificationType<P>(n.method);
const ANALYZE = lspRequest(AnalyzeRequest);
const DISASSEMBLE = lspRequest(DisassembleRequest);
const ASSEMBLE = lspRequest(AssembleRequest);
export const ANALYSIS_CHANGED = lspNotification(AnalysisNotification);

/** What the handlers need from the server (lsp.ts); getters, as the server sets some up on initialize. */
export interface CustomRequestDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  host: () => DocumentHost;
  schemaFiles: () => SchemaFiles;
  settings: () => ServerSettings;
  limits: () => WorkerLimits;
  isOurs: (uri: string) => boolean;
  shutDown: () => boolean;
  afterShutdown: () => ResponseError<void>;
  log: (message: string) => void;
}

export function registerCustomRequests(d: CustomRequestDeps): void {
  /**
   * The bytes a custom request is about: given as base64, or read from a `file:` URI with the
   * CLI's guarded read (regular files only, at most the size limit of the form; a FIFO, a device
   * or a huge file is refused at once with a RequestFailed error naming the file and the reason).
   */
  function bytesOf(
    uri: string,
    contentBase64?: string,
    form: 'text' | 'binary' = isTextFileName(uri) ? 'text' : 'binary',
  ): Uint8Array {
    if (contentBase64 !== undefined) {
      if (typeof contentBase64 !== 'string')
        throw new ResponseError(ErrorCodes.InvalidParams, 'contentBase64 must be a base64 string');
      return new Uint8Array(Buffer.from(contentBase64, 'base64'));
    }
    if (typeof uri !== 'string' || !uri.startsWith('file:'))
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `cannot read ${String(uri)}: only file: URIs, or pass contentBase64`,
      );
    try {
      return readInputFile(fileURLToPath(uri), form);
    } catch (e) {
      if (e instanceof FileAccessError) throw new ResponseError(LSPErrorCodes.RequestFailed, e.message);
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `cannot read ${uri}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  /** Whether a job on this input goes to a worker: text by its workload, bytes by their size. */
  const heavyText = (text: string) => workerReason(measureWork(text, d.limits()), d.limits()) !== undefined;
  const heavyBytes = (fileName: string, bytes: Uint8Array) =>
    bytes.length >= d.limits().chars || (isTextFileName(fileName) && heavyText(new TextDecoder('utf-8').decode(bytes)));
  /** The buffer to move (not copy) to a worker: only one the array owns whole. */
  const own = (b: Uint8Array): ArrayBuffer[] =>
    b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? [b.buffer] : [];

  function guardCustom<P, R>(name: string, fn: (p: P, token: CancellationToken) => Promise<R>) {
    return async (p: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      if (d.shutDown()) return d.afterShutdown();
      try {
        if (!p || typeof p !== 'object')
          throw new ResponseError(ErrorCodes.InvalidParams, `${name} needs params { uri, … }`);
        return await fn(p, token);
      } catch (e) {
        d.log(
          `${name} failed: ${e instanceof ResponseError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
        // The message may quote the input (a path, a text error): control characters escaped.
        if (e instanceof ResponseError) return new ResponseError<void>(e.code, escapeLines(e.message));
        return new ResponseError<void>(
          ErrorCodes.InternalError,
          escapeLines(`${name} failed: ${e instanceof Error ? e.message : String(e)}`),
        );
      }
    };
  }

  d.connection.onRequest(
    ANALYZE,
    guardCustom(AnalyzeRequest.method, async (p: AnalyzeParams, token) => {
      let w: WireAnalysis | undefined;
      if (p.contentBase64 === undefined && d.documents.get(p.uri) && d.isOurs(p.uri)) {
        w = await d.host().run(p.uri, 'wire', null, token);
      }
      if (!w) {
        const bytes = bytesOf(p.uri, p.contentBase64);
        const name = fileNameOf(p.uri);
        const heavy = heavyBytes(name, bytes);
        const wire = p.fieldsAbove !== undefined ? { fieldsAbove: p.fieldsAbove } : {};
        // With user schemas the analysis runs here (compiled parsers stay in this thread; docs/schemas.md).
        const schemas = await d.schemaFiles().prepare(p.uri, d.settings());
        w = schemas
          ? analyzeBytesJob(name, bytes, d.settings(), wire, (doc) =>
              applyUserSchemas(doc, schemas.entries, schemas.set),
            )
          : await d
              .host()
              .job<WireAnalysis>('analyzeBytes', heavy, [name, bytes, d.settings(), wire], heavy ? own(bytes) : []);
        void d.connection.sendNotification(ANALYSIS_CHANGED, notificationFor(p.uri, w));
      }
      return w;
    }),
  );

  d.connection.onRequest(
    DISASSEMBLE,
    guardCustom(DisassembleRequest.method, async (p: DisassembleParams): Promise<DisassembleResult> => {
      const bytes = bytesOf(p.uri, p.contentBase64, 'binary');
      const heavy = bytes.length >= d.limits().chars;
      return d.host().job<DisassembleResult>('disassemble', heavy, [bytes, d.settings()], heavy ? own(bytes) : []);
    }),
  );

  d.connection.onRequest(
    ASSEMBLE,
    guardCustom(AssembleRequest.method, async (p: AssembleParams): Promise<AssembleResult> => {
      const text =
        typeof p.text === 'string'
          ? p.text
          : (d.documents.get(p.uri)?.getText() ?? new TextDecoder('utf-8').decode(bytesOf(p.uri, undefined, 'text')));
      return d.host().job<AssembleResult>('assemble', heavyText(text), [text, d.settings()]);
    }),
  );
}

function fileNameOf(uri: string): string {
  try {
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(uri);
    return path;
  } catch {
    return uri;
  }
}
