// A small LSP client for the tests: spawns the real server (out/server/src/server.js --stdio),
// speaks JSON-RPC to it, and collects published diagnostics and analysis notifications.

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import {
  createProtocolConnection,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver/node';

export const ROOT = path.resolve(__dirname, '../../../..');
export const SERVER = path.join(ROOT, 'out/server/src/server.js');

export function fixture(rel: string): { uri: string; text: string; path: string } {
  const p = path.join(ROOT, rel);
  return { uri: pathToFileURL(p).href, text: readFileSync(p, 'utf8'), path: p };
}

export function uriOf(rel: string): string {
  return pathToFileURL(path.join(ROOT, rel)).href;
}

export interface StartOptions {
  workerThreshold?: number;
  /** Most analysis workers alive at once (server default 2). */
  maxWorkers?: number;
  /** Heap limit of each analysis worker, MiB (tests make it tiny to force a worker to die). */
  workerHeapMb?: number;
  /** false: the server starts no spare analysis worker ahead of need. */
  spareWorker?: boolean;
  /** Node or V8 flags for the server process. */
  nodeFlags?: string[];
  settings?: unknown;
  /** Answer workspace/configuration with these settings (declares the capability). */
  pullSettings?: unknown;
  /** Declare textDocument.definition.linkSupport (Go to Definition then answers LocationLinks). */
  linkSupport?: boolean;
  /** The workspace root (default: the repository). */
  rootPath?: string;
}

export class LspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly analyses: unknown[] = [];
  readonly logs: string[] = [];
  /** How the server process ended, once it has. */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly conn: ProtocolConnection,
    readonly proc: ChildProcess,
  ) {}

  static async start(o: StartOptions = {}): Promise<LspClient> {
    const proc = spawn(process.execPath, [...(o.nodeFlags ?? []), SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const conn = createProtocolConnection(proc.stdout!, proc.stdin!);
    const c = new LspClient(conn, proc);
    proc.stderr!.on('data', (d) => c.logs.push(String(d)));
    // A server that dies fails the waiting test with its log, instead of leaving requests pending forever.
    proc.on('exit', (code, signal) => {
      c.exit = { code, signal };
      c.conn.dispose();
      c.wake();
    });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = c.diagnostics.get(p.uri) ?? [];
      list.push(p);
      c.diagnostics.set(p.uri, list);
      c.wake();
    });
    conn.onNotification('vmbstate/analysisChanged', (p: unknown) => {
      c.analyses.push(p);
      c.wake();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => c.logs.push(p.message));
    conn.onRequest('workspace/configuration', () => [o.pullSettings ?? {}]);
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/inlayHint/refresh', () => null);
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(o.rootPath ?? ROOT).href,
      capabilities: {
        workspace: { configuration: o.pullSettings !== undefined },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          ...(o.linkSupport ? { definition: { linkSupport: true } } : {}),
        },
      },
      initializationOptions: {
        ...(o.workerThreshold !== undefined ? { workerThreshold: o.workerThreshold } : {}),
        ...(o.maxWorkers !== undefined ? { maxWorkers: o.maxWorkers } : {}),
        ...(o.workerHeapMb !== undefined ? { workerHeapMb: o.workerHeapMb } : {}),
        ...(o.spareWorker !== undefined ? { spareWorker: o.spareWorker } : {}),
        ...(o.settings !== undefined ? { settings: o.settings } : {}),
      },
    });
    await conn.sendNotification('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Wait until `pred` holds, re-checking whenever a notification arrives. */
  async until<T>(pred: () => T | undefined, timeoutMs = 20000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v !== undefined) return v;
      if (this.exit)
        throw new Error(
          `the server exited (code ${this.exit.code}, signal ${this.exit.signal}) while waiting for ${what}; server log:\n${this.logs.join('')}`,
        );
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; server log:\n${this.logs.join('')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Diagnostics published for `uri` at `version` (the latest version when omitted). */
  async diagnosticsFor(uri: string, version = this.versions.get(uri)): Promise<Diagnostic[]> {
    const p = await this.until(
      () => this.diagnostics.get(uri)?.find((d) => d.version === version),
      20000,
      `diagnostics of ${uri} v${version}`,
    );
    return p.diagnostics;
  }

  /** The next diagnostics published for `uri` after `count` publications (see published()). */
  async nextDiagnostics(uri: string, count: number): Promise<Diagnostic[]> {
    const p = await this.until(() => this.diagnostics.get(uri)?.[count], 20000, `publication ${count + 1} for ${uri}`);
    return p.diagnostics;
  }

  /** How many times diagnostics were published for `uri`. */
  published(uri: string): number {
    return this.diagnostics.get(uri)?.length ?? 0;
  }

  async open(uri: string, text: string, languageId = 'vmbstate-hex'): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return this.diagnosticsFor(uri, 1);
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  /** Replace the whole text and wait for the new diagnostics. */
  async replace(uri: string, text: string): Promise<Diagnostic[]> {
    const v = await this.change(uri, [{ text }]);
    return this.diagnosticsFor(uri, v);
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

/** Apply LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) =>
    p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length);
  const sorted = [...edits].sort(
    (a, b) => off(b.range.start) - off(a.range.start) || off(b.range.end) - off(a.range.end),
  );
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
