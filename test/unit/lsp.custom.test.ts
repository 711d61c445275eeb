// The custom requests the binary editor and the debugger use (analyze, disassemble, assemble,
// the analysisChanged notification), the worker-thread path for large documents, and bad
// input: none of it may take the server down.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type {
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  SemanticTokens,
  TextEdit,
} from 'vscode-languageserver/node';
import type { WireAnalysis } from '../../core/src';
import type { AnalysisChangedParams, AssembleResult, DisassembleResult } from '../../protocol/src';
import { fixture, LspClient, ROOT, uriOf } from './helpers/lspClient';
import { prng, randomBytes } from './helpers/prng';

const good = path.join(ROOT, 'samples/good.vmbstate');
const goodBytes = readFileSync(good);
const base = fixture('test/fixtures/lsp/base.vmbhex');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('custom requests', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
  });
  after(() => c.stop());

  test('vmbstate/analyze reads a binary file by URI and sends vmbstate/analysisChanged', async () => {
    const uri = uriOf('samples/good.vmbstate');
    const w = await c.request<WireAnalysis>('vmbstate/analyze', { uri });
    assert.equal(w.form, 'binary');
    assert.equal(w.size, 600);
    assert.deepEqual(
      w.calls.map((x) => x.items.map((i) => (i.kind === 'chunk' ? i.typeName : 'raw'))),
      [['BEGIN'], ['OFFER'], ['CHANNEL_STATE'], ['GPADL'], ['END']],
    );
    assert.deepEqual(w.outcome, { status: 0, statusName: 'STATUS_SUCCESS', findings: [] });
    assert.deepEqual(w.problems, []);
    const note = await c.until(
      () => c.analyses.find((a) => (a as AnalysisChangedParams).uri === uri) as AnalysisChangedParams | undefined,
    );
    assert.deepEqual(note, {
      uri,
      outcome: { status: 0, statusName: 'STATUS_SUCCESS', findings: [] },
      lastStatus: { call: 4, status: 0, statusName: 'STATUS_SUCCESS' },
    });
  });

  test('vmbstate/analyze on unsaved bytes (base64): a payload bit flip fails with CRC-PAYLOAD', async () => {
    const bytes = new Uint8Array(goodBytes);
    bytes[272 + 192 + 32 + 40] ^= 0x01; // a PFN byte of the GPADL payload
    const w = await c.request<WireAnalysis>('vmbstate/analyze', {
      uri: 'untitled:flipped.vmbstate',
      contentBase64: b64(bytes),
    });
    assert.equal(w.outcome.statusName, 'STATUS_CRC_ERROR');
    const p = w.problems.find((x) => x.code === 'CRC-PAYLOAD')!;
    assert.deepEqual([p.bytes, p.status, p.call], [{ start: 484, end: 488 }, 0xc000003f, 3]);
  });

  test('binary.buffering and binary.bufferSize cut a binary file into restore calls', async () => {
    const uri = uriOf('samples/good.vmbstate');
    await c.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: { vmbstate: { binary: { buffering: 'whole' } } },
    });
    assert.deepEqual(
      (await c.request<WireAnalysis>('vmbstate/analyze', { uri })).calls.map((x) => x.items.length),
      [5],
    );
    await c.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: { vmbstate: { binary: { buffering: 'size', bufferSize: 300 } } },
    });
    const w = await c.request<WireAnalysis>('vmbstate/analyze', { uri });
    assert.deepEqual(
      w.calls.map((x) => [x.bytes.start, x.items.length]),
      [
        [0, 2],
        [272, 2],
        [552, 1],
      ],
    );
    assert.deepEqual(
      w.trace.map((t) => (t.kind === 'call' ? t.statusName : t.op)),
      ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_SUCCESS'],
    );
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { vmbstate: {} } });
  });

  test('vmbstate/analyze on an open .vmbhex document uses its current text', async () => {
    const uri = 'file:///virtual/open.vmbhex';
    await c.open(uri, base.text);
    const w = await c.request<WireAnalysis>('vmbstate/analyze', { uri });
    assert.equal(w.form, 'text');
    assert.equal(w.size, 600);
    assert.equal(w.outcome.statusName, 'STATUS_SUCCESS');
    await c.close(uri);
  });

  test('vmbstate/disassemble and vmbstate/assemble round-trip the bytes', async () => {
    const d = await c.request<DisassembleResult>('vmbstate/disassemble', { uri: uriOf('samples/good.vmbstate') });
    assert.match(d.text, /^\.chunk BEGIN$/m);
    const a = await c.request<AssembleResult>('vmbstate/assemble', { uri: 'untitled:x.vmbhex', text: d.text });
    assert.deepEqual(a.errors, []);
    assert.equal(a.contentBase64, b64(goodBytes));
    const fromBase64 = await c.request<DisassembleResult>('vmbstate/disassemble', {
      uri: 'untitled:y',
      contentBase64: b64(goodBytes),
    });
    assert.equal(fromBase64.text, d.text);
    // An open document assembles from its editor text.
    const uri = 'file:///virtual/asm.vmbhex';
    await c.open(uri, base.text);
    assert.equal((await c.request<AssembleResult>('vmbstate/assemble', { uri })).contentBase64, b64(goodBytes));
    await c.close(uri);
  });

  test('vmbstate/assemble reports the text errors instead of bytes', async () => {
    const a = await c.request<AssembleResult>('vmbstate/assemble', {
      uri: 'untitled:bad.vmbhex',
      text: '.chunk OFFER\n  ChannelId: u32:nope\n.end\n',
    });
    assert.equal(a.contentBase64, undefined);
    assert.deepEqual(
      a.errors.map((e) => [e.line, e.character]),
      [[1, 17]],
    );
    assert.match(a.errors[0].message, /^TEXT-NUMBER: /);
  });

  test('a file that cannot be read is a request error, and the server keeps serving', async () => {
    await assert.rejects(
      c.request('vmbstate/analyze', { uri: uriOf('samples/does-not-exist.vmbstate') }),
      /does-not-exist\.vmbstate: cannot read: no such file/,
    );
    await assert.rejects(
      c.request('vmbstate/disassemble', { uri: 'https://example.invalid/x.vmbstate' }),
      /only file: URIs/,
    );
    const w = await c.request<WireAnalysis>('vmbstate/analyze', {
      uri: uriOf('samples/malformed/not-a-stream.vmbstate'),
    });
    assert.ok(w.problems.some((p) => p.code === 'FRAME-MAGIC'));
  });
});

