'use strict';
// Runs INSIDE the VS Code extension host (Node 24, CommonJS), loaded by VS Code as
// --extensionTestsPath. It runs the mocha suite chosen by test/integration/runner.mjs and
// reports every result to the runner over HTTP on 127.0.0.1. It also installs the global
// `vmbIT` test API (see test/integration/README.md and harness/vmbit.d.ts).

const fs = require('fs');
const http = require('http');
const util = require('util');
const { makeApi, removeUiTests } = require('./api');

function loadConfig() {
  const p = process.env.VMBSTATE_IT_CONFIG;
  if (!p) throw new Error('VMBSTATE_IT_CONFIG is not set: start the tests with test/integration/runner.mjs');
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

function post(cfg, route, body, timeoutMs = 120000) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body === undefined ? {} : body));
    const req = http.request(
      {
        host: '127.0.0.1',
        port: cfg.rpcPort,
        path: route,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': data.length, 'x-vmbit-token': cfg.token },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : {};
          } catch {
            json = { error: text };
          }
          if (res.statusCode === 200) resolve(json.result);
          else reject(new Error(`runner ${route}: ${json.error || res.statusCode}`));
        });
      },
    );
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

function makeWebApi(cfg, vscode) {
  const io = {
    log: (message) => post(cfg, '/log', { message }),
    // --desktop-api: the vmbIT of the desktop harness (no browser), to check that path here.
    ui: cfg.desktopApi ? null : (op, args = {}) => post(cfg, '/ui', { op, ...args }),
  };
  return makeApi(cfg, vscode, io);
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
    queue = queue
      .then(() => post(cfg, '/event', { type, ...payload }))
      .catch((e) => {
        console.error('[vmbIT] could not report to runner:', e);
      });
    return queue;
  };
  try {
    const vscode = require('vscode');
    globalThis.vmbIT = makeWebApi(cfg, vscode);
    const mochaModule = require(cfg.mochaPath);
    // mocha 12's entry point is ES: Node 22+ require() gives the class, Node 20 the namespace.
    const Mocha = typeof mochaModule === 'function' ? mochaModule : mochaModule.default || mochaModule.Mocha;
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
    if (cfg.desktopApi) {
      const removed = removeUiTests(mocha.suite);
      if (removed.length)
        await globalThis.vmbIT.log(
          `--desktop-api: ${removed.length} browser test(s) not run, as in the desktop harness:\n    ${removed.join('\n    ')}`,
        );
    }
    mocha.suite.afterEach(async function autoScreenshotOnFailure() {
      const t = this.currentTest;
      if (t && t.state === 'failed') {
        try {
          await globalThis.vmbIT.screenshot(`FAILED ${t.fullTitle()}`);
        } catch {
          /* best effort */
        }
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
