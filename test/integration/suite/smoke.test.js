'use strict';
// Smoke test of the vmbstate extension inside a real VS Code (see ../README.md).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const pkg = JSON.parse(fs.readFileSync(path.join(vmbIT.repoRoot, 'package.json'), 'utf8'));

describe('smoke: vmbstate in VS Code', () => {
  it('is loaded by VS Code with the manifest of this repo', () => {
    assert.strictEqual(vmbIT.extensionId, `${pkg.publisher}.${pkg.name}`);
    const ext = vscode.extensions.getExtension(vmbIT.extensionId);
    assert.ok(ext, `${vmbIT.extensionId} is not among the loaded extensions`);
    assert.strictEqual(ext.packageJSON.version, pkg.version);
    if (vmbIT.mode === 'vsix') {
      assert.ok(!ext.extensionPath.startsWith(vmbIT.repoRoot), `installed copy expected, got ${ext.extensionPath}`);
    } else {
      assert.strictEqual(ext.extensionPath, vmbIT.config.extensionPath);
    }
  });

  it('registers the contributed languages; installed manifest matches the repo', async () => {
    const contributes = pkg.contributes || {};
    const languages = await vscode.languages.getLanguages();
    for (const lang of contributes.languages || []) {
      assert.ok(languages.includes(lang.id), `language ${lang.id} is not registered`);
    }
    // Commands are only registered once the extension activates, so the manifest side is checked
    // here and the runtime side in the activation test below.
    const ext = vmbIT.extension();
    const contributed = (ext.packageJSON.contributes?.commands || []).map((c) => c.command);
    assert.deepStrictEqual(
      contributed,
      (contributes.commands || []).map((c) => c.command),
    );
  });

  it('gives .vmbhex files the language contributed for them, which activates the extension', async function () {
    const lang = (pkg.contributes?.languages || []).find((l) => (l.extensions || []).includes('.vmbhex'));
    assert.ok(lang, 'package.json contributes a language for .vmbhex');
    const file = path.join(vmbIT.workspaceFolder, '__smoke__.vmbhex');
    if (!fs.existsSync(file)) fs.writeFileSync(file, '');
    const editor = await vmbIT.openFile('__smoke__.vmbhex');
    assert.strictEqual(editor.document.languageId, lang.id);
    // Nobody calls activate(): opening the file is enough (onLanguage, implied by the language).
    await vmbIT.waitFor(() => vmbIT.extension().isActive, {
      timeout: 15000,
      message: 'the extension to activate on a .vmbhex file',
    });
  });

  it('activates without error and registers every contributed command', async function () {
    const ext = vmbIT.extension();
    const main = path.join(ext.extensionPath, ext.packageJSON.main || 'extension.js');
    assert.ok(fs.existsSync(main), `${main} does not exist (run npm run build first)`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    const all = await vscode.commands.getCommands(true);
    const missing = (ext.packageJSON.contributes?.commands || []).map((c) => c.command).filter((c) => !all.includes(c));
    assert.deepStrictEqual(missing, [], 'contributed commands not registered after activation');
    await vmbIT.screenshot('smoke-activated');
  });
});
