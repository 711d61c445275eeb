// Connection wiring: capabilities, settings, document sync, and every request behind a guard
// that logs a failure and answers with an empty result, so bad input never takes the server down.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { WireAnalysis } from '../../core/src/wire';
import { DocumentHost } from './documents';
import { notificationFor, type FeatureName } from './engine';
import {
  AnalysisNotification,
  AnalyzeRequest,
  AssembleRequest,
  DisassembleRequest,
  type AnalyzeParams,
  type AssembleParams,
  type AssembleResult,
  type DisassembleParams,
  type DisassembleResult,
} from './protocol';
import { LEGEND } from './semanticTokens';
import { NAVIGATION_CAPABILITIES, registerNavigationPlaceholders } from './navigation';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from './settings';

export const LANGUAGE_ID = 'vmbstate-hex';
/** Text documents at least this long are analysed in a worker thread. */
export const DEFAULT_WORKER_THRESHOLD = 512 * 1024;

interface InitOptions {
  /** Overrides DEFAULT_WORKER_THRESHOLD (tests use 0 to exercise the worker path). */
  workerThreshold?: number;
  /** Initial settings, for clients that cannot answer workspace/configuration. */
  settings?: unknown;
}

export function startServer(workerEntry: string, connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let pullConfiguration = false;
  let canRefreshInlayHints = false;

  const log = (m: string) => connection.console.error(m);
  let host!: DocumentHost;
  // Documents opened before the client answered workspace/configuration wait for the settings.
  let settingsKnown!: () => void;
  const ready = new Promise<void>((resolve) => (settingsKnown = resolve));

  const isOurs = (uri: string) => {
    const d = documents.get(uri);
    return !!d && (d.languageId === LANGUAGE_ID || /\.vmbhex$/i.test(uri));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitOptions;
    if (init.settings !== undefined) settings = normalizeSettings(init.settings);
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    canRefreshInlayHints = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    if (!pullConfiguration) settingsKnown();
    host = new DocumentHost({
      workerThreshold: typeof init.workerThreshold === 'number' ? init.workerThreshold : DEFAULT_WORKER_THRESHOLD,
      workerEntry,
      settings: () => settings,
      current: (uri) => {
        const d = documents.get(uri);
        return d ? { version: d.version, text: d.getText() } : undefined;
      },
      ready,
      onAnalysis: (s) => {
        void connection.sendDiagnostics({ uri: s.uri, version: s.version, diagnostics: s.diagnostics });
        void connection.sendNotification(AnalysisNotification, s.notification);
      },
      log,
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        documentSymbolProvider: { label: 'VMBus saved state' },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: ['.', ':', '=', '|', ' '] },
        semanticTokensProvider: { legend: LEGEND, full: true, range: true },
        foldingRangeProvider: true,
        inlayHintProvider: true,
        documentFormattingProvider: true,
        ...NAVIGATION_CAPABILITIES,
      },
      serverInfo: { name: 'vmbstate', version: '0.1.0' },
    };
  });

  async function loadSettings(pushed?: unknown): Promise<void> {
    if (pushed !== undefined && pushed !== null) {
      settings = normalizeSettings(pushed);
      return;
    }
    if (!pullConfiguration) return;
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer in 5 s')), 5000).unref());
      const [section] = await Promise.race([connection.workspace.getConfiguration([{ section: 'vmbstate' }]), timeout]);
      settings = normalizeSettings(section);
    } catch (e) {
      log(`reading the vmbstate settings failed: ${String(e)}`);
    }
  }

  connection.onInitialized(async () => {
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'vmbstate' }).catch(() => undefined);
      await loadSettings();
      settingsKnown();
    }
  });

  connection.onDidChangeConfiguration(async (p) => {
    const pushed = (p.settings as { vmbstate?: unknown } | undefined)?.vmbstate;
    await loadSettings(pushed);
    host.refreshAll();
    if (canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  documents.onDidOpen((e) => {
    if (isOurs(e.document.uri)) host.update(e.document.uri, e.document.version, e.document.getText().length, true);
  });
  documents.onDidChangeContent((e) => {
    if (isOurs(e.document.uri)) host.update(e.document.uri, e.document.version, e.document.getText().length);
  });
  documents.onDidClose((e) => {
    host.close(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** A request handler that never throws: failures are logged and answered with `empty`. */
  function feature<P extends { textDocument: { uri: string } }, R>(name: FeatureName, empty: R) {
    return async (params: P, token: CancellationToken): Promise<R> => {
      try {
        if (!isOurs(params.textDocument.uri)) return empty;
        return ((await host.run<R>(params.textDocument.uri, name, params, token)) ?? empty) as R;
      } catch (e) {
        if (!(e instanceof Error && e.message === 'superseded')) log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return empty;
      }
    };
  }

  connection.onDocumentSymbol(feature('symbols', []));
  connection.onHover(feature('hover', null));
  connection.onCodeAction(feature('codeActions', []));
  connection.onCompletion(feature('completion', { isIncomplete: false, items: [] }));
  connection.languages.semanticTokens.on(feature('semanticTokens', { data: [] }));
  connection.languages.semanticTokens.onRange(feature('semanticTokensRange', { data: [] }));
  connection.onFoldingRanges(feature('folding', []));
  connection.languages.inlayHint.on(feature('inlayHints', []));
  connection.onDocumentFormatting(feature('formatting', []));
  registerNavigationPlaceholders(connection, isOurs);

  // ---- custom requests (protocol.ts) ----

  async function bytesOf(uri: string, contentBase64?: string): Promise<Uint8Array> {
    if (contentBase64 !== undefined) return new Uint8Array(Buffer.from(contentBase64, 'base64'));
    if (!uri.startsWith('file:')) throw new ResponseError(-32602, `cannot read ${uri}: only file: URIs, or pass contentBase64`);
    return new Uint8Array(await readFile(fileURLToPath(uri)));
  }

  function guardCustom<P, R>(name: string, fn: (p: P, token: CancellationToken) => Promise<R>) {
    return async (p: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      try {
        return await fn(p, token);
      } catch (e) {
        log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return e instanceof ResponseError ? e : new ResponseError(-32603, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }

  connection.onRequest(
    AnalyzeRequest,
    guardCustom('vmbstate/analyze', async (p: AnalyzeParams, token) => {
      let w: WireAnalysis | undefined;
      if (p.contentBase64 === undefined && documents.get(p.uri) && isOurs(p.uri)) {
        w = await host.run<WireAnalysis>(p.uri, 'wire', {}, token);
      }
      if (!w) {
        const bytes = await bytesOf(p.uri, p.contentBase64);
        w = await host.job<WireAnalysis>('analyzeBytes', bytes.length, [fileNameOf(p.uri), bytes, settings]);
        void connection.sendNotification(AnalysisNotification, notificationFor(p.uri, w));
      }
      return w;
    }),
  );

  connection.onRequest(
    DisassembleRequest,
    guardCustom('vmbstate/disassemble', async (p: DisassembleParams): Promise<DisassembleResult> => {
      const bytes = await bytesOf(p.uri, p.contentBase64);
      return host.job<DisassembleResult>('disassemble', bytes.length, [bytes, settings]);
    }),
  );

  connection.onRequest(
    AssembleRequest,
    guardCustom('vmbstate/assemble', async (p: AssembleParams): Promise<AssembleResult> => {
      const text = p.text ?? documents.get(p.uri)?.getText() ?? new TextDecoder('utf-8').decode(await bytesOf(p.uri));
      return host.job<AssembleResult>('assemble', text.length, [text, settings]);
    }),
  );

  connection.onShutdown(() => host?.dispose());
  process.on('uncaughtException', (e) => log(`uncaught: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${String(e)}`));

  documents.listen(connection);
  connection.listen();
}

function fileNameOf(uri: string): string {
  try {
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(uri);
    return path;
  } catch {
    return uri;
  }
}
