// The analysis cache: one analysed version per open document, debounced after edits, and the
// place every feature request waits for the version it was asked about. A cheap pre-scan of the
// text (workload.ts) decides where a version is analysed: light documents in the server thread,
// heavy ones in a worker from the bounded pool (workerPool.ts), so no document blocks the message
// loop or fills its heap. Kept analyses are bounded too: at most MAX_MAIN_CONTEXTS in the server
// thread, and idle workers are taken back when another analysis needs a slot; a document whose
// analysis was dropped is analysed again when a feature asks for it. A worker that holds (or is
// making) an earlier version of a document is sent only the edits since (docs/language-server.md,
// "Incremental analysis"), and falls back to the whole text when it cannot apply them.

import type { CancellationToken } from 'vscode-languageserver';
import { buildContext } from './context';
import {
  failureSummary,
  runFeature,
  summarize,
  type AnalysisSummary,
  type FeatureName,
  type FeatureParams,
  type FeatureResult,
} from './engine';
import { JOBS, type JobName, type ServerSettings } from '../../protocol/src';
import { EDIT_REFUSED } from './worker';
import { isSuperseded, WorkerGone, type AnalysisWorker } from './workerPool';
import { measureWork, workerReason } from './workload';
import type { PreparedSchemas } from './schemas';
import { analysisPause, hoverHold } from './analysisPause';
import type { Analysed, Entry, HostOptions } from './documentEntry';

export type { HostOptions };
import { earlierHover, hoverBehindEdit, sendLineStarts } from './earlyHover';

/** Most analyses kept in the server thread; the least recently used beyond it are dropped. */
export const MAX_MAIN_CONTEXTS = 16;

const isEditRefused = (err: unknown) => err instanceof Error && err.message.startsWith(EDIT_REFUSED);

export class DocumentHost {
  private readonly entries = new Map<string, Entry>();
  /** Entries holding a server-thread analysis, least recently used first. */
  private readonly mainKept = new Set<Entry>();
  private ready: boolean;
  private disposed = false;

  constructor(private readonly o: HostOptions) {
    this.ready = !o.ready;
    void o.ready?.then(() => (this.ready = true));
  }

  /**
   * A document was opened or changed: analyse it after a pause proportional to its size
   * (at once when `immediate`). A version already scheduled or analysed is left alone unless `force`.
   */
  update(uri: string, version: number, size: number, immediate = false, force = false): void {
    if (this.disposed) return;
    let e = this.entries.get(uri);
    if (!e) {
      e = { uri, version: -1, lastFullMs: 0, reusable: false, published: -1, republish: false };
      this.entries.set(uri, e);
    }
    if (!force && e.version === version) return;
    e.version = version;
    e.republish ||= force;
    if (e.timer) clearTimeout(e.timer);
    // The pause follows the expected cost of the next analysis: an edit the worker can apply to
    // the version it holds is cheap, even right after a full analysis (analysisPause.ts).
    const holds = e.workerHolds;
    const incrementalExpected =
      !!holds &&
      e.reusable &&
      !!e.worker?.alive &&
      holds.version < version &&
      !!this.o.linesKeptSince?.(uri, holds.version);
    const delay = immediate
      ? 0
      : analysisPause({ size, incrementalExpected, lastIncrementalMs: e.lastIncrementalMs, lastFullMs: e.lastFullMs });
    e.pauseEnded = undefined;
    e.timer = setTimeout(() => this.startAfterHovers(e!), delay);
  }

