// User schemas in the language server (docs/schemas.md): the nearest .vmbstate-schemas.json and
// the settings' entries decode user fields into hovers and the outline, in the server thread and
// in a worker; compile and mapping errors are published on their files; untrusted workspaces
// run no schema unless the setting allows it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionList, DocumentSymbol, Hover } from 'vscode-languageserver/node';
import type { WireAnalysis } from '../../core/src';
import { fixture, LspClient } from './helpers/lspClient';
import { LEGEND } from '../../server/src/semanticTokens';

const demo = fixture('samples/schemas/demo-stor.vmbhex');
const TRUSTED = { schemas: { workspaceTrusted: true } };

async function hoverText(c: LspClient, uri: string, line: number, character: number): Promise<string> {
  const h = await c.request<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line, character },
  });
  return h ? (h.contents as { value: string }).value.replace(/ {2}\n/g, '\n') : '';
}

function find(syms: DocumentSymbol[], name: string): DocumentSymbol | undefined {
  for (const s of syms) {
    if (s.name === name) return s;
    const hit = s.children && find(s.children, name);
    if (hit) return hit;
  }
  return undefined;
}

describe('language server: user schemas', () => {
  for (const where of ['server thread', 'worker'] as const) {
    test(`hover and outline show user fields with enum id and doc (${where})`, async () => {
      const c = await LspClient.start({ settings: TRUSTED, ...(where === 'worker' ? { workerThreshold: 0 } : {}) });
      try {
        const diags = await c.open(demo.uri, demo.text);
        assert.deepEqual(
          diags.map((d) => d.code),
          ['WARN-OPTIONAL-TYPE'],
        );
        // Line 41 (0-based 40): `  operation: u16:1  flags: u16:0` in the first PACKET.
        const h = await hoverText(c, demo.uri, 40, 15);
        assert.match(h, /\*\*VspState\.operation\*\* · u16/);
        assert.match(h, /Value: `0x0001` \(1\) — \*\*read\*\*/);
        assert.match(h, /User schema field · `\.ksy` type u2 · enum value \*\*read\*\*/);
        assert.match(h, /What the guest asked for\\\./);
        assert.match(h, /From .*demo\\-stor\\\.ksy/);
        // On the label too: `operation:` names the user field.
        assert.match(await hoverText(c, demo.uri, 40, 4), /User schema field · `\.ksy` type u2/);
        const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', {
          textDocument: { uri: demo.uri },
        });
        const vsp = find(syms, 'VspState');
        assert.ok(vsp, 'VspState in the outline');
        assert.deepEqual(
          vsp.children?.map((s) => s.name),
          ['operation', 'flags', 'target', 'sector_count', 'sg_count', 'reserved', 'sg_list'],
        );
        assert.deepEqual(
          find(vsp.children!, 'sg_list')?.children?.map((s) => s.name),
          ['[0]'],
        );
        // Semantic tokens: the value of a user field carries the userField modifier, a built-in one does not.
        const { data } = await c.request<{ data: number[] }>('textDocument/semanticTokens/full', {
          textDocument: { uri: demo.uri },
        });
        const userBit = 1 << LEGEND.tokenModifiers.indexOf('userField');
        const tokens: { line: number; char: number; mods: number }[] = [];
        for (let i = 0, line = 0, char = 0; i < data.length; i += 5) {
          line += data[i];
          char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
          tokens.push({ line, char, mods: data[i + 4] });
        }
        const at = (line: number, char: number) => tokens.find((t) => t.line === line && t.char === char)?.mods ?? -1;
        assert.ok(at(40, 17) > 0 && at(40, 17) & userBit, 'operation value `1` of u16:1');
        assert.ok(at(39, 21) >= 0 && !(at(39, 21) & userBit), 'TransactionId value is a built-in field');
      } finally {
        await c.stop();
      }
    });
  }

  test('completion: the schema fields as labels in a PACKET block, with literal and enum values', async () => {
    const c = await LspClient.start({ settings: TRUSTED });
    try {
      // A new line in the first PACKET block, right after its VspStateLength line (0-based 39).
      const lines = demo.text.split('\n');
      lines.splice(40, 0, '  ');
      const text = lines.join('\n');
      const uri = demo.uri.replace('demo-stor.vmbhex', 'demo-stor-completion.vmbhex');
      await c.open(uri, text);
      const list = await c.request<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: { line: 40, character: 2 },
      });
      const op = list.items.find((i) => i.label === 'operation:');
      assert.ok(op, `labels: ${list.items.map((i) => i.label).join(' ')}`);
      assert.equal((op.textEdit as { newText: string }).newText, 'operation: u16:${1:1}');
      assert.match(
        String(op.documentation),
        /User schema .*demo-stor\.ksy · \.ksy type u2\n\nWhat the guest asked for\./,
      );
      for (const l of ['lun:', 'lba:', 'sg_count:', 'pfn:', 'length:'])
        assert.ok(
          list.items.some((i) => i.label === l),
          l,
        );
      const pad = list.items.find((i) => i.label === 'pad:');
      assert.equal((pad?.textEdit as { newText: string }).newText, 'pad: zero:${1:3}');
      // After `operation: u16:` the enum's values, by .ksy id.
      await c.replace(uri, text.replace('\n  \n', '\n  operation: u16:\n'));
      const values = await c.request<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: { line: 40, character: 17 },
      });
      assert.deepEqual(
        values.items.filter((i) => i.kind === 20).map((i) => [i.label, i.detail]),
        [
          ['1', 'read'],
          ['2', 'write'],
          ['3', 'flush'],
          ['4', 'unmap'],
        ],
      );
    } finally {
      await c.stop();
    }
  });

  test('vmbstate/analyze of a binary (the saved-state editor): user fields in the wire tree', async () => {
    const c = await LspClient.start({ settings: TRUSTED });
    try {
      const uri = demo.uri.replace(/\.vmbhex$/, '.vmbstate');
      const w = await c.request<WireAnalysis>('vmbstate/analyze', { uri });
      const packet = w.calls.flatMap((x) => x.items).find((i) => i.kind === 'chunk' && i.typeName === 'PACKET');
      assert.ok(packet && packet.kind === 'chunk');
      const vsp = packet.payloadFields.find((f) => f.name === 'VspState');
      assert.deepEqual(
        vsp?.children?.slice(0, 2).map((f) => [f.name, f.note, f.user?.doc]),
        [
          ['operation', 'read', 'What the guest asked for.'],
          ['flags', undefined, 'Request flags; bit 0 is force-unit-access.'],
        ],
      );
    } finally {
      await c.stop();
    }
  });

  test('a settings change pushed without the trust flag does not turn schemas off (the settings are pulled again)', async () => {
    // VS Code pushes the vmbstate section on any change, without the client middleware's
    // schemas.workspaceTrusted: a server that believed it stopped running schemas for the session.
    const c = await LspClient.start({ pullSettings: TRUSTED });
    try {
      await c.open(demo.uri, demo.text);
      assert.match(await hoverText(c, demo.uri, 40, 15), /User schema field/);
      await c.conn.sendNotification('workspace/didChangeConfiguration', {
        settings: { vmbstate: { binary: { buffering: 'chunk' } } },
      });
      const v = await c.change(demo.uri, [{ text: demo.text }]);
      await c.diagnosticsFor(demo.uri, v);
      assert.match(await hoverText(c, demo.uri, 40, 15), /User schema field/);
    } finally {
      await c.stop();
    }
  });

  test('untrusted workspace: no schema runs unless vmbstate.schemas.enableInUntrustedWorkspace', async () => {
    const c = await LspClient.start({ settings: {} });
    try {
      await c.open(demo.uri, demo.text);
      assert.doesNotMatch(await hoverText(c, demo.uri, 40, 15), /User schema field/);
    } finally {
      await c.stop();
    }
    const allowed = await LspClient.start({ settings: { schemas: { enableInUntrustedWorkspace: true } } });
    try {
      await allowed.open(demo.uri, demo.text);
      assert.match(await hoverText(allowed, demo.uri, 40, 15), /User schema field/);
    } finally {
      await allowed.stop();
    }
  });

  test('a .ksy that does not compile: an error on the .ksy, a warning on the fields; fixed, it recompiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmbstate-schemas-'));
    const ksy = join(dir, 'stor.ksy');
    const ksyUri = pathToFileURL(ksy).href;
    writeFileSync(ksy, 'meta: {id: x, endian: le}\nseq:\n  - id: op\n    type: nosuch\n');
    writeFileSync(join(dir, '.vmbstate-schemas.json'), JSON.stringify({ schemas: [{ key: 'vsp', file: 'stor.ksy' }] }));
    const doc = join(dir, 'd.vmbhex');
    writeFileSync(doc, readFileSync(demo.path, 'utf8'));
    const uri = pathToFileURL(doc).href;
    const c = await LspClient.start({ settings: TRUSTED });
    try {
      const diags = await c.open(uri, readFileSync(doc, 'utf8'));
      const compile = diags.filter((d) => d.code === 'SCHEMA-COMPILE');
      assert.equal(compile.length, 2, 'one warning per PACKET VspState');
      assert.match(
        compile[0].message,
        /VspState of chunk 6 \(PACKET\) is not decoded: schema .*stor\.ksy \(vsp\) does not compile/,
      );
      const onKsy = await c.until(() => c.diagnostics.get(ksyUri)?.at(-1), 20000, 'diagnostics on the .ksy');
      assert.equal(onKsy.diagnostics[0].code, 'SCHEMA-COMPILE');
      assert.equal(onKsy.diagnostics[0].severity, 1);
      assert.match(onKsy.diagnostics[0].message, /unable to find type 'nosuch'/);
      // Fixed on disk: the watched-file notification re-analyses, the .ksy's error is cleared.
      const before = c.published(ksyUri);
      writeFileSync(ksy, 'meta: {id: x, endian: le}\nseq:\n  - id: op\n    type: u2\n    doc: The op.\n');
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ksyUri, type: 2 }] });
      const cleared = await c.until(() => c.diagnostics.get(ksyUri)?.[before], 20000, 'the .ksy cleared');
      assert.deepEqual(cleared.diagnostics, []);
      // The recompiled schema decodes the field (polled: the re-analysis runs after the notification).
      let h = '';
      for (let i = 0; i < 100 && !/The op\\\./.test(h); i++) {
        h = await hoverText(c, uri, 40, 15);
        if (!/The op\\\./.test(h)) await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(h, /The op\\\./);
    } finally {
      await c.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an invalid mapping file: SCHEMA-MAPPING on the mapping file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmbstate-schemas-'));
    const mapping = join(dir, '.vmbstate-schemas.json');
    writeFileSync(mapping, JSON.stringify({ schemas: [{ key: 'packet', file: 'x.ksy' }] }));
    const doc = join(dir, 'd.vmbhex');
    writeFileSync(doc, readFileSync(demo.path, 'utf8'));
    const c = await LspClient.start({ settings: TRUSTED });
    try {
      await c.open(pathToFileURL(doc).href, readFileSync(doc, 'utf8'));
      const p = await c.until(
        () => c.diagnostics.get(pathToFileURL(mapping).href)?.at(-1),
        20000,
        'mapping diagnostics',
      );
      assert.equal(p.diagnostics[0].code, 'SCHEMA-MAPPING');
      assert.match(p.diagnostics[0].message, /schemas\[0\]\.key must be "vsp", "lib" or a chunk type/);
    } finally {
      await c.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
