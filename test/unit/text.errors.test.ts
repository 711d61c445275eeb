// Every TEXT-* error of the assembler: its code, its exact text range and its message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIAGNOSTICS, assembleText, decodeText, TEXT_CODES } from '../../core/src';
import { rng } from './helpers/textForm';

/** [what, text, ["CODE range message", …] in text order]. */
const CASES: [string, string, string[]][] = [
  ['out-of-range integer', '.raw\n u16:70000\n.endraw', ['TEXT-RANGE 1:5-1:10 u16 value 70000 out of range 0..65535']],
  [
    'odd-length hex',
    '.raw\n abc\n.endraw',
    ['TEXT-HEX 1:1-1:4 odd-length hex token "abc": bytes are written as pairs of hex digits'],
  ],
  [
    'unknown token',
    '.raw\n xyz\n.endraw',
    [
      'TEXT-TOKEN 1:1-1:4 unexpected token "xyz": expected Label:, hex bytes (e.g. 56 42) or a typed literal (u8: … utf16:)',
    ],
  ],
  ['typed literal without value', '.raw\n u16:\n.endraw', ['TEXT-TOKEN 1:1-1:5 missing value after "u16:"']],
  [
    'bad GUID',
    '.raw\n guid:{1234}\n.endraw',
    ['TEXT-GUID 1:6-1:12 invalid GUID "{1234}": expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}'],
  ],
  [
    'bad zero counts',
    '.raw\n zero:x zero:0x100000000\n.endraw',
    [
      'TEXT-NUMBER 1:6-1:7 zero: needs a byte count (decimal or 0x hex), got "x"',
      'TEXT-RANGE 1:13-1:24 zero count 0x100000000 out of range 0..4294967295',
    ],
  ],
  [
    'bad fill literals',
    '.raw\n fill:3 fill:z:1 fill:1:q fill:1:256\n.endraw',
    [
      'TEXT-TOKEN 1:1-1:7 fill needs a count and a byte value: fill:N:0xAA, got "fill:3"',
      'TEXT-NUMBER 1:13-1:14 fill: needs a byte count (decimal or 0x hex), got "z"',
      'TEXT-NUMBER 1:24-1:25 fill: byte value "q" is not a number',
      'TEXT-RANGE 1:33-1:36 fill byte value 256 out of range 0..255',
    ],
  ],
  [
    'bad strings',
    '.raw\n utf8:"a\\qb" utf16:"\\u12" utf8:abc\n utf8:"x"y\n utf8:"abc\n.endraw',
    [
      'TEXT-STRING 1:8-1:10 utf8: invalid escape "\\q" (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)',
      'TEXT-STRING 1:20-1:24 utf16: invalid escape "\\u12" (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)',
      'TEXT-STRING 1:31-1:34 utf8: expected a quoted string "…"',
      'TEXT-STRING 2:9-2:10 utf8: unexpected text after the closing quote: "y"',
      'TEXT-STRING 3:6-3:10 utf8: unterminated string: missing closing "',
    ],
  ],
  [
    'unknown literal type and junk',
    '.raw\n foo:1 {x}:1\n.endraw',
    [
      'TEXT-TOKEN 1:1-1:5 unknown literal type "foo:" (known: u8 u16 u32 u64 i8 i16 i32 i64 be16 be32 be64 guid zero fill utf8 utf16); a label needs a space after its colon',
      'TEXT-TOKEN 1:7-1:12 unexpected token "{x}:1"',
    ],
  ],
  [
    'bad integers',
    '.raw\n u8:12z i8:200 i8:0x1FF\n.endraw',
    [
      'TEXT-NUMBER 1:4-1:7 u8: "12z" is not a number (decimal, 0x hex or auto)',
      'TEXT-RANGE 1:11-1:14 i8 value 200 out of range -128..127',
      'TEXT-RANGE 1:18-1:23 i8 value 0x1FF out of range -128..255',
    ],
  ],
  [
    'directive inside a field line',
    '.raw\n 01 .end\n.endraw',
    ['TEXT-TOKEN 1:4-1:8 unexpected ".end": a directive must start its own line'],
  ],
  [
    'auto without a computed value',
    '.raw\n u32:auto\n.endraw\n.chunk OFFER\n X: u32:auto\n u32:auto\n.end\n.chunk END\n u32:auto\n.end',
    [
      'TEXT-AUTO 1:1-1:9 auto has no computed value for a .raw block; auto is allowed for ChunkCount (BEGIN, END), StreamCrc32c (END) and RangeBufferWords (GPADL)',
      'TEXT-AUTO 4:4-4:12 auto has no computed value for field "X" of an OFFER chunk; auto is allowed for ChunkCount (BEGIN, END), StreamCrc32c (END) and RangeBufferWords (GPADL)',
      'TEXT-AUTO 5:1-5:9 auto has no computed value for field "X" of an OFFER chunk; auto is allowed for ChunkCount (BEGIN, END), StreamCrc32c (END) and RangeBufferWords (GPADL)',
      'TEXT-AUTO 8:1-8:9 auto has no computed value for an unlabelled field of an END chunk; auto is allowed for ChunkCount (BEGIN, END), StreamCrc32c (END) and RangeBufferWords (GPADL)',
    ],
  ],
  [
    'auto that does not fit',
    '.chunk GPADL\n RangeBufferWords: u32:auto 01 02 03\n.end\n.chunk END\n ChunkCount: u8:auto\n.end\n' +
      '.chunk NOTE\n.end\n'.repeat(256),
    [
      'TEXT-AUTO 1:19-1:27 RangeBufferWords: auto needs the payload bytes after it to be whole 8-byte words; there are 3',
      'TEXT-RANGE 4:13-4:20 u8 value 258 (auto ChunkCount) out of range 0..255',
    ],
  ],
  [
    'stream size limit',
    '.raw\n zero:0x10000001\n.endraw',
    ['TEXT-LIMIT 1:1-1:16 the assembled stream would exceed the 268435456-byte limit here'],
  ],
  [
    'bytes outside a block',
    '01 02\n',
    ['TEXT-BLOCK 0:0-0:5 bytes outside a block: field lines belong between .chunk and .end, or .raw and .endraw'],
  ],
  [
    'mismatched block ends',
    '.raw\n.end\n.chunk NOTE\n.endraw\n.end\n.endraw',
    [
      'TEXT-BLOCK 1:0-1:4 .end inside the .raw block of line 1: a .raw block ends with .endraw',
      'TEXT-BLOCK 3:0-3:7 .endraw inside the .chunk block of line 3: a .chunk block ends with .end',
      'TEXT-BLOCK 4:0-4:4 .end without .chunk',
      'TEXT-BLOCK 5:0-5:7 .endraw without .raw',
    ],
  ],
  [
    'unclosed blocks',
    '.chunk NOTE\n 01\n.call\n.raw\n',
    [
      'TEXT-BLOCK 0:0-0:11 .chunk without .end before .call on line 3',
      'TEXT-BLOCK 3:0-3:4 .raw without .endraw at end of file',
    ],
  ],
  [
    'unknown directive',
    '.foo bar',
    [
      'TEXT-DIRECTIVE 0:0-0:4 unknown directive .foo (known: .stream .channel .op .call .expect .expect-end .chunk .end .raw .endraw .truncate .save-begin .save .save-end .schema)',
    ],
  ],
  [
    '.chunk options',
    '.chunk NOTE x seq=1 seq=2 bogus=3 flags= hsize=300 magic=z\n.end',
    [
      'TEXT-OPTION 0:12-0:13 unexpected "x" after .chunk TYPE: options are key=value (seq flags len crc hcrc magic version hsize pad reserved0 reserved1)',
      'TEXT-OPTION 0:20-0:23 option seq given twice',
      'TEXT-OPTION 0:26-0:31 unknown option "bogus" for .chunk TYPE (known: seq flags len crc hcrc magic version hsize pad reserved0 reserved1)',
      'TEXT-OPTION 0:34-0:40 option flags needs a value: flags=…',
      'TEXT-RANGE 0:47-0:50 hsize value 300 out of range 0..255',
      'TEXT-NUMBER 0:57-0:58 magic: "z" is not a number (decimal or 0x hex)',
    ],
  ],
  [
    '.chunk type, flags, version',
    '.chunk\n.end\n.chunk FOO\n.end\n.chunk NOTE flags=FINAL|BAD version=1 version=256.0\n.end',
    [
      'TEXT-OPTION 0:0-0:6 .chunk needs a chunk type: BEGIN, OFFER, CHANNEL_STATE, GPADL, PACKET, PENDING_MESSAGE, END, NOTE, RING or 0xNNNN',
      'TEXT-OPTION 2:7-2:10 unknown chunk type "FOO": use BEGIN, OFFER, CHANNEL_STATE, GPADL, PACKET, PENDING_MESSAGE, END, NOTE, RING or 0xNNNN',
      'TEXT-OPTION 4:18-4:27 flags=FINAL|BAD: "BAD" is not FINAL, CONTINUES, none or a number 0..0xFFFF',
      'TEXT-OPTION 4:36-4:37 version=1 is not MAJOR.MINOR with each part 0..255',
      'TEXT-OPTION 4:38-4:45 option version given twice',
    ],
  ],
  [
    'settings after the first call',
    '.chunk NOTE\n.end\n.stream version=1.0\n.channel state=Open interface=xyz',
    [
      'TEXT-ORDER 2:0-2:7 .stream must come before the first .call, .chunk, .raw or .op',
      'TEXT-ORDER 3:0-3:8 .channel must come before the first .call, .chunk, .raw or .op',
      'TEXT-OPTION 3:15-3:19 state=Open is not one of Disabled|Enabled|Started|Paused',
      'TEXT-GUID 3:30-3:33 interface: invalid GUID "xyz": expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}',
    ],
  ],
  ['.stream twice', '.stream\n.stream\n', ['TEXT-ORDER 1:0-1:7 .stream given twice (first on line 1)']],
  [
    '.channel values',
    '.channel handle=maybe packetCallbacks=1 subchannel=70000 maxGpadls=-1 profile=x',
    [
      'TEXT-OPTION 0:16-0:21 handle=maybe is not one of valid|null',
      'TEXT-OPTION 0:38-0:39 packetCallbacks=1 is not one of yes|no|true|false',
      'TEXT-RANGE 0:51-0:56 subchannel value 70000 out of range 0..65535',
      'TEXT-RANGE 0:67-0:69 maxGpadls value -1 out of range 0..4294967295',
      'TEXT-OPTION 0:78-0:79 profile=x is not one of default|vid',
    ],
  ],
  [
    '.expect placement and values',
    '.expect STATUS_SUCCESS\n.chunk NOTE\n.end\n.expect STATUS_SUCCESS\n.expect STATUS_SUCCESS\n.expect STATUS_NOPE\n.expect 0x123456789\n.expect\n.expect STATUS_SUCCESS diag=NOPE',
    [
      'TEXT-ORDER 0:0-0:7 .expect without a call before it: it asserts the status of the preceding call',
      'TEXT-ORDER 4:0-4:7 call 0 already has an .expect (line 4)',
      'TEXT-OPTION 5:8-5:19 unknown status "STATUS_NOPE": use a STATUS_… name or a 0x value of up to 8 digits',
      'TEXT-OPTION 6:8-6:19 unknown status "0x123456789": use a STATUS_… name or a 0x value of up to 8 digits',
      'TEXT-OPTION 7:0-7:7 .expect needs a status: a STATUS_… name or a 0x value',
      'TEXT-ORDER 8:0-8:7 call 0 already has an .expect (line 4)',
      'TEXT-OPTION 8:28-8:32 unknown diagnostic code "NOPE" (see the Diagnostics table of docs/format.md)',
    ],
  ],
  [
    '.expect-end twice',
    '.expect-end STATUS_SUCCESS\n.expect-end STATUS_SUCCESS',
    ['TEXT-ORDER 1:0-1:11 .expect-end given twice (first on line 1)'],
  ],
  [
    '.truncate',
    '.truncate 1\n.chunk NOTE\n.end\n.truncate 33\n.truncate\n.truncate x',
    [
      'TEXT-ORDER 0:0-0:9 .truncate without a call before it: it shortens the current or previous call',
      'TEXT-TRUNCATE 3:0-3:12 .truncate 33 removes more than the 32 byte(s) the call holds',
      'TEXT-OPTION 4:0-4:9 .truncate needs a byte count: .truncate N',
      'TEXT-NUMBER 5:10-5:11 .truncate: "x" is not a number (decimal or 0x hex)',
    ],
  ],
  [
    '.op',
    '.op\n.op Explode\n.op Enable extra',
    [
      'TEXT-OPTION 0:0-0:3 .op needs an operation: Enable, Disable, Start, Pause, Cleanup',
      'TEXT-OPTION 1:4-1:11 unknown operation "Explode": use Enable, Disable, Start, Pause, Cleanup',
      'TEXT-OPTION 2:11-2:16 unexpected "extra" after .op',
    ],
  ],
  [
    '.call options',
    '.call buffer=maybe size=x',
    [
      'TEXT-OPTION 0:13-0:18 buffer=maybe is not one of null|valid',
      'TEXT-NUMBER 0:24-0:25 size: "x" is not a number (decimal or 0x hex)',
    ],
  ],
  [
    '.end with arguments',
    '.chunk NOTE\n.end now\n.end',
    ['TEXT-OPTION 1:5-1:8 unexpected "now" after .end', 'TEXT-BLOCK 2:0-2:4 .end without .chunk'],
  ],
];

