// `node out/bench/lsp.js`: the language server on large `.vmbhex` documents, over JSON-RPC like
// an editor. For 1 and 10 MB of text (LSP_BENCH_SIZES=1,10): time from didOpen to the published
// diagnostics, hover latency once analysed (200 positions), time to fresh diagnostics after
// one-character edits (the incremental path) and after an edit that adds a line, hovers sent while
// an edit is being analysed, whole-document features (semantic tokens full and delta, formatting,
// range formatting), and the latency of a hover on a small document while the large one is being
// re-analysed (the server must stay responsive: large documents are analysed in a worker thread).

import { cpus } from 'node:os';
import type { Hover } from 'vscode-languageserver/node';
import { text } from '../core/src';
import { LspClient } from '../test/unit/helpers/lspClient';
import { generateStream } from './generate';

const MB = 1024 * 1024;
const sizes = (process.env.LSP_BENCH_SIZES ?? '1,10').split(',').map(Number);

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} · p95 ${q(0.95).toFixed(1)} · p99 ${q(0.99).toFixed(1)} · max ${s[s.length - 1].toFixed(1)}`;
}

/** A text document of about `bytes` characters: the disassembly of a generated stream. */
function makeText(bytes: number): string {
  let bin = Math.max(4096, Math.floor(bytes / 3));
  let src = text.disassemble(generateStream(bin));
  // One correction step gets within a few percent of the target.
  bin = Math.floor((bin * bytes) / src.length);
  src = text.disassemble(generateStream(bin));
  return src;
}

/** The first digit of hex-row lines (`  0a 1b …`), spread over the document. */
function hexDigitPositions(src: string, count: number): { line: number; character: number; digit: string }[] {
  const lines = src.split('\n');
  const out: { line: number; character: number; digit: string }[] = [];
  let seed = 29;
  for (let tries = 0; out.length < count && tries < 100 * count; tries++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const line = seed % lines.length;
    const m = /^(\s+)([0-9a-f])[0-9a-f] /.exec(lines[line]);
    if (m) out.push({ line, character: m[1].length, digit: m[2] });
  }
  return out;
}

/** Positions on literal tokens, spread over the document. */
function literalPositions(src: string, count: number): { line: number; character: number }[] {
  const lines = src.split('\n');
  const out: { line: number; character: number }[] = [];
  let seed = 11;
  while (out.length < count) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const line = seed % lines.length;
    const m = /^\s+\S/.exec(lines[line]);
    if (m && !lines[line].trimStart().startsWith('#')) out.push({ line, character: m[0].length });
  }
  return out;
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const features: string[][] = [];
  for (const mb of sizes) {
    const src = makeText(mb * MB);
    const c = await LspClient.start();
    try {
      const uri = `file:///bench/${mb}mb.vmbhex`;
      let t = performance.now();
      const diags = await c.open(uri, src);
      const open = performance.now() - t;

      const positions = literalPositions(src, 200);
      const hovers: number[] = [];
      let answered = 0;
      for (const position of positions) {
        t = performance.now();
        const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
        hovers.push(performance.now() - t);
        if (h) answered++;
      }

      // Whole-document features on the analysed version.
      const doc = { textDocument: { uri } };
      const timed = async (name: string, method: string, params: unknown, size: (r: unknown) => string) => {
        const s = performance.now();
        const r = await c.request(method, params);
        features.push([`${mb} MB`, name, (performance.now() - s).toFixed(0), size(r)]);
      };
      const mid = Math.floor(src.split('\n').length / 2);
      await timed('documentSymbol', 'textDocument/documentSymbol', doc, (r) => `${(r as unknown[]).length} top-level`);
      await timed(
        'semanticTokens/range (60 lines)',
        'textDocument/semanticTokens/range',
        { ...doc, range: { start: { line: mid, character: 0 }, end: { line: mid + 60, character: 0 } } },
        (r) => `${(r as { data: number[] }).data.length / 5} tokens`,
      );
      await timed(
        'semanticTokens/full',
        'textDocument/semanticTokens/full',
        doc,
        (r) => `${(r as { data: number[] }).data.length / 5} tokens`,
      );
      await timed(
        'inlayHint (60 lines)',
        'textDocument/inlayHint',
        { ...doc, range: { start: { line: mid, character: 0 }, end: { line: mid + 60, character: 0 } } },
        (r) => `${(r as unknown[]).length} hints`,
      );
      await timed('foldingRange', 'textDocument/foldingRange', doc, (r) => `${(r as unknown[]).length} ranges`);
      await timed(
        'formatting',
        'textDocument/formatting',
        { ...doc, options: { tabSize: 2, insertSpaces: true } },
        (r) => `${(r as unknown[]).length} edits`,
      );
      await timed(
        'rangeFormatting (60 lines)',
        'textDocument/rangeFormatting',
        {
          ...doc,
          range: { start: { line: mid, character: 0 }, end: { line: mid + 60, character: 0 } },
          options: { tabSize: 2, insertSpaces: true },
        },
        (r) => `${(r as unknown[]).length} edits`,
      );
      const full = (await c.request('textDocument/semanticTokens/full', doc)) as { resultId?: string };

      // One-character edits (a hex digit changed in place), each waited for: the incremental path.
      const oneChar: number[] = [];
      for (const p of hexDigitPositions(src, 20)) {
        const flipped = p.digit === '0' ? '1' : '0';
        const range = { start: p, end: { line: p.line, character: p.character + 1 } };
        t = performance.now();
        const ver = await c.change(uri, [{ range: { start: range.start, end: range.end }, text: flipped }]);
        await c.diagnosticsFor(uri, ver);
        oneChar.push(performance.now() - t);
      }
      // Semantic tokens after the last edit: the delta from the tokens sent before the edits.
      await timed(
        'semanticTokens/full/delta (after the edits)',
        'textDocument/semanticTokens/full/delta',
        { ...doc, previousResultId: full.resultId },
        (r) => {
          const d = r as { edits?: { deleteCount: number; data?: number[] }[]; data?: number[] };
          return d.edits
            ? `${d.edits.length} edit(s), ${d.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0) / 5} tokens sent`
            : `${(d.data?.length ?? 0) / 5} tokens (whole)`;
        },
      );

      // Hovers on the large document sent right after an edit, while that edit is being analysed.
      const duringEdit: number[] = [];
      const digits = hexDigitPositions(src, 60);
      for (let k = 0; k + 1 < digits.length; k += 2) {
        const p = digits[k];
        const flipped = p.digit === '0' ? '2' : '0';
        const ver = await c.change(uri, [
          { range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: flipped },
        ]);
        for (const h of positions.slice(k * 4, k * 4 + 8)) {
          const s = performance.now();
          await c.request('textDocument/hover', { textDocument: { uri }, position: h });
          duringEdit.push(performance.now() - s);
        }
        await c.diagnosticsFor(uri, ver);
      }

      // An edit that adds a line (decoded from scratch): fresh diagnostics, and a small document stays responsive meanwhile.
      const small = 'file:///bench/small.vmbhex';
      await c.open(small, '.chunk NOTE\n  Text: utf8:"hi"\n.end\n');
      const first = positions[0];
      t = performance.now();
      const v = await c.change(uri, [
        { range: { start: first, end: first }, text: '' },
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' },
      ]);
      const during: number[] = [];
      const pending = c.diagnosticsFor(uri, v).then(() => performance.now() - t);
      let done = false;
      void pending.then(() => (done = true));
      await new Promise((r) => setTimeout(r, 50));
      while (!done) {
        const s = performance.now();
        await c.request('textDocument/hover', { textDocument: { uri: small }, position: { line: 1, character: 10 } });
        during.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 20));
      }
      const edit = await pending;

      rows.push([
        `${mb} MB`,
        `${src.length}`,
        `${diags.length}`,
        open.toFixed(0),
        `${stats(hovers)} (${answered}/${hovers.length})`,
        oneChar.length ? `${stats(oneChar)} (n=${oneChar.length})` : 'n/a',
        `${stats(duringEdit)} (n=${duringEdit.length})`,
        edit.toFixed(0),
        during.length ? `${stats(during)} (n=${during.length})` : 'n/a',
      ]);
    } finally {
      await c.stop();
    }
  }
  console.log(`node ${process.version} on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`);
  table(
    [
      'document',
      'chars',
      'diags',
      'open → diagnostics ms',
      'hover ms',
      'one-char edit → diagnostics ms',
      'hover during its re-analysis ms',
      'line-adding edit → diagnostics ms',
      'small-doc hover during re-analysis ms',
    ],
    rows,
  );
  console.log('');
  table(['document', 'request', 'ms', 'result'], features);
}

function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((x, i) => x.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
