// The layer rules of docs/architecture.md hold by themselves: a wrong-layer import does not compile.
// Each case writes a probe file into a layer, type-checks that layer's project with tsc and expects
// the compiler to refuse exactly the wrong-layer lines (a legitimate import in the same probe must
// pass, so the refusal is the rule and not a broken setup). Probes are removed afterwards. Also:
// outside core only core's public entries are imported (what the compiler cannot express).
// Error codes: TS2306 'vscode' is the not-a-module stand-in (types/layer-rules/vscode.d.ts), TS2307
// a module the project has no types for (Node built-ins), TS6307 a file of a layer the project does
// not reference, TS2584 a DOM name outside the webview.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

interface Probe {
  /** The layer's project file, relative to the repository. */
  project: string;
  /** The folder the probe is written to (inside that project). */
  dir: string;
  /** Lines of the probe: each a legitimate import (expect undefined) or one the layer forbids (the error code expected on it). */
  lines: { code: string; expect?: string }[];
}

const PROBES: Record<string, Probe> = {
  'core: no vscode, no Node built-ins, no DOM, no other layer': {
    project: 'core/tsconfig.json',
    dir: 'core/src',
    lines: [
      { code: "import { MAX_STREAM_BYTES } from './limits';" },
      { code: "import * as vscode from 'vscode';", expect: 'TS2306' },
      { code: "import { readFileSync } from 'node:fs';", expect: 'TS2307' },
      { code: "import { headerColumns } from '../../server/src/headerSlots';", expect: 'TS6307' },
      { code: 'export const probe = [MAX_STREAM_BYTES, vscode, readFileSync, headerColumns];' },
      { code: 'export const title = document.title;', expect: 'TS2584' },
    ],
  },
  'protocol: core only, no server internals, no vscode': {
    project: 'protocol/tsconfig.json',
    dir: 'protocol/src',
    lines: [
      { code: "import { MAX_STREAM_BYTES } from '../../core/src';" },
      { code: "import { headerColumns } from '../../server/src/headerSlots';", expect: 'TS6307' },
      { code: "import * as vscode from 'vscode';", expect: 'TS2306' },
      { code: 'export const probe = [MAX_STREAM_BYTES, headerColumns, vscode];' },
    ],
  },
  'server: no vscode, no DOM, not the client': {
    project: 'server/tsconfig.json',
    dir: 'server/src',
    lines: [
      { code: "import { DEFAULT_SETTINGS } from '../../protocol/src';" },
      { code: "import * as vscode from 'vscode';", expect: 'TS2306' },
      { code: "import { presentStatus } from '../../client/src/statusText';", expect: 'TS6307' },
      { code: 'export const probe = [DEFAULT_SETTINGS, vscode, presentStatus];' },
      { code: 'export const title = document.title;', expect: 'TS2584' },
    ],
  },
  'client host: not the webview folder, not server internals, no DOM': {
    project: 'client/tsconfig.json',
    dir: 'client/src',
    lines: [
      { code: "import * as vscode from 'vscode';" },
      { code: "import { liteAnalysis } from './editor/model/liteAnalysis';" },
      { code: "import { buildTree } from './editor/webview/tree';", expect: 'TS6307' },
      { code: "import { headerColumns } from '../../server/src/headerSlots';", expect: 'TS6307' },
      { code: 'export const probe = [vscode, liteAnalysis, buildTree, headerColumns];' },
      { code: 'export const title = document.title;', expect: 'TS2584' },
    ],
  },
  'editor model: pure (no vscode, no Node, no DOM)': {
    project: 'client/tsconfig.model.json',
    dir: 'client/src/editor/model',
    lines: [
      { code: "import { BYTES_PER_ROW } from './positions';" },
      { code: "import * as vscode from 'vscode';", expect: 'TS2306' },
      { code: "import { readFileSync } from 'node:fs';", expect: 'TS2307' },
      { code: 'export const probe = [BYTES_PER_ROW, vscode, readFileSync];' },
      { code: 'export const title = document.title;', expect: 'TS2584' },
    ],
  },
  'webview: not the extension host, no vscode, no Node': {
    project: 'client/tsconfig.webview.json',
    dir: 'client/src/editor/webview',
    lines: [
      { code: "import { BYTES_PER_ROW } from '../model/positions';" },
      { code: "import { EditorRegistry } from '../editorRegistry';", expect: 'TS6307' },
      { code: "import * as vscode from 'vscode';", expect: 'TS2306' },
      { code: "import { readFileSync } from 'node:fs';", expect: 'TS2307' },
      { code: 'export const probe = [BYTES_PER_ROW, EditorRegistry, vscode, readFileSync, document.title];' },
    ],
  },
};

/** Two compilers at a time: each takes a few hundred MB and a core. */
const slots: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
let next = 0;