describe('worker threads for large documents', () => {
  let inline: LspClient;
  let worker: LspClient;
  before(async () => {
    [inline, worker] = await Promise.all([LspClient.start(), LspClient.start({ workerThreshold: 0 })]);
  });
  after(async () => {
    await Promise.all([inline.stop(), worker.stop()]);
  });

  test('every feature answers the same from a worker as from the server thread', async () => {
    const broken = base.text.replace('.chunk OFFER', '.chunk OFFER crc=0x1');
    assert.deepEqual(await worker.open(base.uri, broken), await inline.open(base.uri, broken));
    const ask = async (cl: LspClient) => {
      const doc = { textDocument: { uri: base.uri } };
      const all = { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } };
      return [
        await cl.request<DocumentSymbol[]>('textDocument/documentSymbol', doc),
        await cl.request<Hover>('textDocument/hover', { ...doc, position: { line: 13, character: 16 } }),
        await cl.request<CompletionList>('textDocument/completion', { ...doc, position: { line: 13, character: 2 } }),
        await cl.request<SemanticTokens>('textDocument/semanticTokens/full', doc),
        await cl.request<FoldingRange[]>('textDocument/foldingRange', doc),
        await cl.request<InlayHint[]>('textDocument/inlayHint', { ...doc, range: all }),
        await cl.request<TextEdit[]>('textDocument/formatting', {
          ...doc,
          options: { tabSize: 2, insertSpaces: true },
        }),
        await cl.request('textDocument/codeAction', {
          ...doc,
          range: all,
          context: { diagnostics: (await cl.diagnosticsFor(base.uri)).slice(0, 1) },
        }),
        await cl.request<WireAnalysis>('vmbstate/analyze', { uri: uriOf('samples/good.vmbstate') }),
      ];
    };
    const [a, b] = [await ask(inline), await ask(worker)];
    assert.deepEqual(b, a);
    assert.equal((b[0] as DocumentSymbol[]).length, 3);
  });

  test('edits made while a worker analyses supersede it; the last version wins', async () => {
    const uri = 'file:///virtual/race.vmbhex';
    await worker.open(uri, base.text);
    let v = 1;
    for (let i = 0; i < 5; i++)
      v = await worker.change(uri, [{ text: base.text.replace('.chunk OFFER', `.chunk OFFER seq=${9 + i}`) }]);
    const d = await worker.diagnosticsFor(uri, v);
    assert.equal(d[0].message.slice(0, 40), 'Explicit `seq=13`: Sequence 13, expected');
    await worker.close(uri);
  });
});

