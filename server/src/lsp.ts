// Connection wiring: capabilities, settings, document sync, and every request behind a guard
// that logs a failure and answers with an empty result, so bad input never takes the server down.
// After `shutdown` every request is refused with InvalidRequest, as LSP asks.

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
  type TextDocumentContentChangeEvent,
  ErrorCodes,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { PieceTextDocument } from './pieceDocument';
import { DocumentHost } from './documents';
import { EditLog } from './editLog';
import { TokenResults } from './tokenResults';
import { type FeatureName, type FeatureParams, type FeatureResult } from './engine';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from '../../protocol/src';
import { LEGEND } from './semanticTokens';
import { NAVIGATION_CAPABILITIES, registerRenamePlaceholder } from './navigation';
import { WorkspaceSymbolIndex } from './workspaceSymbols';
import { escapeLines } from './safeText';
import { ANALYSIS_CHANGED, registerCustomRequests } from './customRequests';
import { isSuperseded, WorkerPool } from './workerPool';
import { DEFAULT_WORKER_LIMITS, type WorkerLimits } from './workload';
import { SchemaFiles } from './schemas';

export const LANGUAGE_ID = 'vmbstate-hex';

/** The server library's RequestType for a custom request of protocol/ (why not one object for both sides: protocol/src/requests.ts). */
/** Most analysis worker threads alive at once; further analyses and jobs wait for a slot. */
export const DEFAULT_MAX_WORKERS = 2;
/** Heap limit of one analysis worker (MiB): past it the worker dies, not the server. */
export const DEFAULT_WORKER_HEAP_MB = 2048;

/** Tuning for tests and embedders (docs/language-server.md, "How it stays responsive"). */
interface InitOptions {
  /** Text length (and binary input size) from which work goes to a worker; tests use 0 to send everything there. */
  workerThreshold?: number;
  /** Overrides DEFAULT_MAX_WORKERS. */
  maxWorkers?: number;
  /** Overrides DEFAULT_WORKER_HEAP_MB (tests use a tiny heap to make a worker run out of memory). */
  workerHeapMb?: number;
  /** Initial settings, for clients that cannot answer workspace/configuration. */
  settings?: unknown;
  /** false: no worker is started ahead of need (workerPool.ts, PoolOptions.spare). */
  spareWorker?: boolean;
}

const positive = (v: unknown, d: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : d);

