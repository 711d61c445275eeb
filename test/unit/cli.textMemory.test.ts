// `check`, `dump` and `convert` of a `.vmbhex` text in bounded memory (docs/format.md §8.3): the text
// read without keeping its bytes, assembled without a source map unless a problem needs it, the
// `.schema` head read alone. Their output against the whole decode's, byte for byte, on every
// sample text and on generated and damaged ones; and a bounded-heap child run the old way cannot pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  analyze,
  analyzeTextWithoutMap,
  CHUNK_TYPES,
  concatBytes,
  crc32c,
  decodeBinary,
  decodeTextDocument,
  decodeUtf8,
  encodeChunk,
  FLAG_FINAL,
  schemaDirectivesOf,
  text,
} from '../../core/src';
import { readTextInputFile } from '../../core/src/node/files';
import { parseArgs } from '../../cli/src/args';
import { analyzeFile, checkFile } from '../../cli/src/check';
import { renderDump } from '../../cli/src/dump';
import { main } from '../../cli/src/main';
import { readTextHead } from '../../cli/src/textHead';
import { filesUnder } from './helpers/files';
import { lcgWords as rng } from './helpers/prng';

const ROOT = resolve(__dirname, '..', '..', '..');

/** A valid stream (no problem at all): good.vmbstate's BEGIN OFFER CHANNEL_STATE GPADL, `packets` PACKETs, END. */
function validStream(packets: number, packetBytes: number): Uint8Array {
  const good = decodeBinary(readFileSync(join(ROOT, 'samples', 'good.vmbstate')));
  const chunks: Uint8Array[] = [];
  const add = (type: number, payload: Uint8Array, flags = 0) =>
    chunks.push(encodeChunk({ type, payload, sequence: chunks.length, flags }));
  for (const c of good.chunks.slice(0, 4)) {
    const at = c.bytes.start + 32;
    const payload = Uint8Array.from(good.bytes.subarray(at, at + c.header!.payloadLength));
    if (c.header!.type === CHUNK_TYPES.BEGIN) payload.fill(0, 44, 48); // ChunkCount: not given
    add(c.header!.type, payload);
  }
  for (let i = 0; i < packets; i++) {
    const p = new Uint8Array(16 + 16 + packetBytes);
    const dv = new DataView(p.buffer);
    dv.setBigUint64(0, BigInt(i + 1), true);
    dv.setUint32(8, 16, true);
    dv.setUint32(12, packetBytes, true);
    for (let j = 16; j < p.length; j += 7) p[j] = j & 0xff;
    add(CHUNK_TYPES.PACKET, p);
  }
  const body = concatBytes(chunks);
  const end = new Uint8Array(16);
  const dv = new DataView(end.buffer);
  dv.setUint32(0, chunks.length + 1, true);
  dv.setUint32(4, 1, true);
  dv.setUint32(8, crc32c(body), true);
  add(CHUNK_TYPES.END, end, FLAG_FINAL);
  return concatBytes(chunks);
}

/** Every text the test runs, as file bytes: samples, generated, and damaged ones (seeded). */
function texts(): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (const f of filesUnder(join(ROOT, 'samples'), '.vmbhex')) out.push([f, readFileSync(f)]);
  out.push(['generated', Buffer.from(text.disassemble(validStream(40, 300)))]);
  out.push(['empty', Buffer.alloc(0)]);
  const next = rng(11);
  const base = [readFileSync(join(ROOT, 'samples', 'good.vmbhex'), 'utf8'), text.disassemble(validStream(6, 90))];
  for (let k = 0; k < 60; k++) {
    const lines = base[k % 2].split('\n');
    const i = next() % lines.length;
    switch (k % 6) {
      case 0: // a hex digit changed: a CRC no longer matches (a decoder problem)
        lines[i] = lines[i].replace(/([0-9a-f])([0-9a-f]) /, (_m, a: string) => `${a}${a === 'f' ? '0' : 'f'} `);
        break;
      case 1: // a line lost: a block or directive broken (a parser problem), or fewer bytes
        lines.splice(i, 1);
        break;
      case 2: // a token the parser refuses
        lines[i] = lines[i] + ' zz';
        break;
      case 3: // a line twice
        lines.splice(i, 0, lines[i]);
        break;
      case 4: // CRLF line ends and a byte order mark
        out.push([`damaged ${k}`, Buffer.from('\uFEFF' + lines.join('\r\n'))]);
        continue;
      default: // a byte that is not UTF-8
        out.push([
          `damaged ${k}`,
          Buffer.concat([
            Buffer.from(lines.slice(0, i).join('\n')),
            Buffer.from([0xff, 0x0a]),
            Buffer.from(lines.slice(i).join('\n')),
          ]),
        ]);
        continue;
    }
    out.push([`damaged ${k}`, Buffer.from(lines.join('\n'))]);
  }
  return out;
}

