// `npm run bench:cli`: peak memory (max RSS) of every `vmbstate` command on generated inputs, each
// run in a child process of the bundled CLI (dist/cli.js), against the target of 2 × input + 100 MB.
// Inputs: a realistic binary (PACKETs of varied sizes, bench/generate.ts), its text form, and the
// worst shape within the limits (32-byte chunks, one per call). Sizes from CLI_BENCH_MB ("20,2").

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateStream, tinyChunks } from './generate';

const MB = 1024 * 1024;
const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

const dir = mkdtempSync(join(tmpdir(), 'vmbstate-cli-bench-'));
const rssFile = join(dir, 'rss');
// Loaded before the CLI in each child: writes its peak RSS (KiB) when it exits. On Linux from
// /proc/self/status (VmHWM, the peak of this process's own memory): ru_maxrss of a spawned child
// starts at the RSS of the parent it was forked from (this script, holding the inputs), so it
// read about 120 MB for any command here.
const preload = join(dir, 'rss.js');
writeFileSync(
  preload,
  `process.on('exit', () => {
    const fs = require('fs');
    let kb = process.resourceUsage().maxRSS;
    try {
      const m = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
      if (m) kb = Number(m[1]);
    } catch {}
    fs.writeFileSync(${JSON.stringify(rssFile)}, String(kb));
  });`,
);

function run(args: string[]): { rssMB: number; seconds: number; outMB: number; code: number | null } {
  // Output goes to a file, as `vmbstate dump x > out` does: a pipe the parent buffers would measure the parent.
  const outFile = join(dir, 'stdout');
  const fd = openSync(outFile, 'w');
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-r', preload, CLI, ...args], { stdio: ['ignore', fd, 'ignore'] });
  const seconds = (performance.now() - t) / 1000;
  closeSync(fd);
  const outMB = statSync(outFile).size / MB;
  rmSync(outFile);
  return { rssMB: Number(readFileSync(rssFile, 'utf8')) / 1024, seconds, outMB, code: r.status };
}

const [realMB, tinyMB] = (process.env.CLI_BENCH_MB ?? '20,2').split(',').map(Number);
const real = join(dir, `real-${realMB}.vmbstate`);
const realText = join(dir, `real-${realMB}.vmbhex`);
const other = join(dir, 'other.vmbstate');
const tiny = join(dir, `tiny-${tinyMB}.vmbstate`);
writeFileSync(real, generateStream(realMB * MB));
writeFileSync(other, generateStream(realMB * MB, { seed: 9 }));
writeFileSync(tiny, tinyChunks(tinyMB * MB));
spawnSync(process.execPath, [CLI, 'convert', real, realText]);

const cases: [string, string[], number][] = [];
for (const [name, file] of [
  [`binary ${realMB} MB`, real],
  [`text of it`, realText],
  [`tiny chunks ${tinyMB} MB`, tiny],
] as const) {
  const size = statSync(file).size;
  cases.push([`check ${name}`, ['check', file], size]);
  cases.push([`dump ${name}`, ['dump', file], size]);
  cases.push([`dump --json ${name}`, ['dump', '--json', file], size]);
  cases.push([`dump --json --no-fields ${name}`, ['dump', '--json', '--no-fields', file], size]);
  cases.push([
    `convert ${name}`,
    ['convert', file, join(dir, file.endsWith('.vmbhex') ? 'x.vmbstate' : 'x.vmbhex')],
    size,
  ]);
}
cases.push([`diff 2 × binary ${realMB} MB`, ['diff', real, other], 2 * statSync(real).size]);

const rows: string[][] = [];
let missed = 0;
for (const [what, args, inputBytes] of cases) {
  const r = run(args);
  const target = (2 * inputBytes) / MB + 100;
  const ok = r.rssMB <= target;
  if (!ok) missed++;
  rows.push([
    what,
    (inputBytes / MB).toFixed(1),
    r.outMB.toFixed(1),
    r.rssMB.toFixed(0),
    target.toFixed(0),
    r.seconds.toFixed(1),
    `${ok ? 'ok' : 'MISSED'}${r.code === 0 || r.code === 1 ? '' : ` (exit ${r.code})`}`,
  ]);
}
rmSync(dir, { recursive: true, force: true });

const head = ['command', 'input MB', 'stdout MB', 'peak RSS MB', 'target MB', 's', ''];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(`node ${process.version} on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`);
console.log(line(head));
for (const r of rows) console.log(line(r));
process.exitCode = missed ? 1 : 0;
