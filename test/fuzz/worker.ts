// Runs fuzz cases [from, to) and reports progress, so the parent can tell a hang from a slow case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { runCase } from './cases';
import { runSaveCase } from './saveCases';

const { from, to } = workerData as { from: number; to: number };
const samples = join(__dirname, '..', '..', '..', 'samples');
const bin = new Uint8Array(readFileSync(join(samples, 'good.vmbstate')));
const txt = readFileSync(join(samples, 'good.vmbhex'), 'utf8');
for (let seed = from; seed < to; seed++) {
  parentPort!.postMessage({ type: 'start', seed });
  try {
    runCase(seed, bin, txt);
    // Every 4th seed also runs a save ⇄ restore round trip (docs/format.md §9).
    if (seed % 4 === 0) runSaveCase(seed);
  } catch (e) {
    parentPort!.postMessage({ type: 'fail', seed, message: (e as Error).stack ?? String(e) });
  }
}
parentPort!.postMessage({ type: 'done' });
