// The TextMate grammar and language configuration of .vmbhex: valid JSON, every regex compiles,
// and a small line tokenizer (first match wins, begin/end within the line) gives the scopes
// the theme relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const grammar = JSON.parse(readFileSync(join(ROOT, 'syntaxes', 'vmbstate-hex.tmLanguage.json'), 'utf8'));
const config = JSON.parse(readFileSync(join(ROOT, 'language-configuration.json'), 'utf8'));

interface Rule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  contentName?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  endCaptures?: Record<string, { name: string }>;
  patterns?: Rule[];
}

function rules(list: Rule[]): Rule[] {
  return list.flatMap((r) => (r.include ? rules(grammar.repository[r.include.slice(1)].patterns) : [r]));
}

/** [token text, innermost scope without the language suffix] for one line. */
function tokenize(line: string): [string, string][] {
  const out: [string, string][] = [];
  const emit = (m: RegExpExecArray, caps: Rule['captures'], name?: string) => {
    if (caps) {
      for (let i = 1; i < m.length; i++)
        if (m[i] !== undefined && caps[i]) out.push([m[i], caps[i].name.replace('.vmbstate-hex', '')]);
    } else if (name) out.push([m[0], name.replace('.vmbstate-hex', '')]);
  };
  const scan = (list: Rule[], from: number, end?: RegExp, endRule?: Rule): number => {
    let p = from;
    while (p <= line.length) {
      let best: { r?: Rule; m: RegExpExecArray } | undefined;
      if (end) {
        end.lastIndex = p;
        const m = end.exec(line);
        if (m) best = { m };
      }
      for (const r of rules(list)) {
        const re = new RegExp(r.match ?? r.begin!, 'g');
        re.lastIndex = p;
        const m = re.exec(line);
        if (m && (!best || m.index < best.m.index)) best = { r, m };
      }
      if (!best) return line.length;
      const { r, m } = best;
      if (!r) {
        emit(m, endRule!.endCaptures);
        return m.index + m[0].length;
      }
      if (r.match) {
        emit(m, r.captures, r.name);
        p = m.index + Math.max(1, m[0].length);
      } else {
        emit(m, r.beginCaptures);
        p = scan(r.patterns ?? [], m.index + m[0].length, new RegExp(r.end!, 'g'), r);
        if (p === m.index + m[0].length && p >= line.length) return p;
      }
      if (p >= line.length) return p;
    }
    return p;
  };
  scan(grammar.patterns, 0);
  return out;
}

test('grammar: JSON, scope name, every regex compiles', () => {
  assert.equal(grammar.scopeName, 'source.vmbstate-hex');
  const all: Rule[] = [
    ...grammar.patterns,
    ...Object.values(grammar.repository as Record<string, Rule>).flatMap((r) => [r, ...(r.patterns ?? [])]),
  ];
  const walk = (r: Rule) => {
    for (const k of ['match', 'begin', 'end'] as const)
      if (r[k]) assert.doesNotThrow(() => new RegExp(r[k]!), `${k}: ${r[k]}`);
    for (const s of [
      r.name,
      r.contentName,
      ...Object.values({ ...r.captures, ...r.beginCaptures, ...r.endCaptures }).map((c) => c.name),
    ])
      if (s) assert.match(s, /\.vmbstate-hex$/);
    (r.patterns ?? []).forEach(walk);
  };
  all.forEach(walk);
});