describe('bad input never crashes the server', () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start();
  });
  after(() => c.stop());

  /** Every feature on a document: each answers (possibly empty), none fails. */
  async function exercise(uri: string, lines: number, width: number): Promise<void> {
    const doc = { textDocument: { uri } };
    const rand = prng(7);
    const int = (n: number) => Math.floor(rand() * n);
    const all = { start: { line: 0, character: 0 }, end: { line: lines + 1, character: 0 } };
    assert.ok(Array.isArray(await c.request('textDocument/documentSymbol', doc)));
    assert.ok(Array.isArray((await c.request<SemanticTokens>('textDocument/semanticTokens/full', doc)).data));
    assert.ok(Array.isArray(await c.request('textDocument/foldingRange', doc)));
    assert.ok(Array.isArray(await c.request('textDocument/inlayHint', { ...doc, range: all })));
    assert.ok(
      Array.isArray(
        await c.request('textDocument/formatting', { ...doc, options: { tabSize: 2, insertSpaces: true } }),
      ),
    );
    for (let i = 0; i < 20; i++) {
      const position = { line: int(lines + 2), character: int(width + 2) };
      await c.request('textDocument/hover', { ...doc, position });
      assert.ok(
        Array.isArray((await c.request<CompletionList>('textDocument/completion', { ...doc, position })).items),
      );
    }
    const diags = await c.diagnosticsFor(uri);
    assert.ok(
      Array.isArray(
        await c.request('textDocument/codeAction', { ...doc, range: all, context: { diagnostics: diags } }),
      ),
    );
  }

  test('binary junk opened as text', async () => {
    const junk = Buffer.from(randomBytes(prng(42), 4000)).toString('latin1');
    const uri = 'file:///virtual/junk.vmbhex';
    const d = await c.open(uri, junk);
    assert.ok(d.length > 0 && d.every((x) => x.source === 'vmbstate' && typeof x.code === 'string'));
    await exercise(uri, junk.split('\n').length, 200);
  });

  test('a 0-byte document: one finding, no restore call', async () => {
    const uri = 'file:///virtual/empty.vmbhex';
    const d = await c.open(uri, '');
    // Information, not an error, while the document is empty (lsp.authoring.test.ts).
    assert.deepEqual(
      d.map((x) => [x.code, x.severity, x.range.start.line, x.range.start.character]),
      [['EOF-TRUNCATED', 3, 0, 0]],
    );
    assert.match(
      d[0].message,
      /\(The input holds no restore call: there is no chunk to restore\. \[STATUS_END_OF_FILE \(0xC0000011\)\]\)$/,
    );
    await exercise(uri, 1, 1);
    const w = await c.request<WireAnalysis>('vmbstate/analyze', { uri: 'untitled:empty.vmbstate', contentBase64: '' });
    assert.equal(w.outcome.statusName, 'STATUS_END_OF_FILE');
  });

  test('invalid UTF-8 (shown by the editor as U+FFFD) is reported where it starts', async () => {
    const uri = 'file:///virtual/utf8.vmbhex';
    const d = await c.open(uri, base.text.replace('# LSP test fixture', '# LSP test \uFFFD\uFFFD fixture'));
    assert.deepEqual(
      d.map((x) => [x.code, `${x.range.start.line}:${x.range.start.character}`]),
      [['TEXT-ENCODING', '0:11']],
    );
  });

  test('a huge line (1 MB of hex) stays responsive', async () => {
    const uri = 'file:///virtual/huge.vmbhex';
    const row = '00 '.repeat(350_000);
    const t0 = Date.now();
    const d = await c.open(uri, `.raw\n${row}\n.endraw\n`);
    assert.ok(d.some((x) => x.code === 'FRAME-MAGIC'));
    const h = await c.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 600_000 },
    });
    assert.match((h.contents as { value: string }).value, /^\*\*Raw bytes\*\* — call 1/);
    await exercise(uri, 3, 1_050_000);
    assert.ok(Date.now() - t0 < 15_000, `took ${Date.now() - t0} ms`);
  });

  test('every sample opens: diagnostics published and features answer', async () => {
    const dir = path.join(ROOT, 'samples');
    const files = [
      ...readdirSync(dir).map((f) => path.join(dir, f)),
      ...readdirSync(path.join(dir, 'malformed')).map((f) => path.join(dir, 'malformed', f)),
    ].filter((f) => f.endsWith('.vmbhex'));
    assert.ok(files.length > 1);
    for (const f of files) {
      const uri = uriOf(path.relative(ROOT, f));
      const d = await c.open(uri, readFileSync(f, 'utf8'));
      assert.ok(
        d.every((x) => x.source === 'vmbstate'),
        f,
      );
      await exercise(uri, 40, 80);
      await c.close(uri);
    }
  });

  test('requests on unknown documents and out-of-range positions answer empty', async () => {
    const doc = { textDocument: { uri: 'file:///virtual/never-opened.vmbhex' } };
    assert.deepEqual(await c.request('textDocument/documentSymbol', doc), []);
    assert.equal(await c.request('textDocument/hover', { ...doc, position: { line: 0, character: 0 } }), null);
    const uri = 'file:///virtual/range.vmbhex';
    await c.open(uri, base.text);
    assert.equal(
      await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 9999, character: 5 } }),
      null,
    );
    assert.equal(c.proc.exitCode, null, 'the server is still running');
  });
});
