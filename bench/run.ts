// `npm run bench`: decode throughput of binary and text streams of 1, 10 and 100 MB beside a bare
// CRC-32C pass over the same bytes, native (@node-rs/crc32, what the decoder uses here) and the
// JavaScript fallback, the diff of two streams and Step Back (rewind) on 10 MB. Targets: binary
// decode at least half the native CRC pass's speed; text decode at least 50 MB/s; a step back under
// 50 ms. Binary rows are the best CPU time of 12 runs or more (CRC pass and decode alternate, so both see
// the same load), beside the payload CRCs alone (one native call per chunk, as the decoder makes
// them): the floor no decoder that checks every payload CRC goes below. Prints a table; exits 1
// when a target is missed.

import { cpus } from 'node:os';
import {
  analyze,
  crc32c,
  crc32cImplementation,
  crc32cJs,
  decodeBinary,
  diffStreams,
  headerCrc,
  RestoreSession,
  text,
} from '../core/src';
import { useNativeCrc32c } from '../core/src/node/nativeCrc32c';
import { generateStream } from './generate';

// The decoder runs with the CRC the CLI and the language server use: the native one where it loads.
// Without it the binary target compares JavaScript with JavaScript: the rows say so and do not count.
const nativeLoaded = useNativeCrc32c() === 'native';
if (!nativeLoaded)
  console.log('The native CRC-32C (@node-rs/crc32) did not load: the binary rows are not measured against it.');

const MB = 1024 * 1024;

function best(fn: () => void, minRuns: number, minMs: number): number {
  let bestMs = Infinity;
  const start = performance.now();
  for (let i = 0; i < minRuns || performance.now() - start < minMs; i++) {
    const t = performance.now();
    fn();
    bestMs = Math.min(bestMs, performance.now() - t);
    if (i > 50) break;
  }
  return bestMs;
}

/**
 * Best CPU time (user + system, ms) of at least `runs` rounds and `minMs` of wall time (so small
 * inputs run warm), each round running every function once in turn: on a shared machine CPU time
 * is steadier than wall time, and alternating gives each function the same load.
 */
function bestCpu(fns: (() => void)[], runs: number, minMs: number): number[] {
  const bestMs = fns.map(() => Infinity);
  const start = performance.now();
  for (let i = 0; i < runs || (performance.now() - start < minMs && i < 200); i++) {
    fns.forEach((fn, k) => {
      const t = process.cpuUsage();
      fn();
      const d = process.cpuUsage(t);
      bestMs[k] = Math.min(bestMs[k], (d.user + d.system) / 1000);
    });
  }
  return bestMs;
}

/** Collect the input generator's garbage (with --expose-gc) so a measurement does not pay for it. */
const settle = () => (globalThis as { gc?: () => void }).gc?.();

/** A time for the table: two decimals below 10 ms. */
const msText = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const rate = (bytes: number, ms: number) => bytes / MB / (ms / 1000);
const sizes = (process.env.BENCH_SIZES ?? '1,10,100').split(',').map(Number);
const rows: string[][] = [];
let failed = false;

for (const mb of sizes) {
  const bin = generateStream(mb * MB);
  settle();
  const runs = mb >= 100 ? 3 : 5;
  const jsCrcMs = best(() => crc32cJs(bin), runs, 300);
  const payloads = decodeBinary(bin).chunks.map((c) => c.payloadBytes);
  const [crcMs, binMs, payloadCrcMs] = bestCpu(
    [
      () => crc32c(bin),
      () => decodeBinary(bin),
      () => {
        for (const p of payloads) crc32c(bin, p.start, p.end);
      },
    ],
    12,
    500,
  );
  const ratio = crcMs / binMs;
  rows.push([
    `binary ${mb} MB`,
    `${bin.length}`,
    rate(bin.length, jsCrcMs).toFixed(0),
    rate(bin.length, crcMs).toFixed(0),
    rate(bin.length, binMs).toFixed(0),
    `${ratio.toFixed(2)} (CRC ${msText(crcMs)}, decode ${msText(binMs)})`,
    !nativeLoaded ? 'n/a (no native CRC)' : ratio >= 0.5 ? 'ok (≥ 0.50)' : 'MISSED (< 0.50)',
  ]);
  if (nativeLoaded && ratio < 0.5) failed = true;
  rows.push([
    `  payload CRCs only, ${payloads.length} calls`,
    '',
    '',
    '',
    rate(bin.length, payloadCrcMs).toFixed(0),
    `${(crcMs / payloadCrcMs).toFixed(2)} (${msText(payloadCrcMs)})`,
    'info: the floor',
  ]);

  // A text stream of about the same size in text: disassemble a binary a third as large.
  const src = text.disassemble(generateStream((mb * MB) / 3));
  const srcBytes = Buffer.byteLength(src);
  const txtBin = text.assembleText(src).bytes;
  settle();
  const crcTxtMs = best(() => crc32c(txtBin), runs, 300);
  const txtMs = best(() => text.decodeText(src), runs, 300);
  const txtRate = rate(srcBytes, txtMs);
  rows.push([
    `text ${mb} MB`,
    `${srcBytes}`,
    '',
    rate(txtBin.length, crcTxtMs).toFixed(0),
    txtRate.toFixed(0),
    '',
    txtRate >= 50 ? 'ok (≥ 50 MB/s)' : 'MISSED (< 50 MB/s)',
  ]);
  if (txtRate < 50) failed = true;

  if (mb === sizes[0]) {
    const t = best(() => analyze(decodeBinary(bin)), runs, 300);
    rows.push([`decode+restore ${mb} MB`, `${bin.length}`, '', '', rate(bin.length, t).toFixed(0), '', 'info']);
  }
}