  /** The pause is over: start the analysis, unless hovers answered from the earlier version still come (hoverHold). */
  private startAfterHovers(e: Entry): void {
    const now = performance.now();
    // A hover on its way to the earlier version counts as one just answered: the next in its run follows it.
    const wait = hoverHold(now, e.earlyInFlight ? now : e.lastEarlyHover, (e.pauseEnded ??= now));
    if (wait > 0) e.timer = setTimeout(() => this.startAfterHovers(e), wait);
    else this.start(e);
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
    if (e.worker) this.o.pool.stop(e.worker);
    e.workerHolds = undefined;
    this.mainKept.delete(e);
    this.entries.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const uri of [...this.entries.keys()]) this.close(uri);
    this.o.pool.dispose();
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
    const reason = workerReason(measureWork(text, this.o.limits), this.o.limits);
    const where = reason ? `a worker thread (${reason})` : 'the server thread';
    if (where !== e.where) this.o.info(`${e.uri}: analysed in ${where}`);
    e.where = where;
    // An older version's analysis is kept until the new one lands: it answers hovers on lines the
    // edits since did not touch (earlierHover); every other request waits for the new version.
    // A schema that fails to load is left out of this analysis; the failure is logged.
    const schemas = this.o.schemas?.(e.uri, settings, text).catch((err: unknown) => {
      this.o.log(`user schemas of ${e.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return undefined;
    });
    const done = reason
      ? this.inWorker(e, version, text, settings, schemas)
      : this.inMain(e, version, text, settings, schemas);
    e.running = { version, done };
    void done.then(() => {
      if (e.running?.done === done) e.running = undefined;
    });
  }

  /**
   * The edits since the version the document's worker holds (or is making), sent to it; false when
   * there is no such worker, the settings changed, or the edits are not known (send the text).
   */
  private async editInWorker(e: Entry, version: number, settings: string): Promise<boolean | 'done'> {
    const worker = e.worker;
    const holds = e.workerHolds;
    if (!worker?.alive || !holds || holds.settings !== settings || holds.version >= version) return false;
    const since = this.o.editsSince?.(e.uri, holds.version);
    if (!since) return false;
    // Sent even while the worker is busy: calls run in order, and the edit follows the call before.
    e.workerHolds = { version, settings };
    try {
      const s = await worker.call<AnalysisSummary>({
        op: 'edit',
        version,
        baseVersion: holds.version,
        edits: since.edits,
        length: since.length,
      });
      this.finish(e, { version, worker }, s);
      this.holdWorker(e, worker);
      return 'done';
    } catch (err) {
      if (isSuperseded(err)) return 'done';
      if (e.worker === worker && e.workerHolds?.version === version) e.workerHolds = undefined;
      // Refused (or the worker failed): the whole text, if this version is still the one wanted.
      if (!isEditRefused(err)) this.o.log(`incremental analysis of ${e.uri} failed: ${String(err).split('\n')[0]}`);
      return false;
    }
  }

  private holdWorker(e: Entry, worker: AnalysisWorker): void {
    this.o.pool.hold(worker, () => {
      // Taken back for another analysis: this document's is analysed again on demand.
      if (e.worker === worker) {
        e.worker = undefined;
        e.workerHolds = undefined;
      }
      if (e.ready?.worker === worker) e.ready = undefined;
    });
  }

  /** Stops the document's worker: what it held is gone. */
  private stopWorker(e: Entry): void {
    if (e.worker) this.o.pool.stop(e.worker);
    e.worker = undefined;
    e.workerHolds = undefined;
  }

  private async inWorker(
    e: Entry,
    version: number,
    text: string,
    settings: ServerSettings,
    schemasReady?: Promise<PreparedSchemas | undefined>,
  ): Promise<void> {
    // The worker compiles the same files itself (a compiled parser cannot cross threads).
    const schemas = (await schemasReady)?.entries;
    const { pool } = this.o;
    const wanted = () => this.entries.get(e.uri) === e && e.version === version;
    // The worker's analysis is reusable for edits only under the same settings and schemas.
    const settingsKey = JSON.stringify({ settings, schemas });
    const edited = await this.editInWorker(e, version, settingsKey);
    if (edited === 'done' || (edited === false && !wanted())) return;
    const cur = this.o.current(e.uri);
    if (!cur || cur.version !== version) return;
    text = cur.text;
    // A worker still busy with an older version is stopped; an idle one is reused.
    if (e.worker && (e.worker.busy || !e.worker.alive)) this.stopWorker(e);
    const worker = e.worker ?? (await pool.acquire(wanted));
    if (!worker) return;
    if (!wanted()) {
      if (e.worker !== worker) pool.stop(worker);
      return;
    }
    e.worker = worker;
    e.workerHolds = { version, settings: settingsKey };
    try {
      const analysed = worker.call<AnalysisSummary>({ op: 'analyze', uri: e.uri, version, text, settings, schemas });
      sendLineStarts(worker, version, text, this.o.linesNeeded && (() => this.o.linesNeeded!(e.uri)));
      const s = await analysed;
      this.finish(e, { version, worker }, s);
      this.holdWorker(e, worker);
    } catch (err) {
      if (isSuperseded(err)) return;
      if (e.worker === worker) {
        e.worker = undefined;
        e.workerHolds = undefined;
      }
      pool.stop(worker);
      this.failed(e, version, err);
    }
  }

  private async inMain(
    e: Entry,
    version: number,
    text: string,
    settings: ServerSettings,
    schemasReady?: Promise<PreparedSchemas | undefined>,
  ): Promise<void> {
    if (e.worker) this.stopWorker(e);
    const schemas = await schemasReady;
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        try {
          if (this.entries.get(e.uri) === e && e.version === version) {
            const ctx = buildContext(e.uri, version, text, settings, undefined, schemas);
            this.finish(e, { version, ctx }, summarize(ctx));
          }
        } catch (err) {
          this.failed(e, version, err);
        }
        resolve();
      });
    });
  }

  private finish(e: Entry, a: Analysed, s: AnalysisSummary): void {
    if (s.incremental) e.lastIncrementalMs = s.durationMs;
    else e.lastFullMs = s.durationMs;
    // Only a worker's analysis is reused by the next edit (the server thread decodes from scratch).
    if (!a.ctx) e.reusable = !!s.reusable;
    if (this.entries.get(e.uri) !== e) return;
    // A newer version may be waiting; this one is still the best until it lands.
    if (!e.ready || e.ready.version <= a.version) {
      if (e.ready?.ctx && !a.ctx) this.mainKept.delete(e);
      e.ready = a;
      if (a.ctx) this.keepMain(e);
    }
    if (e.failed && e.failed.version <= a.version) e.failed = undefined;
    this.publish(e, s);
  }

  private failed(e: Entry, version: number, err: unknown): void {
    // The first line says why (an error reply from a worker carries its stack after it).
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    this.o.log(
      `analysis of ${e.uri} (version ${version}) failed: ${err instanceof Error && !(err instanceof WorkerGone) ? (err.stack ?? err.message) : reason}`,
    );
    if (this.entries.get(e.uri) !== e) return;
    e.failed = { version, reason };
    this.publish(e, failureSummary(e.uri, version, reason));
  }

  private publish(e: Entry, s: AnalysisSummary): void {
    if (s.version !== e.version || (e.published === s.version && !e.republish)) return;
    e.published = s.version;
    e.republish = false;
    this.o.onAnalysis(s);
  }

  /** Forget the analysis this entry holds (its worker goes back to the pool). */
  private drop(e: Entry): void {
    if (e.ready?.ctx) this.mainKept.delete(e);
    e.ready = undefined;
  }

  /** Mark a server-thread analysis as just used; drop the least recently used beyond MAX_MAIN_CONTEXTS. */
  private keepMain(e: Entry): void {
    this.mainKept.delete(e);
    this.mainKept.add(e);
    for (const old of this.mainKept) {
      if (this.mainKept.size <= MAX_MAIN_CONTEXTS) break;
      this.drop(old);
    }
  }

  /** The analysis of `version`, waiting for a scheduled or running one; 'failed' when it failed; undefined once a newer version exists. */
  private async analysed(
    uri: string,
    version: number,
    token?: CancellationToken,
  ): Promise<Analysed | 'failed' | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const e = this.entries.get(uri);
      if (!e || token?.isCancellationRequested) return undefined;
      if (e.ready?.version === version) {
        if (e.ready.ctx) this.keepMain(e);
        return e.ready;
      }
      if (e.failed?.version === version) return 'failed';
      if (e.version !== version) return undefined;
      if (e.timer) {
        clearTimeout(e.timer);
        this.start(e);
      }
      if (e.running) await e.running.done;
      else if (!e.timer) this.start(e); // never analysed, or its analysis was dropped
    }
    return undefined;
  }

  /**
   * Run a feature on the analysis of the document's current version. When that analysis failed,
   * document symbols are the last ones answered (the outline keeps its shape); the rest is empty.
   */
  async run<K extends FeatureName>(
    uri: string,
    name: K,
    params: FeatureParams<K>,
    token?: CancellationToken,
  ): Promise<FeatureResult<K> | undefined> {
    if (this.disposed) return undefined;
    const cur = this.o.current(uri);
    if (!cur) return undefined;
    if (name === 'hover') {
      const p = params as FeatureParams<'hover'>;
      const e = this.entries.get(uri);
      const earlier = e && (await earlierHover(e, cur.version, p, (v, line) => !!this.o.lineUntouched?.(uri, v, line)));
      if (earlier !== undefined) return earlier as FeatureResult<K>;
      const behind = e && (await hoverBehindEdit(e, cur.version, p));
      if (behind !== undefined) return behind as FeatureResult<K>;
    }
    const a = await this.analysed(uri, cur.version, token);
    const e = this.entries.get(uri);
    if (a === 'failed') return name === 'symbols' ? (e?.symbols as FeatureResult<K> | undefined) : undefined;
    if (!a || token?.isCancellationRequested) return undefined;
    const result = a.ctx
      ? runFeature(a.ctx, name, params)
      : await a.worker!.call<FeatureResult<K>>({ op: 'feature', version: a.version, name, params });
    if (name === 'symbols' && e) e.symbols = result as FeatureResult<'symbols'>;
    return result;
  }

  /** A job (custom request on bytes or text): in a one-shot pooled worker when `heavy`, else inline. */
  async job<T>(name: JobName, heavy: boolean, args: unknown[], transfer: ArrayBuffer[] = []): Promise<T> {
    if (!heavy) return (JOBS[name] as (...a: unknown[]) => T)(...args);
    const w = await this.o.pool.acquire();
    if (!w) throw new Error('the server is shutting down');
    try {
      return await w.call<T>({ op: 'job', name, args }, transfer);
    } finally {
      this.o.pool.stop(w);
    }
  }
}