export function startServer(
  workerEntry: string,
  connection: Connection = createConnection(ProposedFeatures.all),
): void {
  // Each change is also kept as offset edits, so a worker holding an earlier version gets only those.
  const editLog = new EditLog();
  const documents = new TextDocuments({
    create: (uri: string, languageId: string, version: number, content: string) => {
      editLog.reset(uri, version);
      return new PieceTextDocument(uri, languageId, version, content);
    },
    update: (doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number) =>
      editLog.update(doc, changes, version),
  });
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let pullConfiguration = false;
  let canRefreshInlayHints = false;
  let shutDown = false;
  let limits: WorkerLimits = DEFAULT_WORKER_LIMITS;
  let linkSupport = false;
  let roots: string[] = [];

  // Log lines may quote input (URIs, messages): control characters are escaped, line breaks kept.
  const log = (m: string) => connection.console.error(escapeLines(m));
  const info = (m: string) => connection.console.info(escapeLines(m));
  const normalize = (v: unknown) => normalizeSettings(v, (m) => log(`setting refused: ${m}`));
  let host!: DocumentHost;
  let schemaFiles!: SchemaFiles;
  // Documents opened before the client answered workspace/configuration wait for the settings.
  let settingsKnown!: () => void;
  const ready = new Promise<void>((resolve) => (settingsKnown = resolve));

  const isOurs = (uri: string) => {
    const d = documents.get(uri);
    return !!d && (d.languageId === LANGUAGE_ID || /\.vmbhex$/i.test(uri));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitOptions;
    if (init.settings !== undefined) settings = normalize(init.settings);
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    canRefreshInlayHints = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    linkSupport = !!params.capabilities.textDocument?.definition?.linkSupport;
    roots = workspaceRoots(params);
    if (!pullConfiguration) settingsKnown();
    if (typeof init.workerThreshold === 'number' && init.workerThreshold >= 0)
      limits = { ...limits, chars: init.workerThreshold };
    const pool = new WorkerPool({
      entry: workerEntry,
      maxWorkers: positive(init.maxWorkers, DEFAULT_MAX_WORKERS),
      heapMb: positive(init.workerHeapMb, DEFAULT_WORKER_HEAP_MB),
      started: (alive, max) => info(`analysis worker started (${alive} of at most ${max} alive)`),
      spare: init.spareWorker !== false,
    });
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    schemaFiles = new SchemaFiles(
      (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
      () => (root?.startsWith('file:') ? fileURLToPath(root) : undefined),
    );
    host = new DocumentHost({
      limits,
      pool,
      settings: () => settings,
      schemas: (uri, s, text) => schemaFiles.prepare(uri, s, text),
      current: (uri) => {
        const d = documents.get(uri);
        return d ? { version: d.version, text: d.getText() } : undefined;
      },
      editsSince: (uri, version) => editLog.since(uri, version, documents.get(uri)),
      lineUntouched: (uri, version, line) => editLog.untouched(uri, version, line),
      linesKeptSince: (uri, version) => editLog.linesKept(uri, version),
      linesNeeded: (uri) => void documents.get(uri)?.lineCount,
      ready,
      onAnalysis: (s) => {
        void connection.sendDiagnostics({ uri: s.uri, version: s.version, diagnostics: s.diagnostics });
        void connection.sendNotification(ANALYSIS_CHANGED, s.notification);
      },
      log,
      info,
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        documentSymbolProvider: { label: 'VMBus saved state' },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: ['.', ':', '=', '|', ' '] },
        semanticTokensProvider: { legend: LEGEND, full: { delta: true }, range: true },
        foldingRangeProvider: true,
        inlayHintProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        ...NAVIGATION_CAPABILITIES,
      },
      serverInfo: { name: 'vmbstate', version: '0.1.0' },
    };
  });

  async function loadSettings(pushed?: unknown): Promise<void> {
    if (pushed !== undefined && pushed !== null) {
      settings = normalize(pushed);
      return;
    }
    if (!pullConfiguration) return;
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no answer in 5 s')), 5000).unref(),
      );
      const [section] = await Promise.race([connection.workspace.getConfiguration([{ section: 'vmbstate' }]), timeout]);
      settings = normalize(section);
    } catch (e) {
      log(`reading the vmbstate settings failed: ${String(e)}`);
    }
  }

  // Notification handlers return nothing: the async work runs detached, and loadSettings logs its own failures.
  connection.onInitialized(() => {
    if (!pullConfiguration) return;
    void connection.client
      .register(DidChangeConfigurationNotification.type, { section: 'vmbstate' })
      .catch(() => undefined);
    void loadSettings().then(() => settingsKnown());
  });

  // Params may be null or lack `settings` (a client that only signals a change): re-read them.
  // A client that answers workspace/configuration is asked again rather than believed: VS Code's
  // pushed section skips the client's middleware, which adds `schemas.workspaceTrusted`.
  connection.onDidChangeConfiguration((p) => {
    if (shutDown) return;
    const pushed = (p?.settings as { vmbstate?: unknown } | null | undefined)?.vmbstate;
    void loadSettings(pullConfiguration ? undefined : pushed)
      .then(() => {
        host.refreshAll();
        if (canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
      })
      .catch((e: unknown) =>
        log(`applying the changed settings failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
      );
  });

  // A .ksy or .vmbstate-schemas.json changed (the client watches them): analyse again; compiled
  // schemas are cached by content, so only a changed file recompiles.
  connection.onDidChangeWatchedFiles(() => {
    if (!shutDown) host.refreshAll();
  });

  documents.onDidOpen((e) => {
    if (isOurs(e.document.uri)) host.update(e.document.uri, e.document.version, e.document.getText().length, true);
  });
  documents.onDidChangeContent((e) => {
    if (isOurs(e.document.uri)) host.update(e.document.uri, e.document.version, e.document.getText().length);
  });
  documents.onDidClose((e) => {
    host.close(e.document.uri);
    editLog.forget(e.document.uri);
    tokenResults.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const afterShutdown = () =>
    new ResponseError<void>(
      ErrorCodes.InvalidRequest,
      'the server is shut down: only the exit notification is accepted',
    );

  /** A request handler that never throws: failures are logged and answered with `empty`. */
  /** A request handler for a document feature: typed by the feature's name (engine.ts FEATURES). */
  function feature<K extends FeatureName>(name: K, empty: FeatureResult<K>) {
    return async (
      params: FeatureParams<K> & { textDocument: { uri: string } },
      token: CancellationToken,
    ): Promise<FeatureResult<K> | ResponseError<void>> => {
      if (shutDown) return afterShutdown();
      try {
        if (!isOurs(params?.textDocument?.uri)) return empty;
        return (await host.run(params.textDocument.uri, name, params, token)) ?? empty;
      } catch (e) {
        if (!isSuperseded(e)) log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return empty;
      }
    };
  }

  connection.onDocumentSymbol(feature('symbols', []));
  connection.onHover(feature('hover', null));
  connection.onCodeAction(feature('codeActions', []));
  connection.onCompletion(feature('completion', { isIncomplete: false, items: [] }));
  // Whole-document tokens carry a result id, so the next request after an edit can be a delta.
  const tokenResults = new TokenResults();
  const allTokens = feature('semanticTokens', { data: [] });
  connection.languages.semanticTokens.on(async (p, token) => {
    const r = await allTokens(p, token);
    return r instanceof ResponseError ? r : tokenResults.full(p.textDocument.uri, r.data);
  });
  connection.languages.semanticTokens.onDelta(async (p, token) => {
    const r = await allTokens({ textDocument: p.textDocument }, token);
    return r instanceof ResponseError ? r : tokenResults.delta(p.textDocument.uri, p.previousResultId, r.data);
  });
  connection.languages.semanticTokens.onRange(feature('semanticTokensRange', { data: [] }));
  connection.onFoldingRanges(feature('folding', []));
  connection.languages.inlayHint.on(feature('inlayHints', []));
  connection.onDocumentFormatting(feature('formatting', []));
  connection.onDefinition((p, token) => feature('definition', null)({ ...p, linkSupport }, token));
  connection.onReferences(feature('references', null));
  connection.onDocumentHighlight(feature('highlights', null));
  connection.onCodeLens(feature('codeLens', []));
  registerRenamePlaceholder(connection, isOurs);
  const workspaceSymbols = new WorkspaceSymbolIndex({
    roots: () => roots,
    openText: (uri) => {
      const d = documents.get(uri);
      return d ? { version: d.version, text: d.getText() } : undefined;
    },
    log,
  });
  connection.onWorkspaceSymbol(async (p, token) => {
    if (shutDown) return afterShutdown();
    try {
      return await workspaceSymbols.query(
        typeof p?.query === 'string' ? p.query : '',
        () => token.isCancellationRequested,
      );
    } catch (e) {
      log(`workspace symbols failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return [];
    }
  });
  connection.onDocumentRangeFormatting(feature('rangeFormatting', []));

  // ---- custom requests (protocol/src/requests.ts) ----
  registerCustomRequests({
    connection,
    documents,
    host: () => host,
    schemaFiles: () => schemaFiles,
    settings: () => settings,
    limits: () => limits,
    isOurs,
    shutDown: () => shutDown,
    afterShutdown,
    log,
  });

  connection.onShutdown(() => {
    if (shutDown) return afterShutdown();
    shutDown = true;
    host?.dispose();
    return undefined;
  });
  process.on('uncaughtException', (e) => log(`uncaught: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${String(e)}`));

  documents.listen(connection);
  connection.listen();
}

/** The workspace folders' paths (file: URIs only), else the root. */
function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const out: string[] = [];
  for (const u of uris) {
    try {
      if (u.startsWith('file:')) out.push(fileURLToPath(u));
    } catch {
      // not a local folder: nothing to index there
    }
  }
  if (!out.length && params.rootPath) out.push(params.rootPath);
  return out;
}
