// CI formats of `vmbstate check`: SARIF 2.1.0 (validated against the published schema), JUnit XML,
// and the contributed `$vmbstate` problem matcher applied to real check output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import { runCli } from './helpers/cli';
import { DIAGNOSTICS } from '../../core/src';

const ROOT = join(__dirname, '..', '..', '..');
const S = (p: string) => join(ROOT, 'samples', p);

const run = runCli;

/** good.vmbhex with END's ChunkCount wrong (CONTENT-CHUNKCOUNT on line 42) and its .expect kept: two errors. */
function brokenText(dir: string): string {
  const file = join(dir, 'broken <&>.vmbhex');
  const good = readFileSync(S('good.vmbhex'), 'utf8');
  writeFileSync(file, good.replace('ChunkCount: u32:5  EndFlags', 'ChunkCount: u32:6  EndFlags'));
  return file;
}

function sarifValidator() {
  // The schema's language-tag pattern is not valid in Unicode mode (a stray `]`): compile patterns without `u`.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  const schemaPath = join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; index: number }; region?: Record<string, number> };
  }[];
}

test('check --format sarif: schema-valid SARIF 2.1.0 with the catalogue as rules, text regions and byte offsets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-sarif-'));
  try {
    const text = brokenText(dir);
    const r = run(
      'check',
      '--format',
      'sarif',
      text,
      S('malformed/bit-flip.vmbstate'),
      S('good.vmbhex'),
      join(dir, 'nope.vmbstate'),
    );
    assert.equal(r.code, 2, 'an unreadable file makes check exit 2, as in the text format');
    const log = JSON.parse(r.out) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; help: { text: string } }[] } };
        results: SarifResult[];
        invocations: {
          executionSuccessful: boolean;
          exitCode: number;
          toolExecutionNotifications: { message: { text: string } }[];
        }[];
      }[];
    };
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.deepEqual(
      run0.tool.driver.rules.map((x) => x.id),
      DIAGNOSTICS.map((d) => d.code),
    );
    const crc = run0.tool.driver.rules.find((x) => x.id === 'CRC-PAYLOAD')!;
    assert.match(crc.help.text, /returns STATUS_CRC_ERROR \(0xC000003F\).*Recompute PayloadCrc32c/);
    // The text file: CONTENT-CHUNKCOUNT at END's ChunkCount value (line 42, 1-based), and the .expect that no longer holds.
    const inText = run0.results.filter((x) => x.locations[0].physicalLocation.artifactLocation.index === 0);
    assert.deepEqual(
      inText.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.region?.startLine]),
      [
        ['CONTENT-CHUNKCOUNT', 'error', 42],
        ['EXPECT-MISMATCH', 'error', 44],
      ],
    );
    assert.equal(inText[0].locations[0].physicalLocation.artifactLocation.uri, pathToFileURL(text).href);
    assert.equal(run0.tool.driver.rules[inText[0].ruleIndex].id, 'CONTENT-CHUNKCOUNT');
    // The binary: a byte region, as `check` prints "(bytes 0x01E4..0x01E8)".
    const bin = run0.results.find((x) => x.ruleId === 'CRC-PAYLOAD')!;
    assert.deepEqual(bin.locations[0].physicalLocation.region, { byteOffset: 0x1e4, byteLength: 4 });
    assert.equal(run0.results.filter((x) => x.locations[0].physicalLocation.artifactLocation.index === 2).length, 0);
    assert.equal(run0.invocations[0].executionSuccessful, false);
    assert.equal(run0.invocations[0].exitCode, 2);
    assert.match(
      run0.invocations[0].toolExecutionNotifications[0].message.text,
      /nope\.vmbstate: cannot read: no such file/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check --format sarif: relative paths are relative URIs under %SRCROOT%; info results only with --verbose', () => {
  const rel = relative(process.cwd(), S('malformed/bad-payload-crc.vmbhex'));
  const quiet = JSON.parse(run('check', '--format', 'sarif', rel).out) as {
    runs: { results: SarifResult[]; artifacts: { location: { uri: string; uriBaseId: string } }[] }[];
  };
  assert.equal(quiet.runs[0].results.length, 0, 'a fixture whose .expect lines hold has no results');
  assert.equal(quiet.runs[0].artifacts[0].location.uriBaseId, '%SRCROOT%');
  assert.equal(quiet.runs[0].artifacts[0].location.uri, rel.split(/[\\/]/).join('/'));
  const verbose = JSON.parse(run('check', '--format', 'sarif', '--verbose', rel).out) as typeof quiet;
  const notes = verbose.runs[0].results.filter((x) => x.level === 'note');
  assert.ok(notes.some((x) => x.ruleId === 'CRC-PAYLOAD'));
  assert.ok(sarifValidator()(verbose));
});

