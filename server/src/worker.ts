// An analysis worker thread: holds one analysed document (or runs one job) so a large file's
// decode, restore emulation and feature passes never block the server's message loop.

import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { buildContext, buildContextEdited, type DocContext } from './context';
import { applyEdits, type OffsetEdit } from './textChanges';
import { runFeature, summarize, type FeatureName, type FeatureParams } from './engine';
import { JOBS, type JobName, type ServerSettings } from '../../protocol/src';
import type { SchemaEntry } from '../../core/src';
import { SchemaSet } from '../../core/src/node/schemas';

export type WorkerCall =
  | { op: 'analyze'; uri: string; version: number; text: string; settings: ServerSettings; schemas?: SchemaEntry[] }
  /** The version `version` made from the held `baseVersion` by `edits`; its text has `length` characters. */
  | { op: 'edit'; version: number; baseVersion: number; edits: OffsetEdit[]; length: number }
  /**
   * A feature on the held analysis, which must be of `version` or `orVersion` (else the answer is
   * null, or STALE with `orStale`).
   */
  | {
      op: 'feature';
      version?: number;
      orVersion?: number;
      name: FeatureName;
      params: FeatureParams<FeatureName>;
      orStale?: boolean;
    }
  | { op: 'job'; name: JobName; args: unknown[] }
  /** The line starts of the held version's text, found by the server thread (earlyHover.ts). */
  | { op: 'lines'; version: number; starts: number[] };

export type WorkerRequest = WorkerCall & { id: number };

export type WorkerReply = { id: number; result?: unknown; error?: string };

export const WORKER_MARK = 'vmbstate-analysis-worker';

/** Longest slice of look-up building (DocContext.warm) between two messages. */
const WARM_SLICE_MS = 3;
/** The worker builds field trees and the look-ups that cannot be sliced only after this long without a message. */
const WARM_IDLE_MS = 150;

/** A `feature` call's answer (with `orStale`) when the worker no longer holds the version asked about. */
export const STALE = 'vmbstate-stale-version';

/** The start of the error an `edit` call fails with when the worker does not hold its base version. */
export const EDIT_REFUSED = 'edit refused:';

/**
 * Test hook (never set in use): the worker spends this many milliseconds in each of an edit's two
 * steps, so a test can send a request while an edit runs.
 */
const SLOW_EDIT_MS = Number(process.env.VMBSTATE_TEST_SLOW_EDIT_MS) || 0;

function spend(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

export function runWorker(): void {
  const port = parentPort!;
  let ctx: DocContext | undefined;
  let lastMessage = 0;
  /** Requests received and not yet handled, in order (an edit's step between may take some out, below). */
  const queue: WorkerRequest[] = [];
  let draining = false;
  port.on('message', (m: WorkerRequest) => {
    lastMessage = performance.now();
    queue.push(m);
    if (draining) return;
    draining = true;
    try {
      while (queue.length) handle(queue.shift()!);
    } finally {
      draining = false;
    }
  });

  const featureReply = (held: DocContext | undefined, m: WorkerRequest & { op: 'feature' }): WorkerReply => {
    const fits = held && (m.version === undefined || held.version === m.version || held.version === m.orVersion);
    return { id: m.id, result: fits ? runFeature(held!, m.name, m.params) : m.orStale ? STALE : null };
  };

  /**
   * Between an edit's steps, while `prev` is still whole: feature requests that name `prev`'s
   * version (hovers answered from the earlier version, documents.ts) are answered from it now,
   * those already queued and those waiting on the port alike; every other request keeps its place.
   */
  const answerFromEarlier = (prev: DocContext) => {
    for (let r = receiveMessageOnPort(port); r; r = receiveMessageOnPort(port)) {
      lastMessage = performance.now();
      queue.push(r.message as WorkerRequest);
    }
    const keep: WorkerRequest[] = [];
    for (const q of queue) {
      if (q.op === 'feature' && q.version === prev.version) port.postMessage(featureReply(prev, q));
      else keep.push(q);
    }
    queue.length = 0;
    queue.push(...keep);
  };

  function handle(m: WorkerRequest): void {
    let reply: WorkerReply;
    if (m.op === 'analyze' && m.schemas?.length) {
      // User schemas compile asynchronously (cached by content in this worker), then the analysis runs.
      ctx = undefined;
      const entries = m.schemas;
      void SchemaSet.load(entries)
        .then((set) => {
          ctx = buildContext(m.uri, m.version, m.text, m.settings, undefined, { entries, set });
          return { id: m.id, result: summarize(ctx) };
        })
        .catch((e: unknown) => ({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }))
        .then((r: WorkerReply) => port.postMessage(r));
      return;
    }
    try {
      if (m.op === 'analyze') {
        ctx = undefined; // the previous version's analysis is not needed past this point: let it go first
        ctx = buildContext(m.uri, m.version, m.text, m.settings);
        reply = { id: m.id, result: summarize(ctx) };
      } else if (m.op === 'edit') {
        const prev = ctx;
        if (!prev || prev.version !== m.baseVersion)
          throw new Error(`${EDIT_REFUSED} this worker holds version ${prev?.version ?? 'none'}, not ${m.baseVersion}`);
        // Step 1 leaves the previous version whole: the new text (made flat here, one copy of it)
        // and a copy of the line starts patched. If the edits do not fit, the caller sends the text.
        let edited;
        try {
          edited = applyEdits(prev.text, prev.lines.starts.slice(), m.edits);
        } catch (e) {
          throw new Error(`${EDIT_REFUSED} ${e instanceof Error ? e.message : String(e)}`);
        }
        if (edited.text.length !== m.length)
          throw new Error(`${EDIT_REFUSED} the edits give ${edited.text.length} characters, not ${m.length}`);
        edited.text.charCodeAt(0);
        spend(SLOW_EDIT_MS);
        answerFromEarlier(prev);
        // Step 2 consumes the previous version (its decode state and restore session are reused
        // in place): from here until the new version is held, requests wait.
        ctx = undefined;
        spend(SLOW_EDIT_MS);
        ctx = buildContextEdited(prev, m.version, edited);
        reply = { id: m.id, result: summarize(ctx) };
      } else if (m.op === 'lines') {
        if (ctx?.version === m.version) ctx.adoptLineStarts(m.starts);
        reply = { id: m.id, result: null };
      } else if (m.op === 'feature') {
        reply = featureReply(ctx, m);
      } else {
        reply = { id: m.id, result: (JOBS[m.name] as (...a: unknown[]) => unknown)(...m.args) };
      }
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
    // After an analysis is answered: build the line index before requests need it, in slices so
    // a request arriving meanwhile waits at most one slice; field trees and the whole-document
    // look-ups wait until no message came for WARM_IDLE_MS (hovers in a row are not held up by them).
    if ((m.op === 'analyze' || m.op === 'edit') && ctx && !reply.error) {
      const held = ctx;
      const fieldsToo = m.op === 'analyze';
      const slice = () => {
        if (ctx !== held) return;
        const idle = performance.now() - lastMessage >= WARM_IDLE_MS;
        const left = held.warm(WARM_SLICE_MS, idle, fieldsToo);
        if (left === 'more') setImmediate(slice);
        else if (left === 'idle') setTimeout(slice, WARM_IDLE_MS);
      };
      setImmediate(slice);
    }
  }
}
