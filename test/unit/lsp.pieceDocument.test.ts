// The server thread's document copy (server/src/pieceDocument.ts) answers as
// vscode-languageserver-textdocument's TextDocument does after any sequence of changes: the text,
// line count, offsets, positions, line ranges and line ends, CRLF pairs split and joined included,
// and past MAX_PIECES pieces (where it joins its text again).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { MAX_PIECES, PieceTextDocument } from '../../server/src/pieceDocument';
import { EditLog } from '../../server/src/editLog';

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

const ALPHABET = ['a', 'b', '0', 'f', ' ', '\n', '\r', '\r\n', 'xyz\n', '.chunk NOTE\n'];

function randomText(r: (n: number) => number, max: number): string {
  let s = '';
  for (let i = r(max); i > 0; i--) s += ALPHABET[r(ALPHABET.length)];
  return s;
}

function compare(piece: PieceTextDocument, ref: TextDocument, r: (n: number) => number, what: string): void {
  assert.equal(piece.getText(), ref.getText(), `${what}: text`);
  assert.equal(piece.lineCount, ref.lineCount, `${what}: line count`);
  assert.equal(piece.textLength, ref.getText().length);
  for (let k = 0; k < 20; k++) {
    const pos = { line: r(ref.lineCount + 2) - 1, character: r(12) - 1 };
    assert.equal(piece.offsetAt(pos), ref.offsetAt(pos), `${what}: offsetAt ${JSON.stringify(pos)}`);
    const off = r(ref.getText().length + 3) - 1;
    assert.deepEqual(piece.positionAt(off), ref.positionAt(off), `${what}: positionAt ${off}`);
    const line = r(ref.lineCount + 1);
    assert.deepEqual(piece.getLineRange(line), ref.getLineRange(line), `${what}: line range ${line}`);
    assert.equal(piece.getEOLCharacters(line), ref.getEOLCharacters(line), `${what}: line end ${line}`);
    const end = ref.positionAt(r(ref.getText().length + 1));
    const range = { start: ref.positionAt(r(ref.getText().length + 1)), end };
    if (piece.offsetAt(range.start) <= piece.offsetAt(range.end))
      assert.equal(piece.getText(range), ref.getText(range), `${what}: text of ${JSON.stringify(range)}`);
  }
}

test('a piece document answers as TextDocument after random changes (CRLF, line breaks, reversed ranges)', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    const initial = randomText(r, 60);
    const piece = new PieceTextDocument('file:///a.vmbhex', 'vmbhex', 1, initial);
    let ref = TextDocument.create('file:///a.vmbhex', 'vmbhex', 1, initial);
    // Half the seeds run past MAX_PIECES so the text is joined again on the way.
    const steps = seed % 2 ? 60 : MAX_PIECES + 40;
    for (let v = 2; v < steps; v++) {
      const len = ref.getText().length;
      let change: TextDocumentContentChangeEvent;
      if (r(50) === 0) change = { text: randomText(r, 40) };
      else {
        const a = ref.positionAt(r(len + 1));
        const b = ref.positionAt(Math.min(len, ref.offsetAt(a) + r(6)));
        change = { range: r(4) ? { start: a, end: b } : { start: b, end: a }, text: randomText(r, 3) };
      }
      piece.apply(change, v);
      ref = TextDocument.update(ref, [change], v);
      assert.equal(piece.version, v);
      if (v % 7 === 0 || v === steps - 1) compare(piece, ref, r, `seed ${seed}, version ${v}`);
    }
  }
});

test('the edit log applies changes to a piece document in place and logs the same offsets', () => {
  const log = new EditLog();
  const uri = 'file:///b.vmbhex';
  const piece = new PieceTextDocument(uri, 'vmbhex', 1, 'a\r\nb\nc\n');
  log.reset(uri, 1);
  const got = log.update(
    piece,
    [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'x' },
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: 'yy' },
    ],
    2,
  );
  assert.equal(got, piece, 'the same document, changed in place');
  assert.equal(piece.getText(), 'ayy\r\nx\nc\n');
  assert.deepEqual(log.since(uri, 1, piece), {
    edits: [
      { start: 3, end: 4, text: 'x' },
      { start: 1, end: 1, text: 'yy' },
    ],
    length: 9,
  });
});