test('check --format junit: a test case per file and per .expect, failures where they do not hold', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-junit-'));
  try {
    const text = brokenText(dir);
    const r = run('check', '--format', 'junit', S('malformed/sequence-gap.vmbhex'), text, join(dir, 'nope.vmbhex'));
    assert.equal(r.code, 2);
    assert.match(
      r.out,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="vmbstate check" tests="10" failures="2" errors="1">/,
    );
    // sequence-gap: check + 3 .expect + .expect-end, all passing.
    assert.match(r.out, /<testsuite name="[^"]*sequence-gap\.vmbhex" tests="5" failures="0" errors="0">/);
    assert.match(r.out, /name="\.expect STATUS_REQUEST_OUT_OF_SEQUENCE diag=SEQ-GAP \(call 2, line 27\)"\/>/);
    assert.match(r.out, /name="\.expect-end STATUS_REQUEST_OUT_OF_SEQUENCE diag=SEQ-GAP \(run, line 33\)"\/>/);
    // The broken text: its name escaped; the file case and its last .expect fail, the first two pass.
    assert.ok(r.out.includes('broken &lt;&amp;&gt;.vmbhex'));
    assert.match(r.out, /tests="4" failures="2" errors="0"/);
    assert.match(
      r.out,
      /name="\.expect STATUS_SUCCESS \(call 3, line 44\)">\n {6}<failure message="Restore call 3 was expected to return STATUS_SUCCESS \(0x00000000\), returned STATUS_FILE_CORRUPT_ERROR \(0xC0000102\) with CONTENT-CHUNKCOUNT\."/,
    );
    assert.match(
      r.out,
      /<failure message="2 error\(s\), 0 warning\(s\); restore ends with STATUS_FILE_CORRUPT_ERROR[^"]*" type="vmbstate">[^<]*:42:15: error: \[CONTENT-CHUNKCOUNT\]/,
    );
    assert.match(r.out, /<error message="[^"]*nope\.vmbhex: cannot read: no such file" type="unreadable"\/>/);
    // Balanced elements: every open tag is closed.
    for (const tag of ['testsuites', 'testsuite', 'testcase', 'failure'])
      assert.equal(
        (r.out.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length -
          (r.out.match(new RegExp(`<${tag} [^>]*/>`, 'g')) ?? []).length,
        (r.out.match(new RegExp(`</${tag}>`, 'g')) ?? []).length,
        tag,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the contributed $vmbstate problem matcher reads every problem line of real check output', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { problemMatchers: { name: string; owner: string; pattern: Record<string, string | number> }[] };
  };
  const m = pkg.contributes.problemMatchers.find((x) => x.name === 'vmbstate')!;
  const re = new RegExp(m.pattern.regexp as string);
  const group = (x: RegExpExecArray, k: string) => x[m.pattern[k] as number];
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-matcher-'));
  try {
    const files = [brokenText(dir), S('malformed/bit-flip.vmbstate'), S('malformed/bad-payload-crc.vmbhex')];
    const text = run('check', '--verbose', ...files);
    const json = JSON.parse(run('check', '--json', ...files).out) as {
      files: { problems: { code: string; severity: string; location: string; message: string }[] }[];
    };
    const expected = json.files.flatMap((f) => f.problems);
    const matched = text.out
      .split('\n')
      .map((l) => re.exec(l))
      .filter((x): x is RegExpExecArray => x !== null);
    assert.equal(matched.length, expected.length, 'one match per problem; the summary lines do not match');
    assert.ok(expected.some((p) => p.severity === 'info'));
    matched.forEach((x, i) => {
      const p = expected[i];
      assert.equal(`${group(x, 'file')}:${group(x, 'line')}:${group(x, 'column')}`, p.location);
      assert.equal(group(x, 'severity'), p.severity);
      assert.equal(group(x, 'code'), p.code);
      assert.ok(group(x, 'message').startsWith(p.message), group(x, 'message'));
    });
    // A Windows path with a drive letter is one file name.
    const win = re.exec('C:\\fx\\a.vmbhex:3:7: warning: [WARN-OPTIONAL-TYPE] Unknown optional chunk type')!;
    assert.deepEqual([group(win, 'file'), group(win, 'line'), group(win, 'column')], ['C:\\fx\\a.vmbhex', '3', '7']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
