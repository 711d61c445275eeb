// Bundles the extension client, the language server, the CLI and the webview with esbuild.
// Everything ships bundled: the .vsix carries dist/ and no node_modules.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';

// Core's modules only define functions, classes and tables: nothing runs for its effect on import.
// Saying so lets esbuild leave out the core modules a bundle does not use, which it otherwise keeps
// whenever a module builds a table at load time; consumers import core through its public entry
// (core/src/index.ts, docs/architecture.md), and without this every bundle would carry all of it.
const coreDir = path.resolve('core/src') + path.sep;
const pureCore = {
  name: 'pure-core',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData === pureCore) return undefined;
      const r = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: pureCore,
      });
      if (r.errors.length || !r.path.startsWith(coreDir)) return undefined;
      return { path: r.path, sideEffects: false };
    });
  },
};

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// The native CRC-32C is loaded at run time where present (core/src/node/nativeCrc32c.ts): never
// bundled, and the .vsix (packaged --no-dependencies) runs with the JavaScript CRC.
const node = {
  plugins: [pureCore],
  external: ['@node-rs/crc32'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};
const browser = {
  plugins: [pureCore],
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};
// The Kaitai Struct compiler (user schemas, docs/schemas.md) ships once, as dist/kaitai-compiler.js,
// which core/src/node/schemas.ts loads at its first compile: the four Node bundles leave it out.
const KSC = 'kaitai-struct-compiler';
const targets = [
  {
    ...node,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode', ...node.external, KSC],
  },
  { ...node, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', external: [...node.external, KSC] },
  {
    ...node,
    entryPoints: ['cli/src/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    external: [...node.external, KSC],
  },
  {
    ...node,
    entryPoints: ['debugger/src/main.ts'],
    outfile: 'dist/debugAdapter.js',
    external: [...node.external, KSC],
  },
  { ...node, entryPoints: [`node_modules/${KSC}/${KSC}.js`], outfile: 'dist/kaitai-compiler.js', sourcemap: false },
  { ...browser, entryPoints: ['client/src/editor/webview/main.ts'], outfile: 'dist/webview.js' },
  { ...browser, entryPoints: ['client/src/editor/webview/compare/main.ts'], outfile: 'dist/compareView.js' },
  { ...browser, entryPoints: ['client/src/editor/webview/sweep/main.ts'], outfile: 'dist/sweepView.js' },
].filter((t) => existsSync(t.entryPoints[0]));

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
