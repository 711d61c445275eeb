// The command line with hostile or unlucky inputs (issue 9): unreadable paths, FIFOs and devices,
// convert onto its own input, atomic writes and their failure paths, the text-size limit,
// compact `dump --json`, shared option validation, and terminal escapes in everything printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHUNK_TYPES,
  concatBytes,
  encodeChunk,
  escapeControl,
  OptionError,
  parseBufferingWord,
  validateChannelState,
  validateProfile,
  disassemble,
  disassembleInPieces,
} from '../../core/src';
import { parseArgs } from '../../cli/src/args';
import { runConvert } from '../../cli/src/convert';
import { runCli } from './helpers/cli';
import { beginPayload, exampleStream } from './helpers/example';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'out', 'cli', 'src', 'main.js');
const S = (p: string) => join(ROOT, 'samples', p);

const run = runCli;

function inTemp(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-cli-safety-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tempFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

const AUTHORED = readFileSync(S('good.vmbhex'), 'utf8');

test('check: a missing file, a directory, a FIFO and /dev/zero exit 2 at once; the other files are still checked', () => {
  inTemp((dir) => {
    const fifo = join(dir, 'pipe.vmbstate');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    // A child process with a timeout: the old code blocked forever on the FIFO and read /dev/zero until killed.
    for (const [path, reason] of [
      [join(dir, 'missing.vmbstate'), /no such file/],
      [dir, /is a directory/],
      [fifo, /not a regular file/],
      ['/dev/zero', /not a regular file/],
    ] as const) {
      const r = spawnSync(process.execPath, [CLI, 'check', S('good.vmbhex'), path], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(r.signal, null, `${path}: finished`);
      assert.equal(r.status, 2, `${path}: exit 2`);
      assert.match(r.stderr, reason);
      assert.match(r.stdout, /good\.vmbhex: 0 error\(s\)/, 'the readable file is still checked');
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });
  const j = JSON.parse(run('check', '--json', join(ROOT, 'nope.vmbstate')).out) as {
    files: { outcome: string; error: string }[];
  };
  assert.equal(j.files[0].outcome, 'unreadable');
  assert.match(j.files[0].error, /no such file/);
  assert.equal(run('check', '--json', join(ROOT, 'nope.vmbstate')).code, 2);
});

test('convert refuses OUT = IN by path, by ./ spelling and by hard link; the input stays as written', () => {
  inTemp((dir) => {
    const a = join(dir, 'a.vmbhex');
    writeFileSync(a, AUTHORED);
    linkSync(a, join(dir, 'link.vmbhex'));
    for (const out of [a, join(dir, '.', 'a.vmbhex'), join(dir, 'link.vmbhex')]) {
      const r = run('convert', a, out);
      assert.equal(r.code, 2, out);
      assert.match(r.err, /is .*a\.vmbhex itself \(the same file\).*--force/);
    }
    assert.equal(readFileSync(a, 'utf8'), AUTHORED);
    assert.deepEqual(tempFiles(dir), []);
  });
});

test('convert --force onto itself, and any conversion of an authored text, says what is not kept', () => {
  inTemp((dir) => {
    const a = join(dir, 'a.vmbhex');
    writeFileSync(a, AUTHORED);
    const toBinary = run('convert', a, join(dir, 'a.vmbstate'));
    assert.equal(toBinary.code, 0);
    assert.match(
      toBinary.err,
      /note: .*a\.vmbhex: the binary keeps the bytes only; 3 \.call, 3 \.expect and \d+ comment lines are not kept/,
    );
    const forced = run('convert', '--force', a, a);
    assert.equal(forced.code, 0, forced.err);
    assert.match(
      forced.err,
      /note: .*a\.vmbhex: the disassembly keeps the bytes only; 3 \.call, 3 \.expect and \d+ comment lines are not kept \(.*a\.vmbhex is replaced, --force\)/,
    );
    assert.equal(readFileSync(a, 'utf8'), disassemble(readFileSync(join(dir, 'a.vmbstate'))));
    // A text holding only bytes has nothing to lose: no note.
    writeFileSync(join(dir, 'bare.vmbhex'), '.chunk NOTE\n  utf8:"x"\n.end\n');
    assert.equal(run('convert', join(dir, 'bare.vmbhex'), join(dir, 'bare.vmbstate')).err, '');
  });
});

test('convert writes atomically: a failed write leaves the target as it was and no temporary file', () => {
  inTemp((dir) => {
    // The target is a directory: the rename fails after the data was written to the temporary file.
    const target = join(dir, 'out.vmbstate');
    mkdirSync(target);
    writeFileSync(join(target, 'keep'), 'kept');
    const r = run('convert', S('good.vmbstate'), target);
    assert.equal(r.code, 2);
    assert.match(r.err, /out\.vmbstate: cannot write: .*the file was not changed/);
    assert.equal(readFileSync(join(target, 'keep'), 'utf8'), 'kept');
    assert.deepEqual(tempFiles(dir), []);
    // The folder does not exist: nothing is created.
    assert.equal(run('convert', S('good.vmbstate'), join(dir, 'no', 'x.vmbhex')).code, 2);
    assert.ok(!existsSync(join(dir, 'no')));
  });
});

test('convert to text stops past the text limit before replacing OUT; binary inputs past the stream limit are refused on read', () => {
  inTemp((dir) => {
    const out = join(dir, 'big.vmbhex');
    writeFileSync(out, 'previous content\n');
    const o = parseArgs(['convert', S('good.vmbstate'), out]);
    const err: string[] = [];
    assert.throws(
      () =>
        runConvert(
          o,
          () => {},
          (s) => err.push(s),
          { maxTextBytes: 1000 },
        ),
      /big\.vmbhex: not written: the text form of this 600-byte stream is longer than 1000 bytes, the limit for a \.vmbhex file/,
    );
    assert.equal(readFileSync(out, 'utf8'), 'previous content\n');
    assert.deepEqual(tempFiles(dir), []);
    // Within the limit the same conversion succeeds.
    assert.equal(
      runConvert(
        o,
        () => {},
        () => {},
        { maxTextBytes: 1 << 20 },
      ),
      0,
    );
    assert.equal(readFileSync(out, 'utf8'), disassemble(readFileSync(S('good.vmbstate'))));
    assert.throws(
      () =>
        runConvert(
          o,
          () => {},
          () => {},
          { maxTextBytes: 1 << 20, maxInputBytes: 599 },
        ),
      /600 bytes is more than the 599 bytes limit for a binary saved-state stream/,
    );
  });
});

test('the disassembly comes in bounded pieces that join to the same text', () => {
  const big = concatBytes([exampleStream(), new Uint8Array(20_000).map((_, i) => (i * 31) & 0xff)]);
  const pieces = [...disassembleInPieces(big, {}, 4096)];
  assert.ok(pieces.length > 10, 'many pieces');
  assert.equal(pieces.join(''), disassemble(big));
  for (const p of pieces) {
    assert.ok(p.endsWith('\n'));
    assert.ok(p.length < 4096 + 200, `piece of ${p.length} characters`);
  }
});

/** BEGIN and many small NOTE chunks: as many chunks per input byte as a stream can have. */
function manyChunks(n: number): Uint8Array {
  const parts = [encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(n + 2) })];
  for (let i = 1; i <= n; i++)
    parts.push(encodeChunk({ type: CHUNK_TYPES.NOTE, sequence: i, payload: new TextEncoder().encode(`note ${i}`) }));
  return concatBytes(parts);
}

test('dump --json honours --no-fields and stays proportional to the input', () => {
  inTemp((dir) => {
    const file = join(dir, 's.vmbstate');
    const bytes = manyChunks(400);
    writeFileSync(file, bytes);
    const full = run('dump', '--json', file);
    const bare = run('dump', '--json', '--no-fields', file);
    assert.equal(full.code, 0);
    type J = {
      calls: { items: { payloadFields?: unknown[]; headerFields?: unknown[]; header?: { sequence: number } }[] }[];
      trace: unknown[];
      outcome: { statusName: string };
    };
    const j = JSON.parse(full.out) as J;
    const b = JSON.parse(bare.out) as J;
    assert.equal(j.calls.length, 401);
    assert.ok(j.calls[1].items[0].payloadFields?.length, 'fields by default');
    assert.ok(
      b.calls.every((c) => c.items.every((it) => it.payloadFields === undefined && it.headerFields === undefined)),
      '--no-fields: no field lists',
    );
    assert.equal(b.calls[400].items[0].header?.sequence, 400, 'the header values stay');
    assert.equal(b.outcome.statusName, j.outcome.statusName);
    // The old output was about 4,000 bytes per chunk (indented, every header field repeated as an
    // object per chunk) whether or not --no-fields was given.
    const perChunk = (s: string) => s.length / 401;
    assert.ok(perChunk(full.out) < 1200, `dump --json: ${perChunk(full.out).toFixed(0)} bytes per chunk`);
    assert.ok(perChunk(bare.out) < 1000, `dump --json --no-fields: ${perChunk(bare.out).toFixed(0)} bytes per chunk`);
    assert.ok(bare.out.length < full.out.length);
    // One entry per line: no line holds the whole document.
    assert.ok(Math.max(...full.out.split('\n').map((l) => l.length)) < 2000);
  });
});

test('run options are refused exactly as the shared validator refuses them', () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof OptionError);
      return e.message;
    }
    assert.fail('the validator accepted it');
  };
  for (const [args, expected] of [
    [['--buffering', '0'], message(() => parseBufferingWord('0', '--buffering'))],
    [['--buffering', '999999999999'], message(() => parseBufferingWord('999999999999', '--buffering'))],
    [['--channel-state', 'Bogus'], message(() => validateChannelState('Bogus', '--channel-state'))],
    [['--profile', 'size'], message(() => validateProfile('size', '--profile'))],
  ] as const) {
    const r = run('check', ...args, S('good.vmbhex'));
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.err.split('\n')[0], `vmbstate: ${expected}`);
  }
  const o = parseArgs(['check', '--channel-state', 'started', '--buffering', '300', '--profile', 'vid', 'x']);
  assert.deepEqual([o.channel.state, o.buffering, o.channel.profile], ['Started', { size: 300 }, 'vid']);
});

