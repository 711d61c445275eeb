// An analysis worker thread: holds one analysed document (or runs one job) so a large file's
// decode, restore emulation and feature passes never block the server's message loop.

import { parentPort } from 'node:worker_threads';
import { buildContext, type DocContext } from './context';
import { runFeature, summarize, type FeatureName, type FeatureParams } from './engine';
import { JOBS, type JobName, type ServerSettings } from '../../protocol/src';
import type { SchemaEntry } from '../../core/src';
import { SchemaSet } from '../../core/src/node/schemas';

export type WorkerCall =
  | { op: 'analyze'; uri: string; version: number; text: string; settings: ServerSettings; schemas?: SchemaEntry[] }
  | { op: 'feature'; name: FeatureName; params: FeatureParams<FeatureName> }
  | { op: 'job'; name: JobName; args: unknown[] };

export type WorkerRequest = WorkerCall & { id: number };

export type WorkerReply = { id: number; result?: unknown; error?: string };

export const WORKER_MARK = 'vmbstate-analysis-worker';

export function runWorker(): void {
  const port = parentPort!;
  let ctx: DocContext | undefined;
  port.on('message', (m: WorkerRequest) => {
    let reply: WorkerReply;
    if (m.op === 'analyze' && m.schemas?.length) {
      // User schemas compile asynchronously (cached by content in this worker), then the analysis runs.
      ctx = undefined;
      const entries = m.schemas;
      void SchemaSet.load(entries)
        .then((set) => {
          ctx = buildContext(m.uri, m.version, m.text, m.settings, { entries, set });
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
      } else if (m.op === 'feature') {
        reply = { id: m.id, result: ctx ? runFeature(ctx, m.name, m.params) : null };
      } else {
        reply = { id: m.id, result: (JOBS[m.name] as (...a: unknown[]) => unknown)(...m.args) };
      }
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}
