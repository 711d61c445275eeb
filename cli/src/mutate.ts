// `vmbstate mutate GOOD OUTDIR`: writes the failure fixtures core makes from a clean stream, one
// `.vmbhex` per producible code, each atomically; lists the codes it could not make and why.

import { mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyze, cleanRestore, decodeDocument, generateFailureFixtures } from '../../core/src';
import { FileAccessError, writeFileAtomic } from '../../core/src/node/files';
import type { CliOptions } from './args';
import { jsonText } from './print';
import { readInput } from './readInput';

/** Exit 0 when the fixtures were written, 1 when GOOD does not restore cleanly (nothing written). */
export function runMutate(o: CliOptions, out: (s: string) => void, err: (s: string) => void): number {
  const [good, outDir] = o.files;
  const doc = decodeDocument(good, readInput(good), { buffering: o.buffering, channel: o.channel });
  const why = cleanRestore(analyze(doc));
  if (why) {
    err(`vmbstate: ${good}: not a clean stream, nothing written: ${why}`);
    return 1;
  }
  const made = generateFailureFixtures(doc, basename(good));
  try {
    mkdirSync(outDir, { recursive: true });
    if (!statSync(outDir).isDirectory()) throw new Error('not a folder');
  } catch (e) {
    throw new FileAccessError(`${outDir}: cannot create the output folder: ${(e as Error).message}`);
  }
  const written = made.fixtures.map((f) => {
    const path = join(outDir, f.fileName);
    writeFileAtomic(path, f.text);
    return { code: f.code, file: path, changed: f.changed, fails: f.fails };
  });
  if (o.json) {
    out(jsonText({ source: good, written, skipped: made.skipped }, 2));
    return 0;
  }
  for (const w of written) out(`${w.file}: [${w.code}] ${w.changed}; ${w.fails}`);
  for (const s of made.skipped) out(`not generated: [${s.code}] ${s.reason}`);
  out(`${good}: ${written.length} fixture(s) written to ${outDir}, ${made.skipped.length} code(s) not generated`);
  return 0;
}
