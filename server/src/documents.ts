// The analysis cache: one analysed version per open document, debounced after edits, and the
// place every feature request waits for the version it was asked about. Small documents are
// analysed in the server thread; large ones in a worker thread of their own, so a 10 MB file
// never blocks the message loop. A worker still busy with a stale version is terminated.

import { Worker } from 'node:worker_threads';
import type { CancellationToken } from 'vscode-languageserver';
import { buildContext, type DocContext } from './context';
import { runFeature, summarize, type AnalysisSummary, type FeatureName } from './engine';
import type { JobName } from './jobs';
import { JOBS } from './jobs';
import type { ServerSettings } from './settings';
import { WORKER_MARK, type WorkerCall, type WorkerReply } from './worker';

export interface HostOptions {
  /** Documents of at least this many characters (bytes, for jobs) are analysed in a worker. */
  workerThreshold: number;
  /** Script that starts a worker (the server's own entry: it checks workerData). */
  workerEntry: string;
  settings: () => ServerSettings;
  /** Text of the open document now, with its version. */
  current: (uri: string) => { version: number; text: string } | undefined;
  onAnalysis: (s: AnalysisSummary) => void;
  log: (message: string) => void;
  /** Resolves once the settings are known; no analysis starts before. */
  ready?: Promise<void>;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

class WorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private dead = false;

  constructor(entry: string, log: (m: string) => void) {
    this.worker = new Worker(entry, { workerData: { [WORKER_MARK]: true } });
    this.worker.unref();
    this.worker.on('message', (r: WorkerReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.error !== undefined) p.reject(new Error(r.error));
      else p.resolve(r.result);
    });
    const fail = (e: Error) => {
      this.dead = true;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', (e) => {
      log(`analysis worker failed: ${e.stack ?? e.message}`);
      fail(e);
    });
    this.worker.on('exit', (code) => fail(new Error(`analysis worker exited (${code})`)));
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  get alive(): boolean {
    return !this.dead;
  }

  call<T>(req: WorkerCall): Promise<T> {
    if (this.dead) return Promise.reject(new Error('analysis worker is gone'));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  terminate(): void {
    this.dead = true;
    void this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('superseded'));
    this.pending.clear();
  }
}

/** Where a version's analysis lives: in this thread, or in a worker. */
type Analysed = { version: number; ctx?: DocContext; worker?: WorkerClient };

interface Entry {
  uri: string;
  /** Latest version seen (scheduled or analysed). */
  version: number;
  timer?: NodeJS.Timeout;
  running?: { version: number; done: Promise<void> };
  ready?: Analysed;
  worker?: WorkerClient;
  lastDuration: number;
}

export class DocumentHost {
  private readonly entries = new Map<string, Entry>();
  private ready: boolean;

  constructor(private readonly o: HostOptions) {
    this.ready = !o.ready;
    void o.ready?.then(() => (this.ready = true));
  }

  /**
   * A document was opened or changed: analyse it after a pause proportional to its size
   * (at once when `immediate`). A version already scheduled or analysed is left alone unless `force`.
   */
  update(uri: string, version: number, size: number, immediate = false, force = false): void {
    let e = this.entries.get(uri);
    if (!e) {
      e = { uri, version: -1, lastDuration: 0 };
      this.entries.set(uri, e);
    }
    if (!force && e.version === version) return;
    e.version = version;
    if (e.timer) clearTimeout(e.timer);
    const delay = immediate ? 0 : size < 64 * 1024 ? 100 : Math.min(1000, Math.max(250, e.lastDuration / 2));
    e.timer = setTimeout(() => this.start(e!), delay);
  }

  /** Re-analyse every open document (settings changed). */
  refreshAll(): void {
    for (const e of this.entries.values()) {
      const cur = this.o.current(e.uri);
      if (cur) this.update(e.uri, cur.version, cur.text.length, true, true);
    }
  }

