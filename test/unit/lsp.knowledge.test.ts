// The completion layouts (server/src/knowledge.ts) restate every payload layout that
// core/src/payload.ts decodes: each chunk snippet, with its default values, must assemble to a
// chunk the decoder reads with no content problem, so the two descriptions stay in step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { text } from '../../core/src';
import { CHUNK_TYPE_LIST, chunkSnippet } from '../../server/src/knowledge';

/** The snippet as inserted with every placeholder left at its default. */
const expand = (s: string) =>
  s.replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_, v: string) => v.replace(/\\(.)/g, '$1')).replace(/\$0/g, '');

test('every chunk snippet assembles to a chunk the decoder reads without content problems', () => {
  assert.deepEqual([...CHUNK_TYPE_LIST].sort(), [
    'BEGIN',
    'CHANNEL_STATE',
    'END',
    'GPADL',
    'NOTE',
    'OFFER',
    'PACKET',
    'PENDING_MESSAGE',
    'RING',
  ]);
  for (const type of CHUNK_TYPE_LIST) {
    const doc = text.decodeText(expand(chunkSnippet(type)));
    assert.equal(doc.chunks.length, 1, type);
    assert.equal(doc.chunks[0].typeName, type);
    const bad = doc.problems.filter(
      (p) =>
        p.code.startsWith('CONTENT-') ||
        p.code.startsWith('TEXT-') ||
        p.code.startsWith('FRAME-') ||
        p.code.startsWith('CRC-'),
    );
    assert.deepEqual(
      bad.map((p) => `${p.code}: ${p.message}`),
      [],
      type,
    );
  }
});
