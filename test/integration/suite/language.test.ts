// Issue 6, part 2: the language server in VS Code: diagnostics, hovers, document symbols and a
// quick fix, on samples/good.vmbhex and samples/malformed/bad-payload-crc.vmbhex (as shipped, and
// a copy without its `.expect` lines, where the CRC problem is an error).

import * as assert from 'assert';
import * as vscode from 'vscode';
import { afterEach, describe, it } from 'mocha';
import { closeAll, copyInWorkspace, UI } from '../support/util';

type R = { start: { line: number; character: number }; end: { line: number; character: number } };
const rng = (r: R) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const sev = (d: vscode.Diagnostic) => vscode.DiagnosticSeverity[d.severity];
const summary = (ds: readonly vscode.Diagnostic[]) => ds.map((d) => `${codeOf(d)} ${sev(d)} ${rng(d.range)}`);

async function symbolsOf(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  return vmbIT.waitFor(
    async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        uri,
      );
      return s && s.length ? s : undefined;
    },
    { timeout: 20000, message: `document symbols of ${uri.path}` },
  );
}

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<{ range: string; text: string }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  const ours = hovers.filter((h) => h.contents.length);
  assert.strictEqual(ours.length, 1, `one hover at ${pos.line}:${pos.character}, got ${hovers.length}`);
  const text = ours[0].contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
  return { range: ours[0].range ? rng(ours[0].range) : '', text };
}

/** Position of `needle` on the first line that contains it (plus `delta` characters). */
function find(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const c = doc.lineAt(i).text.indexOf(needle);
    if (c >= 0) return new vscode.Position(i, c + delta);
  }
  throw new Error(`"${needle}" not in ${doc.uri.path}`);
}