  close(uri: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    e.worker?.terminate();
    this.entries.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.entries.keys()]) this.close(uri);
  }

  private start(e: Entry): void {
    e.timer = undefined;
    if (!this.ready) {
      // Settings not read yet: analyse once they are (waiters chain on to that analysis).
      e.running = {
        version: e.version,
        done: this.o.ready!.then(() => {
          this.ready = true;
          if (this.entries.get(e.uri) !== e || e.timer) return;
          this.start(e);
          return e.running?.done;
        }),
      };
      return;
    }
    const cur = this.o.current(e.uri);
    if (!cur) return;
    const { version, text } = cur;
    const settings = this.o.settings();
    const big = text.length >= this.o.workerThreshold;
    let done: Promise<void>;
    if (big) {
      if (e.worker && (e.worker.busy || !e.worker.alive)) {
        e.worker.terminate();
        e.worker = undefined;
      }
      const worker = (e.worker ??= new WorkerClient(this.o.workerEntry, this.o.log));
      done = worker.call<AnalysisSummary>({ op: 'analyze', uri: e.uri, version, text, settings }).then(
        (s) => this.finish(e, { version, worker }, s),
        (err: Error) => {
          if (err.message !== 'superseded') this.failed(e, version, err);
        },
      );
    } else {
      if (e.worker) {
        e.worker.terminate();
        e.worker = undefined;
      }
      done = new Promise<void>((resolve) => {
        setImmediate(() => {
          try {
            if (this.entries.get(e.uri) === e && e.version === version) {
              const ctx = buildContext(e.uri, version, text, settings);
              this.finish(e, { version, ctx }, summarize(ctx));
            }
          } catch (err) {
            this.failed(e, version, err as Error);
          }
          resolve();
        });
      });
    }
    e.running = { version, done };
  }

  private finish(e: Entry, a: Analysed, s: AnalysisSummary): void {
    e.lastDuration = s.durationMs;
    if (this.entries.get(e.uri) !== e) return;
    // A newer version may be waiting; this one is still the best until it lands.
    if (!e.ready || e.ready.version <= a.version) e.ready = a;
    if (a.version === e.version) this.o.onAnalysis(s);
  }

  private failed(e: Entry, version: number, err: Error): void {
    this.o.log(`analysis of ${e.uri} (version ${version}) failed: ${err.stack ?? err.message}`);
  }

  /** The analysis of `version`, waiting for a scheduled or running one; undefined once a newer version exists. */
  private async analysed(uri: string, version: number, token?: CancellationToken): Promise<Analysed | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const e = this.entries.get(uri);
      if (!e || token?.isCancellationRequested) return undefined;
      if (e.ready?.version === version) return e.ready;
      if (e.version !== version) return undefined;
      if (e.timer) {
        clearTimeout(e.timer);
        this.start(e);
      }
      if (e.running) await e.running.done;
      else if (!e.timer) this.start(e);
    }
    return undefined;
  }

  /** Run a feature on the analysis of the document's current version. */
  async run<T>(uri: string, name: FeatureName, params: unknown, token?: CancellationToken): Promise<T | undefined> {
    const cur = this.o.current(uri);
    if (!cur) return undefined;
    const a = await this.analysed(uri, cur.version, token);
    if (!a || token?.isCancellationRequested) return undefined;
    if (a.ctx) return runFeature(a.ctx, name, params) as T;
    return a.worker!.call<T>({ op: 'feature', name, params });
  }

  /** A job (custom request on bytes or text): in a one-shot worker when its input is large. */
  async job<T>(name: JobName, size: number, args: unknown[]): Promise<T> {
    if (size < this.o.workerThreshold) return (JOBS[name] as (...a: unknown[]) => T)(...args);
    const w = new WorkerClient(this.o.workerEntry, this.o.log);
    try {
      return await w.call<T>({ op: 'job', name, args });
    } finally {
      w.terminate();
    }
  }
}
