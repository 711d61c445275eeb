'use strict';
// The `vmbIT` global the integration tests use (types in vmbit.d.ts), shared by the two harnesses:
// run-suite.js (web workbench of runner.mjs: the UI calls go to the runner, which drives Chromium)
// and electron-suite.js (desktop VS Code of electron.mjs: no browser, so `ui.*` throws and
// `screenshot` only logs). Also the rule that keeps browser-only tests out of the desktop run.

const path = require('path');

/** Tests whose title contains this drive the browser (vmbIT.ui, screenshots of the web workbench). */
const UI_TAG = '[ui]';

/**
 * @param cfg      the runner's config (see vmbit.d.ts VmbITConfig)
 * @param vscode   the vscode module of the extension host
 * @param io       { log(message), ui(op, args) | null }: null = no browser (desktop harness)
 */
function makeApi(cfg, vscode, io) {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const hasUi = !!io.ui;
  const noUi = (what) => () =>
    Promise.reject(
      new Error(
        `vmbIT.${what} needs the browser of the web harness (npm run test:integration / node test/integration/runner.mjs); ` +
          `this run has no browser (${cfg.harness === 'web' ? 'desktop harness simulated with --desktop-api' : 'desktop harness, electron.mjs'}). ` +
          `Tag tests that use it with "${UI_TAG}" in their title.`,
      ),
    );
  const ui = (op) => (hasUi ? (args = {}) => io.ui(op, args) : noUi(`ui.${op}`));
  const api = {
    /** Everything the runner decided (paths, mode, extension id...). */
    config: Object.freeze({ ...cfg }),
    repoRoot: cfg.repoRoot,
    /** Absolute path of the workspace folder that is open (a throw-away copy of samples/). */
    workspaceFolder: cfg.workspaceFolder,
    /** Original samples/ folder of the repo (read-only use, please). */
    samplesDir: cfg.samplesDir,
    artifactsDir: cfg.artifactsDir,
    /** 'dev' (extension loaded from a folder) or 'vsix' (installed from a .vsix). */
    mode: cfg.mode,
    /** Id (publisher.name) of the extension under test. */
    extensionId: cfg.extensionId,
    /** Whether vmbIT.ui and screenshots work (web harness) or not (desktop harness). */
    hasUi,

    /** Prints a line in the runner's output. */
    log: (...args) => Promise.resolve(io.log(require('util').format(...args))).catch(() => {}),
    sleep,

    /** Polls `fn` until it returns a truthy value (returned) or `timeout` ms pass (throws). */
    async waitFor(fn, { timeout = 10000, interval = 100, message } = {}) {
      const end = Date.now() + timeout;
      let lastErr;
      for (;;) {
        try {
          const v = await fn();
          if (v) return v;
        } catch (e) {
          lastErr = e;
        }
        if (Date.now() > end) {
          throw new Error(
            `waitFor timed out after ${timeout} ms${message ? `: ${message}` : ''}${lastErr ? ` (last error: ${lastErr.message})` : ''}`,
          );
        }
        await sleep(interval);
      }
    },

    /** The extension under test (vscode.Extension) or undefined. */
    extension: () => vscode.extensions.getExtension(cfg.extensionId),
    /** Activates the extension under test and returns its exports. */
    async activate() {
      const ext = vscode.extensions.getExtension(cfg.extensionId);
      if (!ext) throw new Error(`extension ${cfg.extensionId} is not loaded`);
      return ext.activate();
    },
    /** URI of a path relative to the open workspace folder. */
    uri: (rel) => vscode.Uri.file(path.join(cfg.workspaceFolder, rel)),
    /** Opens (and shows) a file of the workspace folder; returns the TextEditor. */
    async openFile(rel, options) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(cfg.workspaceFolder, rel)));
      return vscode.window.showTextDocument(doc, options);
    },
    /** Waits until the diagnostics of `uri` satisfy `predicate` (default: non-empty); returns them. */
    async waitForDiagnostics(uri, { timeout = 15000, predicate = (d) => d.length > 0 } = {}) {
      return api.waitFor(
        () => {
          const d = vscode.languages.getDiagnostics(uri);
          return predicate(d) ? d : undefined;
        },
        { timeout, message: `diagnostics of ${uri.toString()}` },
      );
    },

    /**
     * Saves a PNG of the browser window showing the workbench into the artifacts folder and
     * returns its path. `name` becomes the file name (sanitized). Without a browser (desktop
     * harness) it logs and resolves to null.
     */
    screenshot: hasUi
      ? (name, options = {}) => io.ui('screenshot', { name, ...options })
      : (name) =>
          Promise.resolve(io.log(`(no screenshot "${name}": this run has no browser)`)).then(
            () => null,
            () => null,
          ),
    /**
     * Drives the web workbench with Playwright from the runner process. Every call returns a
     * promise. `frame` option: 'main' (default), 'all' (first frame containing the selector,
     * e.g. inside webviews/custom editors) or a substring of the frame URL.
     */
    ui: {
      press: hasUi ? (keys) => io.ui('press', { keys }) : noUi('ui.press'),
      type: hasUi ? (text) => io.ui('type', { text }) : noUi('ui.type'),
      click: hasUi ? (selector, opts = {}) => io.ui('click', { selector, ...opts }) : noUi('ui.click'),
      waitFor: hasUi ? (selector, opts = {}) => io.ui('waitFor', { selector, ...opts }) : noUi('ui.waitFor'),
      text: hasUi ? (selector, opts = {}) => io.ui('text', { selector, ...opts }) : noUi('ui.text'),
      count: hasUi ? (selector, opts = {}) => io.ui('count', { selector, ...opts }) : noUi('ui.count'),
      frames: ui('frames'),
      evaluate: hasUi ? (expression, opts = {}) => io.ui('evaluate', { expression, ...opts }) : noUi('ui.evaluate'),
    },
  };
  return api;
}

/**
 * Without a browser, take the tests tagged UI_TAG out of the loaded mocha suite (they are not
 * skipped: they are not part of that run). Returns the full titles of the tests taken out.
 */
function removeUiTests(rootSuite) {
  const removed = [];
  const walk = (suite) => {
    suite.tests = suite.tests.filter((t) => {
      if (!t.fullTitle().includes(UI_TAG)) return true;
      removed.push(t.fullTitle());
      return false;
    });
    suite.suites.forEach(walk);
  };
  walk(rootSuite);
  return removed;
}

module.exports = { makeApi, removeUiTests, UI_TAG };
