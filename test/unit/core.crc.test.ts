import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c, crc32cCombine, crc32cImplementation, crc32cJs, setNativeCrc32c } from '../../core/src';
import { useNativeCrc32c } from '../../core/src/node/nativeCrc32c';

const ROOT = join(__dirname, '..', '..', '..');

test('CRC-32C check value of "123456789" is 0xE3069283', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
});

test('CRC-32C of nothing is 0 and continuing a CRC equals one pass', () => {
  assert.equal(crc32c(new Uint8Array(0)), 0);
  const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) & 0xff);
  for (const cut of [0, 1, 7, 8, 9, 500, 999, 1000]) {
    assert.equal(crc32c(data, cut, data.length, crc32c(data, 0, cut)), crc32c(data), `cut at ${cut}`);
  }
});

test('slicing-by-8 matches a bitwise reference on odd lengths and offsets', () => {
  const ref = (b: Uint8Array) => {
    let c = ~0;
    for (const x of b) {
      c ^= x;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    }
    return ~c >>> 0;
  };
  let seed = 1;
  for (let n = 0; n < 70; n++) {
    const b = Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    assert.equal(crc32c(b), ref(b), `length ${n}`);
  }
});

// Native CRC-32C (core/src/node/nativeCrc32c.ts): installed where @node-rs/crc32 loads, the
// JavaScript one otherwise; both must give the same value on every range and chained start value.
describe('native CRC-32C and its JavaScript fallback', () => {
  const random = (n: number, seed: number) => {
    let s = seed;
    return Uint8Array.from({ length: n }, () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24);
  };

  test('@node-rs/crc32 loads here and is installed; removing it falls back to JavaScript', () => {
    try {
      assert.equal(useNativeCrc32c(), 'native');
      assert.equal(crc32cImplementation(), 'native');
      setNativeCrc32c(undefined);
      assert.equal(crc32cImplementation(), 'javascript');
      assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
    } finally {
      setNativeCrc32c(undefined);
    }
  });

  test('both agree on random inputs, sub-ranges and chained initial values, short and long', () => {
    try {
      assert.equal(useNativeCrc32c(), 'native');
      let seed = 11;
      for (const n of [0, 1, 31, 255, 256, 257, 1000, 4096, 65537, 300_000]) {
        const b = random(n, seed++);
        assert.equal(crc32c(b), crc32cJs(b), `whole, length ${n}`);
        for (let k = 0; k < 5; k++) {
          const start = Math.floor((((seed * 7919 + k * 104729) % 1000) / 1000) * n);
          const end = start + Math.floor((((seed * 31 + k * 7) % 997) / 997) * (n - start));
          const init = (Math.imul(seed, 2654435761) + k) >>> 0;
          assert.equal(crc32c(b, start, end, init), crc32cJs(b, start, end, init), `[${start}, ${end}) from ${init}`);
          // Chaining: a CRC continued over two halves equals one pass, in either implementation.
          const mid = (start + end) >> 1;
          assert.equal(crc32c(b, mid, end, crc32c(b, start, mid)), crc32cJs(b, start, end), `chained at ${mid}`);
        }
      }
      // A view that does not start at its buffer's beginning.
      const big = random(5000, 3);
      const view = big.subarray(123, 4567);
      assert.equal(crc32c(view, 10, 4000, 77), crc32cJs(view, 10, 4000, 77));
    } finally {
      setNativeCrc32c(undefined);
    }
  });

  test('a missing module, or one that computes something else, leaves the JavaScript CRC in use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmbstate-crc-'));
    try {
      assert.equal(useNativeCrc32c('@vmbstate/no-such-crc-module'), 'javascript');
      assert.equal(crc32cImplementation(), 'javascript');
      const liar = join(dir, 'liar.js');
      writeFileSync(liar, 'exports.crc32c = () => 42;');
      assert.equal(useNativeCrc32c(liar), 'javascript');
      writeFileSync(join(dir, 'none.js'), 'exports.crc32 = () => 0;');
      assert.equal(useNativeCrc32c(join(dir, 'none.js')), 'javascript');
      assert.equal(crc32cImplementation(), 'javascript');
      assert.equal(crc32c(random(1000, 5)), crc32cJs(random(1000, 5)));
    } finally {
      setNativeCrc32c(undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bundle that marks the package external runs without node_modules (the .vsix case) and natively with it', async () => {
    const esbuild = await import('esbuild');
    const dir = mkdtempSync(join(tmpdir(), 'vmbstate-crc-bundle-'));
    try {
      const entry = join(dir, 'probe.ts');
      writeFileSync(
        entry,
        `import { useNativeCrc32c } from ${JSON.stringify(join(ROOT, 'core/src/node/nativeCrc32c'))};\n` +
          `import { crc32c } from ${JSON.stringify(join(ROOT, 'core/src'))};\n` +
          `const used = useNativeCrc32c();\n` +
          `console.log(used + ' ' + crc32c(new Uint8Array(4096).fill(7)).toString(16));\n`,
      );
      const outfile = join(dir, 'probe.js');
      // The same external the real bundles get (scripts/build.mjs).
      assert.match(readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8'), /external: \['@node-rs\/crc32'\]/);
      await esbuild.build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        external: ['@node-rs/crc32'],
        logLevel: 'silent',
      });
      const expected = crc32cJs(new Uint8Array(4096).fill(7)).toString(16);
      const alone = spawnSync(process.execPath, [outfile], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: '' },
      });
      assert.equal(alone.stdout.trim(), `javascript ${expected}`, alone.stderr);
      const withModules = spawnSync(process.execPath, [outfile], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      });
      assert.equal(withModules.stdout.trim(), `native ${expected}`, withModules.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// crc32cCombine (core/src/crc32c.ts): the CRC of A‖B without a pass over the bytes, as the
// emulated restore keeps END's StreamCrc32c from the payload CRCs it computed anyway.
describe('CRC-32C combination', () => {
  const random = (n: number, seed: number) => {
    let s = seed;
    return Uint8Array.from({ length: n }, () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24);
  };

  test('crc32cCombine(crc(A), crc(B), |B|) is crc(A‖B) on random data, every split, lengths from 0', () => {
    let seed = 3;
    for (const n of [0, 1, 2, 7, 8, 9, 31, 32, 33, 255, 256, 257, 1000, 4096, 65536, 70000]) {
      const b = random(n, seed++);
      const whole = crc32cJs(b);
      const cuts =
        n <= 40 ? Array.from({ length: n + 1 }, (_, i) => i) : [0, 1, n >> 1, Math.max(0, n - 256), n - 1, n];
      for (const cut of cuts) {
        const a = crc32cJs(b, 0, cut);
        assert.equal(crc32cCombine(a, crc32cJs(b, cut), n - cut), whole, `length ${n}, cut at ${cut}`);
        // Chained from an earlier CRC, as a running stream CRC is.
        const init = (Math.imul(seed, 2654435761) + cut) >>> 0;
        assert.equal(
          crc32cCombine(crc32cJs(b, 0, cut, init), crc32cJs(b, cut), n - cut),
          crc32cJs(b, 0, n, init),
          `chained, length ${n}, cut at ${cut}`,
        );
      }
    }
  });

  test('lengths past each byte of the shift tables (256, 65536, 2^24) and a zero-length B', () => {
    const zeros = new Uint8Array((1 << 24) + 300);
    const a = random(100, 9);
    const crcA = crc32cJs(a);
    for (const len of [255, 256, 257, 65535, 65536, 65537, 1 << 24, (1 << 24) + 257]) {
      const ab = new Uint8Array(100 + len);
      ab.set(a);
      assert.equal(crc32cCombine(crcA, crc32cJs(zeros, 0, len), len), crc32cJs(ab), `${len} zero bytes`);
    }
    assert.equal(crc32cCombine(crcA, 0, 0), crcA);
    assert.equal(crc32cCombine(0, crcA, 100), crcA, 'empty A');
  });
});