test('readTextInputFile gives exactly what TextDecoder gives for the same bytes (replacements, byte order mark)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-textread-'));
  try {
    const next = rng(3);
    const pieces = [
      [0xef, 0xbb, 0xbf],
      [0xff],
      [0xc3],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
      [0xed, 0xa0, 0x80],
      [0xc0, 0x80],
      [0x41],
      [0x0a],
      [0xe2, 0x82, 0xac],
      [0xf4, 0x90, 0x80, 0x80],
    ];
    const file = join(dir, 'x.vmbhex');
    for (let k = 0; k < 400; k++) {
      const bytes: number[] = [];
      for (let n = next() % 12; n > 0; n--) bytes.push(...pieces[next() % pieces.length]);
      writeFileSync(file, Buffer.from(bytes));
      assert.equal(readTextInputFile(file), decodeUtf8(Uint8Array.from(bytes)).text, `bytes ${JSON.stringify(bytes)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readTextHead: the same .schema directives as the whole text, read only up to the first call', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-texthead-'));
  try {
    const file = join(dir, 'x.vmbhex');
    const schemaLines = '.schema 0x8001=a.ksy\n.schema 0x8002=b.ksy\n';
    const cases: string[] = [schemaLines + '.chunk BEGIN\n.end\n', schemaLines, '', '.chunk END\n.end\n' + schemaLines];
    // Body lines cut at every piece boundary (64 KiB, then 128 KiB …), and a line that only starts like one.
    for (const pad of [65536 - 14, 65536 - 3, 65536 + 131072 - 1, 300000]) {
      const filler = '#'.repeat(pad - 1) + '\n';
      cases.push(filler + schemaLines + '.option x\n.chunk BEGIN\n.end\n', filler + schemaLines + '  .op restore\n');
    }
    for (const f of filesUnder(join(ROOT, 'samples'), '.vmbhex')) cases.push(readFileSync(f, 'utf8'));
    for (const t of cases) {
      writeFileSync(file, t);
      const head = readTextHead(file)!;
      assert.deepEqual(schemaDirectivesOf(head), schemaDirectivesOf(decodeUtf8(readFileSync(file)).text));
      assert.ok(head.length <= t.length);
    }
    assert.equal(readTextHead(join(dir, 'missing.vmbhex')), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a text assembled without a source map: the same bytes, calls, chunks and problems', () => {
  for (const [name, bytes] of texts()) {
    const src = decodeUtf8(bytes).text;
    const full = text.assembleText(src);
    const lean = text.assembleText(src, { sourceMap: false });
    assert.equal(lean.sourceMap.length, 0, name);
    assert.ok(Buffer.from(lean.bytes).equals(Buffer.from(full.bytes)), `${name}: bytes`);
    assert.deepEqual(lean.problems, full.problems, `${name}: problems`);
    assert.deepEqual(lean.calls, full.calls, `${name}: calls`);
    assert.deepEqual(lean.chunks, full.chunks, `${name}: chunks`);
  }
});

test('check, dump and convert of a text print what the whole decode prints, byte for byte', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-textmem-'));
  let lean = 0;
  let mapped = 0;
  try {
    let i = 0;
    for (const [name, bytes] of texts()) {
      const file = join(dir, `t${i++}.vmbhex`);
      writeFileSync(file, bytes);
      const decoded = decodeUtf8(bytes);
      const whole = analyze(decodeTextDocument(decoded.text, {}, decoded.problem));
      const a = analyzeTextWithoutMap(decoded.text, {}, decoded.problem);
      if (a) {
        lean++;
        assert.deepEqual(a.problems, whole.problems, `${name}: problems`);
        assert.deepEqual(a.trace, whole.trace, `${name}: trace`);
        assert.deepEqual(a.outcome, whole.outcome, `${name}: outcome`);
      } else mapped++;
      for (const flags of [[], ['--verbose'], ['--json'], ['--channel-state', 'Started']]) {
        const o = parseArgs(['check', ...flags, file]);
        assert.deepEqual(checkFile(file, o), analyzeFile(file, o).report, `${name} ${flags.join(' ')}: check`);
      }
      // A text with .schema directives is always decoded with its map (its user fields are decoded after).
      const hasSchemas = schemaDirectivesOf(decoded.text).length > 0;
      for (const flags of hasSchemas ? [] : [[], ['--no-fields']]) {
        const d = parseArgs(['dump', ...flags, file]);
        const lines: string[] = [];
        const code = await main(
          ['dump', ...flags, file],
          (s) => lines.push(s),
          () => undefined,
        );
        assert.equal(code, 0, name);
        assert.deepEqual(lines, [...renderDump(file, whole, d.fields)], `${name} ${flags.join(' ')}: dump`);
      }
      // convert: the binary is the whole assembly's bytes, and the errors are its errors.
      const full = text.assembleText(decoded.text);
      const outFile = join(dir, 'out.vmbstate');
      rmSync(outFile, { force: true });
      const err: string[] = [];
      const code = await main(
        ['convert', file, outFile],
        () => undefined,
        (s) => err.push(s),
      );
      if (decoded.problem) {
        // Not UTF-8: refused before assembling, at the first bad byte.
        const at = decoded.problem.text!.start;
        assert.equal(code, 2, name);
        assert.deepEqual(
          err,
          [`vmbstate: ${file}:${at.line + 1}:${at.character + 1}: ${decoded.problem.message}`],
          name,
        );
        continue;
      }
      const errors = full.problems.filter((p) => p.severity === 'error');
      if (errors.length) {
        assert.deepEqual(
          err.slice(0, errors.length),
          errors.map(
            (p) => `${file}:${p.text!.start.line + 1}:${p.text!.start.character + 1}: error: [${p.code}] ${p.message}`,
          ),
          `${name}: convert errors`,
        );
      } else assert.ok(readFileSync(outFile).equals(Buffer.from(full.bytes)), `${name}: convert bytes`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Both ways are exercised: texts without a map, and texts whose problems need it.
  assert.ok(lean > 10 && mapped > 10, `without the map ${lean}, with it ${mapped}`);
});

test('a 13 MB text is checked, dumped and converted in a 32 MB heap (the whole decode needs 40–48 MB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-textheap-'));
  try {
    const file = join(dir, 'big.vmbhex');
    writeFileSync(file, text.disassemble(validStream(2000, 2048)));
    const cli = join(ROOT, 'out', 'cli', 'src', 'main.js');
    const HEAP = '--max-old-space-size=32';
    for (const args of [
      ['check', file],
      ['dump', file],
      ['convert', file, join(dir, 'big.vmbstate')],
    ]) {
      const outFile = join(dir, 'out');
      const fd = openSync(outFile, 'w');
      const r = spawnSync(process.execPath, [HEAP, cli, ...args], { encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
      closeSync(fd);
      assert.equal(r.status, 0, `${args[0]}: exit ${r.status}: ${r.stderr.slice(0, 400)}`);
      assert.match(readFileSync(outFile, 'utf8').slice(-300), args[0] === 'convert' ? /binary/ : /STATUS_SUCCESS/);
    }
    // The same heap is too small for the decode with its source map: the bound above proves the change.
    const whole = spawnSync(
      process.execPath,
      [
        HEAP,
        '-e',
        `const c = require(${JSON.stringify(join(ROOT, 'out', 'core', 'src', 'index.js'))});
         const t = require('fs').readFileSync(${JSON.stringify(file)}, 'utf8');
         console.log(c.analyze(c.decodeTextDocument(t)).trace.length);`,
      ],
      { encoding: 'utf8' },
    );
    assert.notEqual(whole.status, 0, 'the whole decode of this text fits in the heap: the test proves nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
