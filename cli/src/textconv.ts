// `vmbstate textconv FILE`: the canonical text of a saved state (core canonicalLines) for
// `git diff` through a textconv driver (docs/compare.md has the .gitattributes recipe).

import { analyze, canonicalLines, decodeDocument } from '../../core/src';
import type { CliOptions } from './args';
import { readInput } from './readInput';

export function runTextconv(o: CliOptions, out: (s: string) => void): number {
  const file = o.files[0];
  const a = analyze(decodeDocument(file, readInput(file), { buffering: o.buffering, channel: o.channel }));
  for (const line of canonicalLines(a)) out(line);
  return 0;
}
