// The content quick fixes of an analysis's problems (binary twins of the text form's), worked out
// from the bytes the analysis describes and sent with it to the webview's problem list.

import { fixKindsFor, type WireAnalysis, type DiagnosticCode } from '../../../core/src';
import type { ProblemFixes } from './model/messages';
import { CONTENT_FIX_OFFERS, contentFixOffers } from './model/contentFixes';

/** Content fixes are worked out for at most this many problems of one analysis (each is a few byte reads). */
const MAX_CONTENT_FIX_PROBLEMS = 2000;
/** Whether core's fix table gives the code a content fix kind (worked out here, not in the webview). */
const hasContentFix = (code: DiagnosticCode) =>
  fixKindsFor(code, 'bytes').some((k) => CONTENT_FIX_OFFERS[k] !== undefined);

/**
 * The content quick fixes by problem index (problems without one are left out). `bytes` is asked
 * for only when a problem has a content fix (a big edited document is not flattened otherwise).
 */
export function problemFixes(bytes: Uint8Array | (() => Uint8Array), a: WireAnalysis): ProblemFixes {
  const out: ProblemFixes = {};
  const wanted = a.problems
    .map((p, i) => [p, i] as const)
    .filter(([p]) => hasContentFix(p.code))
    .slice(0, MAX_CONTENT_FIX_PROBLEMS);
  if (wanted.length === 0) return out;
  const all = typeof bytes === 'function' ? bytes() : bytes;
  const ranges = a.calls.flatMap((c) => c.items.filter((i) => i.kind === 'chunk').map((i) => ({ ...i.bytes })));
  for (const [p, i] of wanted) {
    try {
      const offers = contentFixOffers(all, ranges, p, a.channel);
      if (offers.length) out[i] = offers;
    } catch (e) {
      // A fix that cannot be worked out is not offered; the problem itself still shows.
      console.warn('vmbstate: content fix offers failed', e);
    }
  }
  return out;
}
