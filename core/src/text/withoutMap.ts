// The CLI's first pass over a text (docs/format.md §8.3): assemble, decode and restore it without a
// source map (about 80 bytes a hex row less), and tell whether that analysis is the full decode's.

import { analyze, type Analysis } from '../analyze';
import { withTextDefaults, type DocumentOptions } from '../document';
import type { Problem } from '../model';
import { assembleText } from './assembler';
import { decodeAssembled } from './decodeText';

/**
 * The analysis of `text` (as analyze(decodeTextDocument(text, opts, extra))) when no output of it
 * depends on the source map: every problem is one the parser or assembler found, with its own text
 * range, and none names related bytes the map would place. Otherwise (or on an internal error)
 * undefined: the caller decodes the text with its map.
 */
export function analyzeTextWithoutMap(text: string, opts: DocumentOptions, extra?: Problem): Analysis | undefined {
  try {
    const asm = assembleText(text, { ...(opts.userFields ? { userFields: opts.userFields } : {}), sourceMap: false });
    const own = new Set<Problem>(asm.problems);
    if (extra) own.add(extra);
    const doc = withTextDefaults(decodeAssembled(text, asm), text, opts, extra);
    const a = analyze(doc);
    const mapFree = a.problems.every((p) => own.has(p) && !(p.related ?? []).some((r) => r.bytes && !r.text));
    return mapFree ? a : undefined;
  } catch {
    return undefined;
  }
}
