// Hovers on a large document answered without waiting for its analysis in progress
// (docs/language-server.md, "Hover during re-analysis"): from the previous version when the
// hover's line is untouched since, or queued in the worker right behind the edit it runs; and the
// line index a worker's first hover needs, made by this thread while the worker decodes.

import { LineIndex } from '../../core/src';
import type { Entry } from './documentEntry';
import type { AnalysisWorker } from './workerPool';
import { runFeature, type FeatureParams, type FeatureResult } from './engine';
import { STALE } from './worker';

type HoverResult = FeatureResult<'hover'>;

/**
 * A hover answered from the last analysed version while the current one is still waiting or
 * being analysed, when the hover's line was not touched by the edits since and every edit kept
 * its number of lines (positions on that line are then the same in both versions); undefined
 * when that does not hold or that analysis is gone (the caller waits for the current version).
 */
export async function earlierHover(
  e: Entry,
  version: number,
  params: FeatureParams<'hover'>,
  lineUntouched: (since: number, line: number) => boolean,
): Promise<HoverResult | undefined> {
  // Counted while on its way and timed when answered: the pending analysis is held for a run of
  // these (analysisPause.ts hoverHold).
  e.earlyInFlight = (e.earlyInFlight ?? 0) + 1;
  try {
    const r = await fromEarlier(e, version, params, lineUntouched);
    if (r !== undefined) e.lastEarlyHover = performance.now();
    return r;
  } finally {
    e.earlyInFlight--;
  }
}

async function fromEarlier(
  e: Entry,
  version: number,
  params: FeatureParams<'hover'>,
  lineUntouched: (since: number, line: number) => boolean,
): Promise<HoverResult | undefined> {
  const a = e.ready;
  if (!a || a.version >= version || e.version !== version || e.failed?.version === version) return undefined;
  if (!e.timer && e.running?.version !== version) return undefined;
  if (!lineUntouched(a.version, params.position.line)) return undefined;
  if (a.ctx) return runFeature(a.ctx, 'hover', params);
  // The worker answers at once unless it already started on the edit (calls run in order): then
  // it answers from the current version once that is done (orVersion), else STALE and the
  // hover waits for the current version.
  const r = await a.worker!.call<HoverResult | typeof STALE>({
    op: 'feature',
    version: a.version,
    orVersion: version,
    name: 'hover',
    params,
    orStale: true,
  });
  return r === STALE ? undefined : r;
}

/**
 * A hover on the version whose edits (or text) were already sent to the document's worker: sent
 * to it now, so it is answered right after that analysis there (calls run in order) instead of
 * after a round trip through the server thread; undefined when the worker does not end up
 * holding that version (the caller waits for it as for any feature).
 */
export async function hoverBehindEdit(
  e: Entry,
  version: number,
  params: FeatureParams<'hover'>,
): Promise<HoverResult | undefined> {
  const w = e.worker;
  if (!w?.alive || e.workerHolds?.version !== version || e.ready?.version === version) return undefined;
  if (e.running?.version !== version) return undefined;
  const r = await w.call<HoverResult | typeof STALE>({ op: 'feature', version, name: 'hover', params, orStale: true });
  return r === STALE ? undefined : r;
}

/** Texts from this many characters get their line starts from the server thread (sendLineStarts). */
const LINES_FROM_SERVER = 1 << 20;

/**
 * While the worker decodes `text` (version `version`), this otherwise idle thread finds its line
 * starts and sends them behind the analysis, so the worker holds them before the first position
 * request arrives instead of scanning 10 MB in front of it; then `alsoHere` indexes the editor's
 * copy of the text, which the first edit's offsets would otherwise scan for.
 */
export function sendLineStarts(w: AnalysisWorker, version: number, text: string, alsoHere?: () => void): void {
  if (text.length < LINES_FROM_SERVER) return;
  setImmediate(() => {
    if (!w.alive) return;
    void w.call({ op: 'lines', version, starts: new LineIndex(text).starts }).catch(() => undefined);
    alsoHere?.();
  });
}
