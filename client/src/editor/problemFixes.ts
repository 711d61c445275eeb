// The content quick fixes of an analysis's problems (binary twins of the text form's), worked out
// from the bytes the analysis describes and sent with it to the webview's problem list.

import type { WireAnalysis } from '../../../core/src';
import type { ProblemFixes } from './model/messages';
import { contentFixOffers } from './model/contentFixes';

/** Content fixes are worked out for at most this many problems of one analysis (each is a few byte reads). */
const MAX_CONTENT_FIX_PROBLEMS = 2000;
const CONTENT_FIX_CODES = new Set(['CONTENT-GPADL-CHANNEL', 'CONTENT-RING-GPADL', 'UNSUP-TYPE', 'SEQ-AFTER-FINAL', 'CONTENT-GPADL-DUP', 'CONTENT-TXID-DUP', 'EOF-TRUNCATED']);

/** The content quick fixes by problem index (problems without one are left out). */
export function problemFixes(bytes: Uint8Array, a: WireAnalysis): ProblemFixes {
  const out: ProblemFixes = {};
  const wanted = a.problems.map((p, i) => [p, i] as const).filter(([p]) => CONTENT_FIX_CODES.has(p.code)).slice(0, MAX_CONTENT_FIX_PROBLEMS);
  if (wanted.length === 0) return out;
  const ranges = a.calls.flatMap((c) => c.items.filter((i) => i.kind === 'chunk').map((i) => ({ ...i.bytes })));
  for (const [p, i] of wanted) {
    try {
      const offers = contentFixOffers(bytes, ranges, p);
      if (offers.length) out[i] = offers;
    } catch (e) {
      // A fix that cannot be worked out is not offered; the problem itself still shows.
      console.warn('vmbstate: content fix offers failed', e);
    }
  }
  return out;
}