describe('language server', () => {
  afterEach(closeAll);

  it('good.vmbhex: outline of calls → chunks → fields from the server, and no problem', async () => {
    const editor = await vmbIT.openFile('good.vmbhex');
    const uri = editor.document.uri;
    const syms = await symbolsOf(uri);
    assert.deepStrictEqual(
      syms.map((s) => [s.name, s.detail]),
      [
        ['call 1', '2 chunks · 272 B · STATUS_MORE_PROCESSING_REQUIRED'],
        ['call 2', '2 chunks · 280 B · STATUS_MORE_PROCESSING_REQUIRED'],
        ['call 3', '1 chunk · 48 B · STATUS_SUCCESS'],
      ],
    );
    assert.deepStrictEqual(
      syms.map((s) => s.children.map((c) => c.name)),
      [['BEGIN', 'OFFER'], ['CHANNEL_STATE', 'GPADL'], ['END']],
    );
    const offer = syms[0].children[1];
    assert.strictEqual(offer.detail, 'seq 1 · 140 B · STATUS_MORE_PROCESSING_REQUIRED');
    assert.strictEqual(offer.range.start.line, find(editor.document, '.chunk OFFER').line);
    assert.deepStrictEqual(
      offer.children.map((x) => x.name),
      [
        'Header',
        'ChannelId',
        'ConnectionId',
        'MonitorId',
        'MonitorAllocated',
        'IsDedicated',
        'OfferFlags',
        'MmioMegabytes',
        'MmioMegabytesOptional',
        'Reserved',
        'UserDefined',
      ],
    );
    const channelId = offer.children[1];
    assert.strictEqual(channelId.detail, '0x00000011 (17)');
    assert.strictEqual(
      rng(channelId.selectionRange),
      rng(new vscode.Range(find(editor.document, 'ChannelId:'), find(editor.document, 'ChannelId:', 10))),
    );
    // The server has analysed the document (symbols above): it reports nothing for the design example.
    await vmbIT.sleep(300);
    assert.deepStrictEqual(summary(vscode.languages.getDiagnostics(uri)), []);
  });

  it('good.vmbhex: hovers on a field literal, a .chunk line and an .expect status', async () => {
    const editor = await vmbIT.openFile('good.vmbhex');
    const doc = editor.document;
    await symbolsOf(doc.uri);
    const lit = find(doc, 'ChannelId: u32:17');
    const field = await hoverText(doc.uri, lit.translate(0, 'ChannelId: u32:1'.length));
    assert.deepStrictEqual(field, {
      range: `${lit.line}:${lit.character + 11}-${lit.line}:${lit.character + 17}`,
      text: '**ChannelId** · u32 — chunk 2 OFFER (seq 1), call 1\n\nStream offset 0x0080 (128) · payload offset 0 · 4 byte(s)  \nBytes: `11 00 00 00`  \nValue: `0x00000011` (17)',
    });
    const chunk = await hoverText(doc.uri, find(doc, '.chunk GPADL', 8));
    assert.match(chunk.text, /^\*\*chunk 4 GPADL\*\* — call 2\n/);
    assert.match(chunk.text, /Header CRC-32C: stored `0x[0-9A-F]{8}` · computed `0x[0-9A-F]{8}` — match {2}\n/);
    assert.match(chunk.text, /Payload CRC-32C: stored `0x[0-9A-F]{8}` · computed `0x[0-9A-F]{8}` — match\n/);
    assert.match(chunk.text, /returned \*\*STATUS_MORE_PROCESSING_REQUIRED \(0xC0000016\)\*\*/);
    assert.match(chunk.text, /\*\*NT_SUCCESS trap:\*\*/);
    const ok = await hoverText(doc.uri, find(doc, '.expect STATUS_SUCCESS', 12));
    assert.strictEqual(
      ok.text,
      '**STATUS_SUCCESS (0x00000000)**\n\nRestore finished: the final chunk was consumed and the channel state is complete.\n\nSeverity: success · NT_SUCCESS: TRUE\n\nRestore call 3 returned **STATUS_SUCCESS (0x00000000)** — as expected.',
    );
    assert.strictEqual(
      ok.range,
      rng(new vscode.Range(find(doc, 'STATUS_SUCCESS'), find(doc, 'STATUS_SUCCESS', 'STATUS_SUCCESS'.length))),
    );
  });

  it('malformed/bad-payload-crc.vmbhex as shipped: the expected failures are information, on the exact text', async () => {
    const editor = await vmbIT.openFile('malformed/bad-payload-crc.vmbhex');
    const uri = editor.document.uri;
    const diags = await vmbIT.waitForDiagnostics(uri, { timeout: 20000, predicate: (d) => d.length >= 2 });
    assert.deepStrictEqual(summary(diags), [
      'CRC-PAYLOAD Information 26:13-26:27',
      'STATE-FAILED Information 33:0-33:5',
    ]);
    assert.strictEqual(editor.document.getText(diags[0].range), 'crc=0x8BA415C5');
    // A refused call is shown on its .call line.
    assert.strictEqual(editor.document.getText(diags[1].range), '.call');
    assert.strictEqual(
      diags[0].message,
      // The explicit crc= is named as the cause (docs/format.md §4, explicit header options).
      "Explicit `crc=0x8BA415C5`: PayloadCrc32c is 0x8BA415C5, the payload's CRC-32C is 0x8BA415C1. → restore call 2 returns STATUS_CRC_ERROR (0xC000003F). (expected by .expect)",
    );
    assert.ok(diags.every((d) => d.source === 'vmbstate'));
    // The related location: the payload the CRC covers.
    assert.ok(
      diags[0].relatedInformation?.some(
        (r) => r.message === 'Payload covered by the CRC' && r.location.range.start.line === 27,
      ),
    );
    const gpadl = await hoverText(uri, find(editor.document, '.chunk GPADL', 8));
    assert.match(gpadl.text, /Payload CRC-32C: stored `0x8BA415C5` · computed `0x8BA415C1` — \*\*mismatch\*\*/);
    assert.match(gpadl.text, /returned \*\*STATUS_CRC_ERROR \(0xC000003F\)\*\*/);
    const syms = await symbolsOf(uri);
    assert.deepStrictEqual(
      syms.map((s) => s.detail.split(' · ').pop()),
      ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_CRC_ERROR', 'STATUS_INVALID_DEVICE_STATE'],
    );
  });

  it('a copy without its .expect lines: CRC-PAYLOAD is an error; its quick fix applied makes it go away', async () => {
    const uri = copyInWorkspace('malformed/bad-payload-crc.vmbhex', 'lang/bad-payload-crc-noexpect.vmbhex', (t) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('.expect'))
        .join('\n'),
    );
    const editor = await vscode.window.showTextDocument(uri);
    const diags = await vmbIT.waitForDiagnostics(uri, { timeout: 20000, predicate: (d) => d.length >= 2 });
    assert.deepStrictEqual(summary(diags), ['CRC-PAYLOAD Error 25:13-25:27', 'STATE-FAILED Error 31:0-31:5']);
    const crc = diags[0];
    assert.strictEqual(
      crc.message,
      "Explicit `crc=0x8BA415C5`: PayloadCrc32c is 0x8BA415C5, the payload's CRC-32C is 0x8BA415C1. → restore call 2 returns STATUS_CRC_ERROR (0xC000003F).",
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      crc.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // (vscode.executeCodeActionProvider does not hand back CodeAction.diagnostics: match by title.)
    const fix = actions.find((a) => a.title === 'Recompute PayloadCrc32c: remove crc=0x8BA415C5 so it is computed');
    assert.ok(fix, `the CRC-PAYLOAD quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.strictEqual(fix.kind?.value, 'quickfix');
    assert.strictEqual(fix.isPreferred, true);
    assert.ok(fix.edit, 'the fix carries a workspace edit');
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    assert.strictEqual(editor.document.lineAt(25).text, '.chunk GPADL');
    // Re-analysed: no CRC problem, and restore no longer fails (STATE-FAILED went with it).
    await vmbIT.waitForDiagnostics(uri, { timeout: 20000, predicate: (d) => d.length === 0 });
    const syms = await symbolsOf(uri);
    assert.deepStrictEqual(
      syms.map((s) => s.detail.split(' · ').pop()),
      ['STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_MORE_PROCESSING_REQUIRED', 'STATUS_SUCCESS'],
    );
    await editor.document.save();
  });

  it(`shows the problem and the hover in the editor ${UI}`, async () => {
    const uri = copyInWorkspace('malformed/bad-payload-crc.vmbhex', 'lang/bad-payload-crc-ui.vmbhex', (t) =>
      t
        .split('\n')
        .filter((l) => !l.startsWith('.expect'))
        .join('\n'),
    );
    const editor = await vscode.window.showTextDocument(uri);
    await vmbIT.waitForDiagnostics(uri, { timeout: 20000, predicate: (d) => d.length >= 2 });
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vmbIT.ui.waitFor('.markers-panel .monaco-list-row');
    const problems = await vmbIT.ui.text('.markers-panel');
    assert.match(problems, /PayloadCrc32c is 0x8BA415C5, the payload's CRC-32C is 0x8BA415C1/);
    assert.match(problems, /CRC-PAYLOAD/);
    // The squiggle: the error decoration on the `crc=` option of line 26.
    await vscode.window.showTextDocument(editor.document);
    editor.selection = new vscode.Selection(25, 16, 25, 16);
    editor.revealRange(new vscode.Range(25, 0, 25, 0), vscode.TextEditorRevealType.InCenter);
    await vmbIT.ui.waitFor('.monaco-editor .squiggly-error');
    await vscode.commands.executeCommand('editor.action.showHover');
    await vmbIT.ui.waitFor('.monaco-hover', { timeout: 10000 });
    const hover = await vmbIT.ui.text('.monaco-hover');
    assert.match(hover, /PayloadCrc32c is 0x8BA415C5/);
    await vmbIT.screenshot('language-problem-hover');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });
});