test('nothing from an input reaches the terminal raw: messages, NOTE text, file names, JSON', () => {
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/; // eslint-disable-line no-control-regex
  inTemp((dir) => {
    const hex = join(dir, 'evil\x1b]0;NAME\x07.vmbhex');
    writeFileSync(hex, '.x\x1b]0;PWNED\x07\n.chunk NOTE\n  utf8:"\\u001b[2J\\u009b"\n.end\n');
    const bin = join(dir, 'note.vmbstate');
    writeFileSync(
      bin,
      encodeChunk({
        type: CHUNK_TYPES.NOTE,
        sequence: 0,
        payload: new TextEncoder().encode('hi\x1b]0;PWNED\x07\u009b'),
      }),
    );
    for (const args of [
      ['check', hex],
      ['dump', hex],
      ['dump', bin],
      ['convert', hex, join(dir, 'o.vmbstate')],
      ['check', join(dir, 'gone\x1b[2J.vmbstate')],
    ]) {
      const r = run(...args);
      assert.doesNotMatch(r.out, RAW, `${args.join(' ')}: stdout`);
      assert.doesNotMatch(r.err, RAW, `${args.join(' ')}: stderr`);
      assert.match(r.out + r.err, /\\x1b|\\u001b/, `${args.join(' ')}: the escape shows as text`);
    }
    assert.match(run('check', hex).out, /\.x\\x1b\]0;PWNED\\x07/, 'the unknown directive, quoted visibly');
    assert.match(run('dump', bin).out, /hi\\u001b\]0;PWNED\\u0007\\x9b/, 'the NOTE text, visibly (C1 too)');
    for (const args of [
      ['dump', '--json', bin],
      ['check', '--json', hex],
    ]) {
      const r = run(...args);
      assert.doesNotMatch(r.out, RAW, args.join(' '));
      assert.doesNotThrow(() => JSON.parse(r.out));
    }
    // JSON escapes keep the value: a reader gets the NOTE text back exactly.
    assert.ok(run('dump', '--json', bin).out.includes('\\u001b]0;PWNED\\u0007\\u009b'));
    assert.ok(JSON.stringify(JSON.parse(run('dump', '--json', bin).out)).includes('hi\\u001b]0;PWNED\\u0007\u009b'));
  });
  assert.equal(escapeControl('a\x1bb'), 'a\\x1bb');
});
