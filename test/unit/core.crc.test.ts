import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c, crc32cImplementation, crc32cJs, setNativeCrc32c } from '../../core/src';
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
