// Issue 15: user schemas (.ksy) in VS Code: samples/schemas/demo-stor.vmbhex, whose folder maps
// PACKET VspState to demo-stor.ksy (.vmbstate-schemas.json); hovering a user field shows its
// .ksy type, enum id and doc (checked through the hover provider, then shown and screenshotted).

import * as assert from 'assert';
import * as vscode from 'vscode';
import { afterEach, describe, it } from 'mocha';
import { closeAll } from '../support/util';

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n');
}

describe('user schemas', () => {
  afterEach(closeAll);

  it('demo-stor.vmbhex: hovering a user field shows its .ksy type, enum id and doc', async () => {
    const editor = await vmbIT.openFile('schemas/demo-stor.vmbhex');
    const doc = editor.document;
    const line = [...Array(doc.lineCount).keys()].find((i) => doc.lineAt(i).text.includes('operation: u16:1'))!;
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('u16:1') + 2);
    // The analysis runs after the schemas compile: wait until the hover carries the user field.
    const text = await vmbIT.waitFor(
      async () => {
        const t = await hoverText(doc.uri, pos);
        return /User schema field/.test(t) ? t : undefined;
      },
      { timeout: 30000, message: 'a hover with the user field' },
    );
    assert.match(text, /\*\*VspState\.operation\*\*/);
    assert.match(text, /enum value \*\*read\*\*/);
    assert.match(text, /What the guest asked for/);
    const outline = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    const names: string[] = [];
    const walk = (s: vscode.DocumentSymbol[]) => s.forEach((x) => (names.push(x.name), walk(x.children)));
    walk(outline);
    assert.ok(names.includes('sg_list') && names.includes('lba'), 'user fields in the outline');
    // Show it as a user sees it.
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await vmbIT.sleep(1500);
    await vmbIT.screenshot('schemas-hover-user-field');
  });
});
