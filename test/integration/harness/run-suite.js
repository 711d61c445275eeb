'use strict';
// Runs INSIDE the VS Code extension host (Node 24, CommonJS), loaded by VS Code as
// --extensionTestsPath. It runs the mocha suite chosen by test/integration/runner.mjs and
// reports every result to the runner over HTTP on 127.0.0.1. It also installs the global
// `vmbIT` test API (see test/integration/README.md and harness/vmbit.d.ts).

const fs = require('fs');
const http = require('http');
const path = require('path');
const util = require('util');

function loadConfig() {
  const p = process.env.VMBSTATE_IT_CONFIG;
  if (!p) throw new Error('VMBSTATE_IT_CONFIG is not set: start the tests with test/integration/runner.mjs');
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

function post(cfg, route, body, timeoutMs = 120000) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body === undefined ? {} : body));
    const req = http.request({
      host: '127.0.0.1',
      port: cfg.rpcPort,
      path: route,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': data.length, 'x-vmbit-token': cfg.token },
      timeout: timeoutMs,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = text ? JSON.parse(text) : {}; } catch { json = { error: text }; }
        if (res.statusCode === 200) resolve(json.result);
        else reject(new Error(`runner ${route}: ${json.error || res.statusCode}`));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`runner ${route}: timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

function serializeError(err) {
  if (!err) return { message: 'unknown error' };
  const e = {
    message: String(err.message || err),
    stack: typeof err.stack === 'string' ? err.stack : undefined,
  };
  if (err.showDiff !== false && ('actual' in err || 'expected' in err)) {
    e.actual = util.inspect(err.actual, { depth: 6 });
    e.expected = util.inspect(err.expected, { depth: 6 });
  }
  return e;
}

function makeApi(cfg, vscode) {
  const ui = (op, args = {}) => post(cfg, '/ui', { op, ...args });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
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

    /** Prints a line in the runner's output. */
    log: (...args) => post(cfg, '/log', { message: util.format(...args) }).catch(() => {}),
    sleep,

    /** Polls `fn` until it returns a truthy value (returned) or `timeout` ms pass (throws). */
    async waitFor(fn, { timeout = 10000, interval = 100, message } = {}) {
      const end = Date.now() + timeout;
      let lastErr;
      for (;;) {
        try {
          const v = await fn();
          if (v) return v;
        } catch (e) { lastErr = e; }
        if (Date.now() > end) {
          throw new Error(`waitFor timed out after ${timeout} ms${message ? `: ${message}` : ''}${lastErr ? ` (last error: ${lastErr.message})` : ''}`);
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
      return api.waitFor(() => {
        const d = vscode.languages.getDiagnostics(uri);
        return predicate(d) ? d : undefined;
      }, { timeout, message: `diagnostics of ${uri.toString()}` });
    },

    /**
     * Saves a PNG of the browser window showing the workbench into the artifacts folder and
     * returns its path. `name` becomes the file name (sanitized).
     */
    screenshot: (name, options = {}) => ui('screenshot', { name, ...options }),
    /**
     * Drives the web workbench with Playwright from the runner process. Every call returns a
     * promise. `frame` option: 'main' (default), 'all' (first frame containing the selector,
     * e.g. inside webviews/custom editors) or a substring of the frame URL.
     */
    ui: {
      press: (keys) => ui('press', { keys }),
      type: (text) => ui('type', { text }),
      click: (selector, opts = {}) => ui('click', { selector, ...opts }),
      waitFor: (selector, opts = {}) => ui('waitFor', { selector, ...opts }),
      text: (selector, opts = {}) => ui('text', { selector, ...opts }),
      count: (selector, opts = {}) => ui('count', { selector, ...opts }),
      frames: () => ui('frames'),
      evaluate: (expression, opts = {}) => ui('evaluate', { expression, ...opts }),
    },
  };
  return api;
}

class SilentReporter {
  constructor(runner) {
    // Results travel to the runner over HTTP; nothing is printed here (the extension host's
    // stdout only reaches code-server's log).
    this.runner = runner;
  }
}

exports.run = async function run() {
  const cfg = loadConfig();
  let queue = Promise.resolve();
  const send = (type, payload) => {
    queue = queue.then(() => post(cfg, '/event', { type, ...payload })).catch((e) => {
      console.error('[vmbIT] could not report to runner:', e);
    });
    return queue;
  };
  try {
    const vscode = require('vscode');
    globalThis.vmbIT = makeApi(cfg, vscode);
    const Mocha = require(cfg.mochaPath);
    const mocha = new Mocha({
      ui: 'bdd',
      timeout: cfg.testTimeout,
      slow: 2000,
      color: false,
      reporter: SilentReporter,
      grep: cfg.grep || undefined,
    });
    for (const f of cfg.testFiles) mocha.addFile(f);
    await mocha.loadFilesAsync();
    mocha.suite.afterEach(async function autoScreenshotOnFailure() {
      const t = this.currentTest;
      if (t && t.state === 'failed') {
        try { await globalThis.vmbIT.screenshot(`FAILED ${t.fullTitle()}`); } catch { /* best effort */ }
      }
    });
    await send('start', {
      total: mocha.suite.total(),
      vscodeVersion: vscode.version,
      node: process.version,
      files: cfg.testFiles,
    });
    await new Promise((resolve) => {
      const runner = mocha.run(() => resolve());
      const info = (t) => ({ title: t.title, fullTitle: t.fullTitle(), file: t.file, duration: t.duration });
      runner.on('pass', (t) => send('pass', info(t)));
      runner.on('fail', (t, err) => send('fail', { ...info(t), error: serializeError(err) }));
      runner.on('pending', (t) => send('pending', info(t)));
    });
    await queue;
    await send('end', {});
  } catch (e) {
    await queue;
    await send('fatal', { error: serializeError(e) });
  }
  await queue;
};
