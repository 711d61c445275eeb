// Fixtures for the Step Restore debugger tests: the design's example stream (§7) and its broken
// variants (§6 golden sequences), written as .vmbstate binaries and .vmbhex text into a temp dir.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHUNK_TYPES, encodeChunk, FLAG_FINAL } from '../../../core/src';
import { beginPayload, concat, endPayload, exampleChunks, exampleStream } from './example';

/** The compiled standalone adapter (DAP over stdio). */
export const ADAPTER = path.resolve(__dirname, '../../../debugger/src/main.js');
export const REPO = path.resolve(__dirname, '../../../..');
export const GOOD_VMBHEX = path.join(REPO, 'samples/good.vmbhex');

/** Buffer size that cuts the example into the design's three calls: [0,272) [272,552) [552,600). */
export const THREE_CALLS = 280;

export interface Fixtures {
  dir: string;
  good: string;
  bitFlip: string;
  short8: string;
  badMagicOffer: string;
  major2: string;
  noChannelState: string;
  call1Resent: string;
  endTwice: string;
  afterSuccess: string;
  cutAfterCall2: string;
  empty: string;
  junk: string;
  goodText: string;
  bitFlipText: string;
  truncateText: string;
  opsText: string;
}

export function makeFixtures(): Fixtures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmbstate-debug-'));
  const w = (name: string, data: Uint8Array | string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, data);
    return p;
  };
  const good = exampleStream();
  const flip = exampleStream();
  flip[464 + 32 + 20] ^= 0x04;
  const badMagic = exampleStream();
  badMagic[96] = 0x57;
  const v2 = exampleChunks();
  v2[0] = encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload(), versionMajor: 2 });
  const c = exampleChunks();
  const end2 = encodeChunk({ type: CHUNK_TYPES.END, sequence: 5, flags: FLAG_FINAL, payload: endPayload(6, 0, 0) });
  const text = fs.readFileSync(GOOD_VMBHEX, 'utf8');
  const replaceOnce = (s: string, a: string, b: string) => {
    if (!s.includes(a)) throw new Error(`fixture: "${a}" not in good.vmbhex`);
    return s.replace(a, b);
  };
  return {
    dir,
    good: w('good.vmbstate', good),
    bitFlip: w('gpadl-bitflip.vmbstate', flip),
    short8: w('call2-short.vmbstate', good.subarray(0, 544)),
    badMagicOffer: w('bad-magic-offer.vmbstate', badMagic),
    major2: w('major2.vmbstate', concat(v2)),
    noChannelState: w('no-channel-state.vmbstate', concat([c[0], c[1], c[3], c[4]])),
    call1Resent: w('call1-resent.vmbstate', concat([good.subarray(0, 272), good.subarray(0, 272)])),
    endTwice: w('end-twice.vmbstate', concat([...c, end2])),
    afterSuccess: w('after-success.vmbstate', concat([good, good.subarray(552)])),
    cutAfterCall2: w('cut-after-call2.vmbstate', good.subarray(0, 552)),
    empty: w('empty.vmbstate', new Uint8Array(0)),
    junk: w(
      'junk.vmbstate',
      Uint8Array.from({ length: 77 }, (_, i) => (i * 37 + 11) & 0xff),
    ),
    goodText: w('good.vmbhex', text),
    // The GPADL's payload changes while its PayloadCrc32c stays the one of the good payload.
    bitFlipText: w(
      'gpadl-crc.vmbhex',
      replaceOnce(replaceOnce(text, '.chunk GPADL', '.chunk GPADL crc=0x8BA415C1'), 'u64:0x1003', 'u64:0x1007'),
    ),
    truncateText: w(
      'call2-short.vmbhex',
      replaceOnce(
        text,
        '.expect STATUS_MORE_PROCESSING_REQUIRED\n\n# Call 3',
        '.truncate 8\n.expect STATUS_INVALID_BUFFER_SIZE\n\n# Call 3',
      ),
    ),
    opsText: w('enabled.vmbhex', replaceOnce(text, '# Call 1', '.op Enable\n# Call 1')),
  };
}

export function removeFixtures(f: Fixtures): void {
  fs.rmSync(f.dir, { recursive: true, force: true });
}

/** 1-based line of the first line in `file` that starts with `prefix` (after `after`, if given). */
export function lineOf(file: string, prefix: string, after = 0): number {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  for (let i = after; i < lines.length; i++) if (lines[i].trimStart().startsWith(prefix)) return i + 1;
  throw new Error(`no line starting with "${prefix}" in ${file}`);
}