// Diff: two streams of the largest size that differ in one packet's VspState byte (CRCs and END's
// StreamCrc32c fixed up). Decoding both (with their restores, which the diff compares) against
// the whole diff: decoding both plus the comparison.
{
  const mb = Math.max(...sizes);
  const a = generateStream(mb * MB);
  const b = a.slice();
  const chunks = decodeBinary(a).chunks;
  const p = chunks[chunks.length >> 1];
  b[p.payloadBytes.end - 1] ^= 0x5a;
  const dv = new DataView(b.buffer);
  dv.setUint32(p.headerBytes.start + 20, crc32c(b, p.payloadBytes.start, p.payloadBytes.end), true);
  dv.setUint32(p.headerBytes.start + 28, headerCrc(b, p.headerBytes.start, 32), true);
  const end = chunks[chunks.length - 1];
  dv.setUint32(end.payloadBytes.start + 8, crc32c(b, 0, end.bytes.start), true);
  dv.setUint32(end.headerBytes.start + 20, crc32c(b, end.payloadBytes.start, end.payloadBytes.end), true);
  dv.setUint32(end.headerBytes.start + 28, headerCrc(b, end.headerBytes.start, 32), true);
  settle();
  // "Decoding" is what `vmbstate check` does to a file: decode and run the emulated restore.
  const decodeMs = best(
    () => {
      analyze(decodeBinary(a));
      analyze(decodeBinary(b));
    },
    3,
    300,
  );
  const [ta, tb] = [analyze(decodeBinary(a)), analyze(decodeBinary(b))];
  let changed = -1;
  const compareMs = best(
    () => {
      const d = diffStreams(ta, tb);
      changed = d.summary.changed + d.summary.onlyA + d.summary.onlyB;
    },
    3,
    300,
  );
  if (changed !== 1) throw new Error(`the diff bench expects one changed record, got ${changed}`);
  const ratio = (decodeMs + compareMs) / decodeMs;
  rows.push([
    `diff 2 × ${mb} MB`,
    `${a.length * 2}`,
    '',
    '',
    rate(a.length * 2, decodeMs + compareMs).toFixed(0),
    `${ratio.toFixed(2)}× (compare ${compareMs.toFixed(0)} ms)`,
    ratio <= 2 ? 'ok (≤ 2× decoding both)' : 'MISSED (> 2× decoding both)',
  ]);
  if (ratio > 2) failed = true;
}

// Step Restore's Step Back on a 10 MB stream restored one chunk per call: from the end, back to
// before the last call and back to the middle (RestoreSession.rewindTo: the nearest channel mark,
// then replay). Large packets (about 1,300 calls) and 64-byte packets (about 100,000 calls).
for (const [what, maxPacket] of [
  ['16 KiB packets', 16384],
  ['64-byte packets', 64],
] as const) {
  const doc = decodeBinary(generateStream(10 * MB, { maxPacket }), {
    buffering: 'chunk',
    channel: { packetCallbacks: true },
  });
  const session = new RestoreSession(doc, { rewindable: true });
  session.runToEnd();
  const n = doc.steps.length;
  let worst = 0;
  for (const target of [n - 1, n >> 1, 1]) {
    let bestMs = Infinity;
    for (let i = 0; i < 5; i++) {
      session.rewindTo(n);
      const t = performance.now();
      session.rewindTo(target);
      bestMs = Math.min(bestMs, performance.now() - t);
    }
    worst = Math.max(worst, bestMs);
  }
  rows.push([
    `step back 10 MB, ${what}`,
    `${doc.bytes.length}`,
    '',
    '',
    '',
    `${worst.toFixed(1)} ms (${n} calls)`,
    worst < 50 ? 'ok (< 50 ms)' : 'MISSED (≥ 50 ms)',
  ]);
  if (worst >= 50) failed = true;
}

const head = [
  'stream',
  'bytes',
  'JS CRC MB/s',
  `${crc32cImplementation()} CRC MB/s`,
  'decode MB/s',
  'CRC ÷ decode (CPU)',
  'target',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(`node ${process.version} on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`);
console.log(line(head));
for (const r of rows) console.log(line(r));
process.exitCode = failed ? 1 : 0;
