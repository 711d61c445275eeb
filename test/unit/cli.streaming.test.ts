// The streaming pass (core/src/streamAnalysis.ts, cli/src/streamDump.ts) against the whole
// analysis it replaces for binary streams: the same problems, outcome, trace and the same
// `check` / `dump` / `dump --json` output byte for byte, on every sample and on generated and
// damaged streams; and a bounded-heap child run that the whole analysis cannot pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  analyze,
  concatBytes,
  decodeBinary,
  decodeDocument,
  encodeChunk,
  streamBinaryAnalysis,
  text,
  type Buffering,
  type CallTrace,
} from '../../core/src';
import { parseArgs } from '../../cli/src/args';
import { analyzeFile, checkFile } from '../../cli/src/check';
import { renderDump } from '../../cli/src/dump';
import { dumpJsonLines } from '../../cli/src/dumpJson';
import { main } from '../../cli/src/main';
import { filesUnder } from './helpers/files';
import { lcgWords as rng } from './helpers/prng';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Every binary the test runs: the samples' binaries, the samples' texts assembled, and generated and damaged streams. */
function streams(): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const f of filesUnder(join(ROOT, 'samples'), '.vmbstate')) out.push([f, readFileSync(f)]);
  for (const f of filesUnder(join(ROOT, 'samples'), '.vmbhex')) {
    const asm = text.assembleText(readFileSync(f, 'utf8'));
    if (asm.bytes.length) out.push([`${f} assembled`, asm.bytes]);
  }
  const good = readFileSync(join(ROOT, 'samples', 'good.vmbstate'));
  const tiny = concatBytes(
    Array.from({ length: 300 }, (_, i) => encodeChunk({ type: 0xf000, sequence: i, payload: new Uint8Array(0) })),
  );
  out.push(['tiny chunks', tiny], ['good twice', concatBytes([good, good])], ['empty', new Uint8Array(0)]);
  const next = rng(7);
  for (let k = 0; k < 24; k++) {
    const b = Uint8Array.from(good.subarray(0, good.length - (k % 3 ? next() % 40 : 0)));
    for (let j = 0; j < k % 6; j++) b[next() % b.length] ^= 1 << (next() % 8);
    out.push([`good damaged ${k}`, b]);
  }
  return out;
}

const BUFFERINGS: Exclude<Buffering, 'whole'>[] = ['chunk', { size: 100 }, { size: 4096 }];

test('streamBinaryAnalysis gives analyze()’s problems, outcome, calls, items and trace', () => {
  for (const [name, bytes] of streams()) {
    for (const buffering of BUFFERINGS) {
      for (const maxChunks of [undefined, 3]) {
        const what = `${name}, buffering ${JSON.stringify(buffering)}, maxChunks ${maxChunks}`;
        const doc = decodeBinary(bytes, { buffering, ...(maxChunks ? { maxChunks } : {}) });
        const a = analyze(doc);
        const heads: unknown[] = [];
        const items: unknown[] = [];
        const trace: CallTrace[] = [];
        const s = streamBinaryAnalysis(
          bytes,
          { buffering, ...(maxChunks ? { maxChunks } : {}) },
          {
            call: (c) => heads.push({ ...c, items: doc.calls[c.index].items.length }),
            item: (it) => items.push(it),
            trace: (t, typeName) => {
              trace.push(t);
              for (const i of t.chunks) assert.equal(typeName(i), doc.chunks[i].typeName, what);
            },
          },
        );
        assert.deepEqual(s.problems, a.problems, `${what}: problems`);
        assert.deepEqual(s.outcome, a.outcome, `${what}: outcome`);
        assert.deepEqual(trace, a.trace, `${what}: trace`);
        assert.equal(s.calls, doc.calls.length, what);
        assert.equal(s.chunks, doc.chunks.length, what);
        assert.equal(s.steps, doc.steps.length, what);
        assert.deepEqual(s.cut, doc.cut, what);
        assert.deepEqual(
          heads,
          doc.calls.map((c) => ({ ...c, items: c.items.length })),
          `${what}: calls`,
        );
        assert.deepEqual(
          items.map((it) => JSON.stringify(it, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))),
          doc.calls.flatMap((c) =>
            c.items.map((it) => JSON.stringify(it, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))),
          ),
          `${what}: items`,
        );
      }
    }
  }
});

