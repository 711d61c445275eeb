'use strict';
// Runs INSIDE the extension host of a desktop VS Code started by @vscode/test-electron
// (test/integration/electron.mjs passes it as --extensionTestsPath). Same suite, same `vmbIT`
// global as the web harness (run-suite.js), minus the browser: `vmbIT.ui.*` throws, screenshots
// are only logged, and the tests tagged "[ui]" are left out of the run (listed at the start).
// Results print with mocha's spec reporter; a failure rejects, which makes VS Code exit non-zero.

const fs = require('fs');
const { makeApi, removeUiTests, UI_TAG } = require('./api');

exports.run = async function run() {
  const p = process.env.VMBSTATE_IT_CONFIG;
  if (!p)
    throw new Error('VMBSTATE_IT_CONFIG is not set: start the desktop tests with node test/integration/electron.mjs');
  const cfg = JSON.parse(fs.readFileSync(p, 'utf8'));
  const vscode = require('vscode');
  const log = (message) => console.log(`  [test] ${message}`);
  globalThis.vmbIT = makeApi(cfg, vscode, { log, ui: null });

  const mochaModule = require(cfg.mochaPath);
  // mocha 12's entry point is ES: Node 22+ require() gives the class, Node 20 the namespace.
  const Mocha = typeof mochaModule === 'function' ? mochaModule : mochaModule.default || mochaModule.Mocha;
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: cfg.testTimeout,
    slow: 2000,
    color: true,
    reporter: 'spec',
    grep: cfg.grep || undefined,
  });
  for (const f of cfg.testFiles) mocha.addFile(f);
  await mocha.loadFilesAsync();
  const removed = removeUiTests(mocha.suite);
  console.log(`VS Code ${vscode.version} (desktop), Node ${process.version}`);
  if (removed.length) {
    console.log(
      `${removed.length} browser test(s) ("${UI_TAG}" in the title) are not part of the desktop run; ` +
        'they need the web harness (npm run test:integration):',
    );
    for (const t of removed) console.log(`    ${t}`);
  }
  const { failures, total } = await new Promise((resolve) => {
    const runner = mocha.run((n) => resolve({ failures: n, total: runner.stats ? runner.stats.tests : 0 }));
  });
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  if (!total) throw new Error('no integration test ran');
};
