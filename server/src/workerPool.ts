// Analysis worker threads and the pool that bounds them: at most `maxWorkers` threads alive at
// once (the rest wait in order), each with a heap limit so that running out of memory ends the
// worker, not the server. A worker that holds an idle document may be taken back for a new one.

import { Worker } from 'node:worker_threads';
import { WORKER_MARK, type WorkerCall, type WorkerReply } from './worker';

/** Young generation of each worker, in MiB (about 32 MiB semi-spaces; V8's default is 16 or less). */
const YOUNG_GENERATION_MB = 96;

/** A spare taken for an analysis is replaced this long after, not while that analysis runs. */
const SPARE_AGAIN_MS = 2000;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** Why a call failed because its worker stopped; `superseded` when the server stopped it on purpose. */
export class WorkerGone extends Error {
  constructor(
    message: string,
    readonly superseded = false,
  ) {
    super(message);
  }
}

export const isSuperseded = (e: unknown): boolean => e instanceof WorkerGone && e.superseded;

/** One worker thread running the server's own entry file in worker mode. */
export class AnalysisWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private gone?: WorkerGone;
  /** Last time a call was made (the pool takes back the least recently used idle worker). */
  lastUsed = Date.now();

  constructor(entry: string, heapMb: number, onExit: (w: AnalysisWorker) => void, onIdle: () => void) {
    this.worker = new Worker(entry, {
      workerData: { [WORKER_MARK]: true },
      // A larger young generation than V8's default keeps an edit's short-lived objects (nodes,
      // restore drafts) out of the old generation, whose collections pause the worker longest.
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.worker.unref();
    this.worker.on('message', (r: WorkerReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.error !== undefined) p.reject(new Error(r.error));
      else p.resolve(r.result);
      if (!this.pending.size) onIdle();
    });
    this.worker.on('error', (e: Error & { code?: string }) => {
      this.fail(
        new WorkerGone(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the analysis worker ran out of memory (its heap is limited to ${heapMb} MiB)`
            : `the analysis worker failed: ${e.message}`,
        ),
      );
    });
    this.worker.on('exit', (code) => {
      this.fail(new WorkerGone(`the analysis worker stopped unexpectedly (exit code ${code})`));
      onExit(this);
    });
  }

  private fail(e: WorkerGone): void {
    this.gone ??= e;
    for (const p of this.pending.values()) p.reject(this.gone);
    this.pending.clear();
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  get alive(): boolean {
    return !this.gone;
  }

  call<T>(req: WorkerCall, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    this.lastUsed = Date.now();
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }

  /** Stops the thread; calls still waiting fail as superseded. A worker that already failed is exiting on its own: left alone. */
  terminate(): void {
    if (this.gone) return;
    this.fail(new WorkerGone('superseded', true));
    void this.worker.terminate();
  }
}

export interface PoolOptions {
  entry: string;
  /** Most worker threads alive at once (analyses and jobs together). */
  maxWorkers: number;
  /** Heap limit of each worker, in MiB (V8 old generation). */
  heapMb: number;
  /** Told when a worker starts, with how many are alive. */
  started?: (alive: number, max: number) => void;
  /**
   * Keep one idle worker started ahead of need while fewer than maxWorkers are alive, so the next
   * analysis does not wait for a thread to start and load the server's code (about 100 ms).
   */
  spare?: boolean;
}

type Waiter = { wanted: () => boolean; grant: (w: AnalysisWorker | undefined) => void };

export class WorkerPool {
  private readonly live = new Set<AnalysisWorker>();
  /** Workers whose holder lets them go when a slot is needed, with what to tell the holder. */
  private readonly held = new Map<AnalysisWorker, () => void>();
  private readonly stopping = new Set<AnalysisWorker>();
  private readonly queue: Waiter[] = [];
  /** The idle worker started ahead of need (PoolOptions.spare); it counts among the live ones. */
  private spare?: AnalysisWorker;
  /** A spare stopped on its own (a heap too small to load the code): no more spares, no restart loop. */
  private spareFailed = false;
  /** A spare was started since the last pause (keepSpare); the timer that ends the pause. */
  private spareStarted = false;
  private spareTimer?: NodeJS.Timeout;
  private disposed = false;

  constructor(readonly o: PoolOptions) {
    this.keepSpare();
  }

  /** Threads alive now (stopping ones included: their memory is not free yet). */
  get size(): number {
    return this.live.size;
  }

  /**
   * A new worker as soon as fewer than maxWorkers are alive; meanwhile the least recently used
   * idle held worker is taken back. Undefined when `wanted()` no longer holds once it is our turn.
   */
  acquire(wanted: () => boolean = () => true): Promise<AnalysisWorker | undefined> {
    return new Promise((grant) => {
      this.queue.push({ wanted, grant });
      this.pump();
    });
  }

  /** The holder keeps `w` (it holds an analysis) but gives it up, via `release`, when a slot is needed and `w` is idle. */
  hold(w: AnalysisWorker, release: () => void): void {
    if (!w.alive || !this.live.has(w)) return;
    this.held.set(w, release);
    this.pump(); // someone may be waiting for exactly this worker to become idle
  }

  /** Stop a worker and free its slot once the thread has exited. */
  stop(w: AnalysisWorker): void {
    this.held.delete(w);
    if (!this.live.has(w) || this.stopping.has(w)) return;
    this.stopping.add(w);
    w.terminate();
  }

  dispose(): void {
    this.disposed = true;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    for (const q of this.queue.splice(0)) q.grant(undefined);
    for (const w of [...this.live]) this.stop(w);
  }

  private pump(): void {
    if (this.spare && !this.spare.alive) {
      this.spare = undefined; // failed: its exit frees the slot
      this.spareFailed = true;
    }
    while (this.queue.length && (this.disposed || this.spare || this.live.size < this.o.maxWorkers)) {
      const q = this.queue.shift()!;
      if (this.disposed || !q.wanted()) {
        q.grant(undefined);
        continue;
      }
      const w = this.spare ?? this.startWorker();
      this.spare = undefined;
      q.grant(w);
    }
    // Still waiting: take back idle held workers, least recently used first, one per waiter.
    let short = this.queue.filter((q) => q.wanted()).length - this.stopping.size;
    while (short > 0) {
      const idle = [...this.held.keys()].filter((w) => !w.busy).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (!idle) break;
      const release = this.held.get(idle)!;
      this.stop(idle);
      release();
      short--;
    }
    this.keepSpare();
  }

  private startWorker(): AnalysisWorker {
    const w = new AnalysisWorker(
      this.o.entry,
      this.o.heapMb,
      (x) => this.exited(x),
      () => this.pump(),
    );
    this.live.add(w);
    this.o.started?.(this.live.size, this.o.maxWorkers);
    return w;
  }

  /**
   * Starts the spare when it is wanted, nobody waits, and a slot is free: at once the first time,
   * else SPARE_AGAIN_MS later (a new thread loading the code competes with the analysis that just
   * took the last spare).
   */
  private keepSpare(): void {
    if (!this.o.spare || this.spareFailed || this.disposed || this.spare || this.spareTimer) return;
    if (this.queue.length || this.live.size >= this.o.maxWorkers) return;
    if (!this.spareStarted) {
      this.spareStarted = true;
      this.spare = this.startWorker();
      return;
    }
    this.spareTimer = setTimeout(() => {
      this.spareTimer = undefined;
      this.spareStarted = false;
      this.keepSpare();
    }, SPARE_AGAIN_MS);
    this.spareTimer.unref();
  }

  private exited(w: AnalysisWorker): void {
    if (this.spare === w) {
      this.spare = undefined;
      this.spareFailed ||= !this.disposed;
    }
    this.live.delete(w);
    this.held.delete(w);
    this.stopping.delete(w);
    this.pump();
  }
}