/** Type-check one project with the probe in it; the compiler's output ("file(line,col): error TSnnnn: …" lines). */
function typeCheck(project: string, buildInfo: string): Promise<string> {
  const slot = next++ % slots.length;
  const run = slots[slot]!.then(() => compile(project, buildInfo));
  slots[slot] = run;
  return run;
}

function compile(project: string, buildInfo: string): Promise<string> {
  return new Promise((resolve) => {
    // --tsBuildInfoFile elsewhere: the probe run must not touch the build state of out/.
    const args = [TSC, '-p', path.join(ROOT, project), '--noEmit', '--pretty', 'false', '--tsBuildInfoFile', buildInfo];
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (_e, stdout, stderr) =>
      resolve(stdout + stderr),
    );
  });
}

describe('layers: a wrong-layer import does not compile', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'vmbstate-layers-'));
  const runs = Object.entries(PROBES).map(([name, p], i) => {
    const file = path.join(ROOT, p.dir, `layerProbe${process.pid}x${i}.ts`);
    writeFileSync(
      file,
      `// Written by test/unit/layers.test.ts and removed by it; delete it if a run was interrupted.\n${p.lines.map((l) => l.code).join('\n')}\n`,
    );
    return { name, p, file, output: typeCheck(p.project, path.join(tmp, `${i}.tsbuildinfo`)) };
  });
  const done = Promise.all(runs.map((r) => r.output)).finally(() => {
    for (const r of runs) rmSync(r.file, { force: true });
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const r of runs) {
    test(r.name, async () => {
      await done;
      const output = await r.output;
      const rel = path.relative(ROOT, r.file).split(path.sep).join('/');
      const codesAt = new Map<number, Set<string>>();
      for (const m of output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+)/gm)) {
        // Files a forbidden import pulls in may fail too (they are not in the project either).
        if (path.relative(ROOT, path.resolve(ROOT, m[1]!)).split(path.sep).join('/') !== rel) continue;
        const line = Number(m[2]) - 1; // the probe's first line is its comment
        if (!codesAt.has(line)) codesAt.set(line, new Set());
        codesAt.get(line)!.add(m[3]!);
      }
      r.p.lines.forEach((l, i) => {
        const codes = codesAt.get(i + 1);
        if (l.expect)
          assert.ok(
            codes?.has(l.expect),
            `${r.p.project} must refuse "${l.code}" with ${l.expect}; tsc said:\n${output}`,
          );
        else assert.equal(codes, undefined, `${r.p.project} must accept "${l.code}"; tsc said:\n${output}`);
      });
    });
  }

  test('the probes are gone afterwards', async () => {
    await done;
    for (const r of runs) assert.throws(() => statSync(r.file), /ENOENT/);
  });
});

/** Every .ts file under a folder (no fixtures). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== 'fixtures' && e.name !== 'node_modules') out.push(...sources(rel));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** An import from core: the path up to core/src, then the module past the public entry (if any). */
const CORE_IMPORT = /from '((?:\.\.\/)+)core\/src(?:\/([^']+))?'/g;

/** Tests that import a core module past the public entry, because that internal module is what they test. */
const INTERNAL_MODULE_TESTS: Record<string, string[]> = {
  'test/unit/core.conversion.test.ts': ['conversion'],
  'test/unit/core.limits.test.ts': ['text/lexer'],
  'test/unit/core.diff.test.ts': ['diff/match'],
};

describe('layers: core through its public entry', () => {
  test('outside core, imports of core name core/src (index.ts) or a Node entry (core/src/node/files, node/schemas)', () => {
    const wrong: string[] = [];
    for (const dir of ['protocol', 'server', 'debugger', 'cli', 'client', 'test', 'bench']) {
      for (const file of sources(dir)) {
        if (file === 'test/unit/layers.test.ts') continue; // its own examples below
        const src = readFileSync(path.join(ROOT, file), 'utf8');
        for (const m of src.matchAll(CORE_IMPORT)) {
          const mod = m[2];
          if (
            mod === undefined ||
            mod === 'index' ||
            mod === 'node/files' ||
            mod === 'node/nativeCrc32c' ||
            mod === 'node/schemas'
          )
            continue;
          if (INTERNAL_MODULE_TESTS[file]?.includes(mod)) continue;
          wrong.push(`${file}: ${m[0]}`);
        }
      }
    }
    assert.deepEqual(wrong, [], 'import core through core/src (docs/architecture.md)');
  });

  test('the scan tells a deep import from the public entries', () => {
    const mods = (src: string) => [...src.matchAll(CORE_IMPORT)].map((m) => m[2] ?? '(entry)');
    assert.deepEqual(mods("import { crc32c } from '../../core/src/crc32c';"), ['crc32c']);
    assert.deepEqual(mods("import { lexLine } from '../../../core/src/text/lexer';"), ['text/lexer']);
    assert.deepEqual(
      mods("import { crc32c } from '../../core/src';\nimport { readInputFile } from '../core/src/node/files';"),
      ['(entry)', 'node/files'],
    );
  });
});