test('grammar: directives, options, chunk types, statuses and comments', () => {
  assert.deepEqual(tokenize('.chunk END flags=FINAL|CONTINUES seq=0x10  # note'), [
    ['.chunk', 'keyword.control.directive'],
    ['END', 'entity.name.type.chunk'],
    ['flags', 'variable.parameter.option'],
    ['=', 'keyword.operator.assignment'],
    ['FINAL', 'constant.language.flag'],
    ['|', 'keyword.operator.flags'],
    ['CONTINUES', 'constant.language.flag'],
    ['seq', 'variable.parameter.option'],
    ['=', 'keyword.operator.assignment'],
    ['0x10', 'constant.numeric.hex'],
    ['# note', 'comment.line.number-sign'],
  ]);
  assert.deepEqual(tokenize('.expect STATUS_MORE_PROCESSING_REQUIRED diag=SIZE-PARTIAL'), [
    ['.expect', 'keyword.control.directive'],
    ['STATUS_MORE_PROCESSING_REQUIRED', 'support.constant.status'],
    ['diag', 'variable.parameter.option'],
    ['=', 'keyword.operator.assignment'],
    ['SIZE-PARTIAL', 'constant.other.diagnostic'],
  ]);
  assert.deepEqual(tokenize('.expect-end STATUS_SUCCESS'), [
    ['.expect-end', 'keyword.control.directive'],
    ['STATUS_SUCCESS', 'support.constant.status'],
  ]);
  assert.deepEqual(tokenize('.op Enable // c'), [
    ['.op', 'keyword.control.directive'],
    ['Enable', 'support.function.operation'],
    ['// c', 'comment.line.double-slash'],
  ]);
  assert.deepEqual(tokenize('.stream version=1.0'), [
    ['.stream', 'keyword.control.directive'],
    ['version', 'variable.parameter.option'],
    ['=', 'keyword.operator.assignment'],
    ['1.0', 'constant.numeric.version'],
  ]);
  assert.deepEqual(tokenize('.bogus'), [['.bogus', 'invalid.illegal.directive']]);
  assert.deepEqual(tokenize('# .chunk BEGIN'), [['# .chunk BEGIN', 'comment.line.number-sign']]);
});

test('grammar: labels, typed literals, strings, hex bytes', () => {
  assert.deepEqual(tokenize('  ChunkCount: u32:auto  Id: u16:0x1F  i8:-3'), [
    ['ChunkCount', 'entity.name.label'],
    [':', 'punctuation.separator.label'],
    ['u32', 'storage.type.literal'],
    [':', 'punctuation.separator.literal'],
    ['auto', 'constant.language.auto'],
    ['Id', 'entity.name.label'],
    [':', 'punctuation.separator.label'],
    ['u16', 'storage.type.literal'],
    [':', 'punctuation.separator.literal'],
    ['0x1F', 'constant.numeric'],
    ['i8', 'storage.type.literal'],
    [':', 'punctuation.separator.literal'],
    ['-3', 'constant.numeric'],
  ]);
  assert.deepEqual(tokenize('  56 42 5343 abc'), [
    ['56', 'constant.numeric.hex.bytes'],
    ['42', 'constant.numeric.hex.bytes'],
    ['5343', 'constant.numeric.hex.bytes'],
    ['abc', 'invalid.illegal.hex'],
  ]);
  assert.deepEqual(tokenize('  T: utf8:"a # \\n \\q"'), [
    ['T', 'entity.name.label'],
    [':', 'punctuation.separator.label'],
    ['utf8', 'storage.type.literal'],
    [':', 'punctuation.separator.literal'],
    ['"', 'punctuation.definition.string.begin'],
    ['\\n', 'constant.character.escape'],
    ['\\q', 'invalid.illegal.escape'],
    ['"', 'punctuation.definition.string.end'],
  ]);
  assert.deepEqual(tokenize('guid:{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f} zero:120 fill:4:0xAA u16:'), [
    ['guid', 'storage.type.literal'],
    [':', 'punctuation.separator.literal'],
    ['{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}', 'constant.other.guid'],
    ['zero', 'storage.type.literal'],
    [':', 'punctuation.separator.literal'],
    ['120', 'constant.numeric'],
    ['fill', 'storage.type.literal'],
    [':', 'punctuation.separator.literal'],
    ['4', 'constant.numeric'],
    [':', 'punctuation.separator.literal'],
    ['0xAA', 'constant.numeric'],
    ['u16:', 'invalid.illegal.literal'],
  ]);
});

test('language configuration: # comments, folding markers for .chunk/.end and .raw/.endraw', () => {
  assert.equal(config.comments.lineComment, '#');
  const start = new RegExp(config.folding.markers.start);
  const end = new RegExp(config.folding.markers.end);
  assert.ok(start.test('.chunk BEGIN') && start.test('  .raw') && !start.test('.call') && !start.test('# .chunk'));
  assert.ok(
    end.test('.end') && end.test('  .endraw  # x') && !end.test('.expect-end STATUS_SUCCESS') && !end.test('.endx'),
  );
});
