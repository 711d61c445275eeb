import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '../../core/src';

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
