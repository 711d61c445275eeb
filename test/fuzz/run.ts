// `npm run fuzz [-- N [firstSeed]]`: N random and mutated streams (default 100,000) through the
// decoder, the emulated restore and the text round trip, on both cores; every 4th seed also a
// random channel state through the emulated save and back through restore (saveCases.ts). A case that throws or
// runs longer than 10 s is reported with its seed (rerun it with `npm run fuzz -- 1 SEED`).

import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const total = Number(process.argv[2] ?? 100_000);
const first = Number(process.argv[3] ?? 1);
const workers = Math.max(1, Math.min(cpus().length, total));
const HANG_MS = 10_000;
const failures: string[] = [];
let done = 0;
const started = Date.now();

function runSlice(from: number, to: number): Promise<void> {
  return new Promise((resolve) => {
    const w = new Worker(join(__dirname, 'worker.js'), { workerData: { from, to } });
    let current = from;
    let last = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - last > HANG_MS) {
        failures.push(`seed ${current}: no progress for ${HANG_MS / 1000} s (hang)`);
        clearInterval(watchdog);
        void w.terminate().then(() => resolve());
      }
    }, 500);
    w.on('message', (m: { type: string; seed?: number; message?: string }) => {
      last = Date.now();
      if (m.type === 'start') {
        current = m.seed!;
        done++;
        if (done % 10000 === 0) process.stdout.write(`${done} cases…\n`);
      } else if (m.type === 'fail') failures.push(`seed ${m.seed}: ${m.message}`);
      else if (m.type === 'done') {
        clearInterval(watchdog);
        void w.terminate().then(() => resolve());
      }
    });
    w.on('error', (e) => {
      failures.push(`seed ${current}: worker crashed: ${e.message}`);
      clearInterval(watchdog);
      resolve();
    });
  });
}

async function main() {
  const per = Math.ceil(total / workers);
  await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      runSlice(first + i * per, Math.min(first + total, first + (i + 1) * per)),
    ),
  );
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  for (const f of failures.slice(0, 20)) console.log(f);
  console.log(`fuzz: ${done} cases in ${secs} s, ${failures.length} failure(s)`);
  console.log(`${done - failures.length} passed, ${failures.length} failed`);
  process.exitCode = failures.length ? 1 : 0;
}
void main();
