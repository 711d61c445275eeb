// `node --expose-gc out/bench/memory.js [CASE MB | --write CASE MB FILE]`: memory of the worst inputs within the limits
// (docs/format.md §8): each case runs in a child process and reports its peak RSS and the heap
// the analysis keeps, per chunk, split into document nodes, source map and restore trace.
// Not a test: a measurement to read (issue 9, "Hostile input").

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { analyze, decodeBinary, text } from '../core/src';
import { tinyChunks } from './generate';

const MB = 1024 * 1024;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** A text of `bytes` made of `unit` repeated after `head`. */
function repeatText(head: string, unit: string, bytes: number): string {
  return head + unit.repeat(Math.max(1, Math.floor((bytes - head.length) / unit.length)));
}

const CASES: Record<string, (bytes: number) => { input: string | Uint8Array; what: string }> = {
  'text-note': (n) => ({ input: repeatText('', '.chunk NOTE\n.end\n', n), what: '`.chunk NOTE` / `.end` pairs' }),
  'text-options': (n) => ({
    input: repeatText('.stream', ' version=1.0', n),
    what: 'one `.stream` line of repeated options',
  }),
  'text-calls': (n) => ({ input: repeatText('', '.call\n', n), what: 'empty `.call` lines' }),
  'text-hex': (n) => ({
    input: repeatText('.chunk NOTE\n', '00 ', n) + '\n.end\n',
    what: 'one field line of hex pairs',
  }),
  'text-literals': (n) => ({
    input: repeatText('.chunk NOTE\n', 'u8:1 ', n) + '\n.end\n',
    what: 'one field line of typed literals',
  }),
  'text-lines': (n) => ({
    input: repeatText('.raw\n', 'u8:1\n', n) + '.endraw\n',
    what: 'a .raw block of one typed literal per line',
  }),
  'text-hexlines': (n) => ({
    input: repeatText('.raw\n', '00\n', n) + '.endraw\n',
    what: 'a .raw block of one hex byte per line',
  }),
  'bin-tiny': (n) => ({ input: tinyChunks(n), what: '32-byte optional chunks, one per call' }),
  'bin-tiny-whole': (n) => ({ input: tinyChunks(n), what: '32-byte optional chunks, one call' }),
};

function runCase(name: string, mb: number): void {
  const { input, what } = CASES[name](Math.round(mb * MB));
  const base = heap();
  const t0 = performance.now();
  const doc =
    typeof input === 'string'
      ? text.decodeText(input)
      : decodeBinary(input, { buffering: name.endsWith('whole') ? 'whole' : 'chunk' });
  const afterDecode = heap();
  const a = analyze(doc);
  const ms = performance.now() - t0;
  const afterAnalyze = heap();
  const chunks = doc.chunks.length;
  const calls = doc.calls.length;
  const problems = a.problems.length;
  const outcome = a.outcome.status.toString(16);
  // Drop the parts one by one to see what each holds.
  (a as { trace: unknown }).trace = [];
  (a as { problems: unknown }).problems = [];
  const traceBytes = afterAnalyze - heap();
  doc.sourceMap = [];
  const mapBytes = afterAnalyze - traceBytes - heap();
  doc.calls = [];
  doc.chunks = [];
  doc.steps = [];
  const nodeBytes = afterAnalyze - traceBytes - mapBytes - heap();
  const per = (x: number) => (chunks ? (x / chunks).toFixed(0) : '-');
  const out = {
    case: name,
    what,
    inputMB: +(input.length / MB).toFixed(1),
    chunks,
    calls,
    problems,
    outcome: `0x${outcome}`,
    seconds: +(ms / 1000).toFixed(1),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    keptHeapMB: Math.round((afterAnalyze - base) / MB),
    decodeHeapMB: Math.round((afterDecode - base) / MB),
    perChunk: {
      total: per(afterAnalyze - base),
      nodes: per(nodeBytes),
      sourceMap: per(mapBytes),
      traceAndProblems: per(traceBytes),
    },
  };
  console.log(JSON.stringify(out));
}

const [, , only, size, file] = process.argv;
if (only === '--write') {
  // `--write CASE MB FILE`: the input alone, e.g. to time the CLI on it.
  const { input } = CASES[size](Math.round(Number(file) * MB));
  writeFileSync(process.argv[5], input);
} else if (only) {
  runCase(only, Number(size ?? 1));
} else {
  const plan: [string, number][] = (
    process.env.MEM_CASES ?? 'text-note:2,text-options:10,text-calls:2,text-hex:10,bin-tiny:8,bin-tiny-whole:8'
  )
    .split(',')
    .map((s) => s.split(':'))
    .map(([c, m]) => [c, Number(m)]);
  for (const [c, m] of plan) {
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', `--max-old-space-size=${process.env.MEM_HEAP_MB ?? 8192}`, __filename, c, String(m)],
      { encoding: 'utf8' },
    );
    process.stdout.write(
      r.stdout ||
        `${JSON.stringify({
          case: c,
          inputMB: m,
          failed: r.status ?? r.signal,
          stderr: r.stderr
            .split('\n')
            .filter((l) => /error|heap|Abort/i.test(l))
            .slice(0, 3),
        })}\n`,
    );
  }
}