test('check, dump and dump --json of a binary stream print what the whole analysis prints, byte for byte', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-stream-'));
  try {
    let i = 0;
    for (const [name, bytes] of streams()) {
      const file = join(dir, `s${i++}.vmbstate`);
      writeFileSync(file, bytes);
      for (const flags of [[], ['--buffering', '100'], ['--no-fields']]) {
        const what = `${name} ${flags.join(' ')}`;
        const o = parseArgs(['check', ...flags, file]);
        assert.deepEqual(checkFile(file, o), analyzeFile(file, o).report, `${what}: check`);
        const d = parseArgs(['dump', ...flags, file]);
        const a = analyze(decodeDocument(file, bytes, { buffering: d.buffering, channel: d.channel }));
        for (const json of [false, true]) {
          const lines: string[] = [];
          const code = main(
            ['dump', ...(json ? ['--json'] : []), ...flags, file],
            (s) => lines.push(s),
            () => undefined,
          );
          assert.equal(code, 0, what);
          const whole = json ? [...dumpJsonLines(a, d.fields)] : [...renderDump(file, a, d.fields)];
          assert.deepEqual(lines, whole, `${what}: dump${json ? ' --json' : ''}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a binary stream of 65,536 one-chunk calls is checked and dumped in a 40 MB heap (the whole analysis needs ~65 MB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-stream-heap-'));
  try {
    const file = join(dir, 'tiny.vmbstate');
    const n = 65536;
    writeFileSync(
      file,
      concatBytes(
        Array.from({ length: n }, (_, i) => encodeChunk({ type: 0xf000, sequence: i, payload: new Uint8Array(0) })),
      ),
    );
    const cli = join(ROOT, 'out', 'cli', 'src', 'main.js');
    for (const args of [['check'], ['dump', '--json'], ['dump']]) {
      // Into a file, as `vmbstate dump x > out` does: a pipe the parent drains late would hold the output.
      const outFile = join(dir, 'out');
      const fd = openSync(outFile, 'w');
      const r = spawnSync(process.execPath, ['--max-old-space-size=40', cli, ...args, file], {
        encoding: 'utf8',
        stdio: ['ignore', fd, 'pipe'],
      });
      closeSync(fd);
      assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 400)}`);
      const tail = readFileSync(outFile, 'utf8').slice(-300);
      assert.match(tail, args[0] === 'check' ? /restore ends with/ : /STATUS_REQUEST_OUT_OF_SEQUENCE/);
    }
    // The same heap is too small for the whole analysis: the bound above proves the streaming, not a roomy heap.
    const whole = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=40',
        '-e',
        `const c = require(${JSON.stringify(join(ROOT, 'out', 'core', 'src', 'index.js'))});
         const a = c.analyze(c.decodeBinary(require('fs').readFileSync(${JSON.stringify(file)})));
         console.log(a.trace.length);`,
      ],
      { encoding: 'utf8' },
    );
    assert.notEqual(whole.status, 0, 'the whole analysis of this stream fits in 40 MB: the test proves nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the streamed disassembly (two framing passes) assembles back to the same bytes on every stream', () => {
  for (const [name, bytes] of streams()) {
    for (const buffering of BUFFERINGS) {
      const t = text.disassemble(bytes, { buffering });
      const back = text.assembleText(t).bytes;
      assert.ok(Buffer.from(back).equals(Buffer.from(bytes)), `${name}, buffering ${JSON.stringify(buffering)}`);
    }
  }
});
