// Messages that quote input never carry it raw: control characters are escaped (a fixture must not
// retitle or clear the user's terminal), and the FRAME-MAGIC message renders its 4 bytes safely.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, decodeBinary, decodeText, type SavedStateDocument } from '../../core/src';
import { exampleStream } from './helpers/example';

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;
const OSC = '\x1b]0;PWNED\x07';

function messages(doc: SavedStateDocument): string[] {
  return analyze(doc).problems.flatMap((p) => [p.message, ...(p.related ?? []).map((r) => r.message)]);
}

test('FRAME-MAGIC renders the magic bytes without quotes, backslashes or control characters', () => {
  const b = exampleStream();
  b.set([0x44, 0x33, 0x22, 0x2e], 0); // D 3 " .
  const p = decodeBinary(b).problems.find((x) => x.code === 'FRAME-MAGIC')!;
  assert.match(p.message, /^Chunk magic is 0x2E223344 \("D3\.\."\), expected "VBSC"/);
  b.set([0x5c, 0x1b, 0x9b, 0x41], 0);
  const q = decodeBinary(b).problems.find((x) => x.code === 'FRAME-MAGIC')!;
  assert.match(q.message, /\("\.\.\.A"\)/);
  assert.doesNotMatch(q.message, CONTROL);
});

test('text problems quote control characters escaped, never raw', () => {
  const lines = [
    `.x${OSC}`, // unknown directive
    `.chunk NOTE\n  ${OSC}\n.end`, // bad token
    `.chunk NOTE\n  u8:${OSC}\n.end`, // bad number
    `.chunk NOTE\n  zero:${OSC}\n.end`, // bad count
    `.chunk NOTE\n  fill:1:${OSC}\n.end`, // bad fill value
    `.chunk NOTE\n  guid:${OSC}\n.end`, // bad GUID
    `.chunk NOTE\n  utf8:"a\\${OSC}"\n.end`, // invalid escape
    `.chunk NOTE\n  utf8:"a"${OSC}\n.end`, // text after the closing quote
    `.chunk NOTE\n  ${OSC}x:1\n.end`, // unknown literal type
    `.chunk ${OSC}\n.end`, // unknown chunk type
    `.chunk NOTE ${OSC}=1\n.end`, // unknown option
    `.chunk NOTE flags=${OSC}\n.end`, // bad flags
    `.chunk NOTE seq=${OSC}\n.end`, // bad number option
    `.stream version=${OSC}`, // bad version
    `.channel state=${OSC}`, // bad choice
    `.channel interface=${OSC}`, // bad GUID option
    `.op ${OSC}`, // unknown operation
    `.call\n.expect ${OSC}`, // unknown status
    `.call\n.expect STATUS_SUCCESS diag=${OSC}`, // unknown diagnostic code
    `.call ${OSC}`, // unexpected word
    `.chunk NOTE\n.x${OSC}`, // unclosed block before an unknown directive
    `.chunk NOTE\n  u8:1 .x${OSC}\n.end`, // directive not at the start of a line
  ];
  for (const text of lines) {
    const doc = decodeText(text);
    const text_ = doc.problems.filter((p) => p.code.startsWith('TEXT-'));
    assert.ok(text_.length > 0, `a TEXT-* problem for ${JSON.stringify(text)}`);
    for (const m of messages(doc)) {
      assert.doesNotMatch(m, CONTROL, `${JSON.stringify(text)} → ${JSON.stringify(m)}`);
    }
    assert.ok(
      text_.some((p) => p.message.includes('\\x1b') || p.message.includes('\\u001b')),
      `the escape is visible for ${JSON.stringify(text)}: ${text_.map((p) => p.message).join(' | ')}`,
    );
  }
});

test('the unknown-directive message of the hostile-input report', () => {
  const doc = decodeText(`.x${OSC}`);
  assert.equal(doc.problems[0].code, 'TEXT-DIRECTIVE');
  assert.match(doc.problems[0].message, /^unknown directive \.x\\x1b\]0;PWNED\\x07 \(known: /);
});

test('NOTE text is shown with C1 controls and line separators escaped', () => {
  const doc = decodeText('.chunk NOTE\n  utf8:"a\\u009b2J\\u2028b\\u001b"\n.end');
  const f = doc.chunks[0].payloadFields[0];
  assert.equal(f.display, '"a\\x9b2J\\u2028b\\u001b"');
});
