// `vmbstate export --lang c|rust|python FILE [-o OUT]`: the restore calls of FILE as test data
// (core's emitters), on standard output or written atomically to OUT (docs/format.md §8.8).

import { basename } from 'node:path';
import { analyze, decodeDocument, exportLines, exportPlan } from '../../core/src';
import { writeFileAtomic } from '../../core/src/node/files';
import type { CliOptions } from './args';
import { readInput } from './readInput';

export function runExport(o: CliOptions, out: (s: string) => void, err: (s: string) => void): number {
  const file = o.files[0];
  const doc = decodeDocument(file, readInput(file), { buffering: o.buffering, channel: o.channel });
  const plan = exportPlan(analyze(doc), basename(file));
  const lines = exportLines(plan, o.lang!);
  if (o.output === undefined) {
    for (const l of lines) out(l);
    return 0;
  }
  writeFileAtomic(
    o.output,
    (function* () {
      for (const l of lines) yield l + '\n';
    })(),
  );
  err(`${file} → ${o.output} (${o.lang}, ${plan.calls.length} restore call(s))`);
  return 0;
}