for (const [what, text, want] of CASES) {
  test(`errors: ${what}`, () => {
    const a = assembleText(text);
    assert.deepEqual(
      a.problems.map((p) => `${p.code} ${rng(p.text)} ${p.message}`),
      want,
    );
    for (const p of a.problems) assert.equal(p.severity, 'error');
  });
}

test('every TEXT-* code is in the DIAGNOSTICS catalogue as a non-status error, and the tests reach all but the internal one', () => {
  for (const code of Object.keys(TEXT_CODES)) {
    const d = DIAGNOSTICS.find((x) => x.code === code);
    assert.ok(d, code);
    assert.equal(d.status, null);
    assert.equal(d.severity, 'error');
  }
  const seen = new Set(CASES.flatMap(([, , w]) => w.map((s) => s.split(' ')[0])));
  assert.deepEqual(
    Object.keys(TEXT_CODES).filter((c) => !seen.has(c)),
    ['TEXT-INTERNAL'],
  );
});

test('errors keep the layout: a bad literal of known width still emits its bytes (as zeros)', () => {
  const a = assembleText('.raw\n u16:70000 guid:{x} 01 i8:q u8:auto zz\n.endraw');
  assert.equal(a.bytes.length, 2 + 16 + 1 + 1 + 1);
  assert.equal(a.bytes[18], 1);
  const doc = decodeText('.chunk NOTE\n u16:70000\n.end\n');
  assert.equal(doc.chunks[0].header?.payloadLength, 2);
  assert.equal(doc.problems[0].code, 'TEXT-RANGE');
});
