#!/usr/bin/env node
// Runs the integration tests INSIDE a real VS Code extension host, offline.
//
// VS Code = code-server's VS Code server (set up by scripts/vscode-offline/setup.mjs), driven by
// Debian's headless Chromium through playwright-core. The extension under test is loaded from a
// folder (--extensionDevelopmentPath) or installed from a .vsix; the mocha suite runs in the
// extension host via --extensionTestsPath (harness/run-suite.js) and reports back over HTTP.
//
// Usage: node test/integration/runner.mjs [options]     (see --help)
// Last line printed: "N passed, N failed". Exit code 0 only when every test passed.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const harnessDir = path.join(here, 'harness');

const HELP = `Usage: node test/integration/runner.mjs [options]

  --extension <dir>    extension under test, loaded as a development extension
                       (default: the repo root)
  --vsix [file]        install the extension from a .vsix instead; without a file the
                       runner packages it (npm run package if defined, else vsce package)
  --suite <path>       test file or folder of *.test.js / *.test.mjs / *.test.cjs (repeatable;
                       default: test/integration/suite and out/test/integration/suite)
  --workspace <dir>    folder to copy and open as the workspace (default: samples/ of the
                       repo, or an empty folder when it does not exist)
  --grep <text>        only run tests whose full title contains <text>
  --timeout <s>        global timeout in seconds (default 420, env VMBSTATE_IT_TIMEOUT)
  --test-timeout <ms>  mocha per-test timeout (default 30000)
  --artifacts <dir>    screenshots and logs (default test-artifacts/integration)
  --keep               keep the temporary folder (user data, logs, workspace copy)
  --verbose            echo code-server and browser console output
  --allow-empty        do not fail when no test ran
  --desktop-api        give the tests the vmbIT of the desktop harness (electron.mjs): no
                       vmbIT.ui, screenshots only logged, "[ui]" tests left out; checks here
                       that the desktop run needs no browser
`;

function parseArgs(argv) {
  const o = {
    extension: null,
    vsix: null,
    suites: [],
    workspace: null,
    grep: null,
    timeout: Number(process.env.VMBSTATE_IT_TIMEOUT || 420),
    testTimeout: 30000,
    artifacts: path.join(repoRoot, 'test-artifacts', 'integration'),
    keep: false,
    verbose: false,
    allowEmpty: false,
    desktopApi: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--extension':
        o.extension = path.resolve(next());
        break;
      case '--vsix':
        if (argv[i + 1] && !argv[i + 1].startsWith('--')) o.vsix = path.resolve(next());
        else o.vsix = 'build';
        break;
      case '--suite':
        o.suites.push(path.resolve(next()));
        break;
      case '--workspace':
        o.workspace = path.resolve(next());
        break;
      case '--grep':
        o.grep = next();
        break;
      case '--timeout':
        o.timeout = Number(next());
        break;
      case '--test-timeout':
        o.testTimeout = Number(next());
        break;
      case '--artifacts':
        o.artifacts = path.resolve(next());
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--verbose':
        o.verbose = true;
        break;
      case '--allow-empty':
        o.allowEmpty = true;
        break;
      case '--desktop-api':
        o.desktopApi = true;
        break;
      case '-h':
      case '--help':
        process.stdout.write(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}\n${HELP}`);
    }
  }
  return o;
}

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (msg) => process.stdout.write(`${msg}\n`);
const note = (msg) => process.stdout.write(`[it ${elapsed()}] ${msg}\n`);

function findTestFiles(entries) {
  const files = [];
  const re = /\.test\.(c|m)?js$/;
  const walk = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const n of fs.readdirSync(p).sort()) walk(path.join(p, n));
    } else if (re.test(p)) {
      files.push(p);
    }
  };
  for (const e of entries) walk(e);
  return [...new Set(files)];
}

function readJson(p) {
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

function killGroup(child, label) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const pid = child.pid;
    const done = () => {
      clearTimeout(hard);
      resolve();
    };
    child.once('exit', done);
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      try {
        child.kill('SIGTERM');
      } catch {
        /* gone */
      }
    }
    const hard = setTimeout(() => {
      note(`${label} did not stop after SIGTERM; SIGKILL`);
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      setTimeout(resolve, 500);
    }, 5000);
  });
}

/** Makes the .vsix: npm run package when the project defines it, else vsce package. */
function buildVsix(extDir, outDir) {
  const pkg = readJson(path.join(extDir, 'package.json'));
  if (pkg.main && !fs.existsSync(path.join(extDir, pkg.main)) && pkg.scripts && pkg.scripts.build) {
    // vsce refuses to package an extension whose entry point is missing.
    note(`${pkg.main} is missing: npm run build`);
    const b = spawnSync('npm', ['run', 'build'], { cwd: extDir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stdout}\n${b.stderr}`);
  }
  const before = Date.now();
  if (extDir === repoRoot && pkg.scripts && pkg.scripts.package) {
    note('packaging the extension: npm run package');
    const r = spawnSync('npm', ['run', 'package'], {
      cwd: extDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
    const found = ['.', 'dist', 'out', 'build']
      .map((d) => path.join(extDir, d))
      .filter((d) => fs.existsSync(d))
      .flatMap((d) =>
        fs
          .readdirSync(d)
          .filter((n) => n.endsWith('.vsix'))
          .map((n) => path.join(d, n)),
      )
      .filter((p) => fs.statSync(p).mtimeMs >= before - 1000)
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    if (!found.length) throw new Error('npm run package made no new .vsix in the repo root, dist/, out/ or build/');
    return found[0];
  }
  const req = createRequire(path.join(repoRoot, 'package.json'));
  let vsceBin;
  try {
    vsceBin = path.join(path.dirname(req.resolve('@vscode/vsce/package.json')), 'vsce');
  } catch {
    throw new Error('@vscode/vsce is not installed (npm install)');
  }
  const out = path.join(outDir, `${pkg.name}-${pkg.version}.vsix`);
  note(`packaging ${extDir} with vsce`);
  const r = spawnSync(
    process.execPath,
    [
      vsceBin,
      'package',
      '--no-dependencies',
      '--skip-license',
      '--allow-missing-repository',
      '--allow-star-activation',
      '-o',
      out,
    ],
    {
      cwd: extDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const extDir = opts.extension || repoRoot;
  const extPkg = readJson(path.join(extDir, 'package.json'));
  const extensionId = `${extPkg.publisher}.${extPkg.name}`;
  const suites = opts.suites.length
    ? opts.suites
    : [path.join(here, 'suite'), path.join(repoRoot, 'out', 'test', 'integration', 'suite')];
  const testFiles = findTestFiles(suites);
  if (!testFiles.length && !opts.allowEmpty) throw new Error(`no *.test.js files in ${suites.join(', ')}`);

  const req = createRequire(path.join(repoRoot, 'package.json'));
  let chromiumLib;
  let mochaPath;
  try {
    chromiumLib = req('playwright-core').chromium;
    mochaPath = req.resolve('mocha');
  } catch (e) {
    throw new Error(`playwright-core and mocha must be installed in the repo (npm install): ${e.message}`);
  }

  // 1. Runtime (idempotent, fast when done).
  const { ensureVSCodeOffline } = await import(
    pathToFileURL(path.join(repoRoot, 'scripts', 'vscode-offline', 'setup.mjs')).href
  );
  const rt = await ensureVSCodeOffline();
  note(`VS Code runtime: code-server ${rt.versions.codeServer} on Node ${rt.versions.node}`);

  // 2. Isolated folders.
  fs.rmSync(opts.artifacts, { recursive: true, force: true });
  fs.mkdirSync(path.join(opts.artifacts, 'logs'), { recursive: true });
  for (const n of fs.readdirSync(os.tmpdir())) {
    // leftovers of runs that were SIGKILLed
    const p = path.join(os.tmpdir(), n);
    try {
      if (n.startsWith('vmbstate-it-') && Date.now() - fs.statSync(p).mtimeMs > 3 * 3600 * 1000)
        fs.rmSync(p, { recursive: true, force: true });
    } catch {
      /* ignore */
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vmbstate-it-'));
  state.tmp = tmp;
  state.keep = opts.keep;
  const userData = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const xdg = path.join(tmp, 'xdg');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(xdg, { recursive: true });
  const samplesDir = path.join(repoRoot, 'samples');
  const wsSource = opts.workspace || (fs.existsSync(samplesDir) ? samplesDir : null);
  const workspaceFolder = path.join(tmp, 'workspace', wsSource ? path.basename(wsSource) : 'empty');
  fs.mkdirSync(workspaceFolder, { recursive: true });
  if (wsSource) fs.cpSync(wsSource, workspaceFolder, { recursive: true });
  note(`workspace: copy of ${wsSource || '(empty folder)'} at ${workspaceFolder}`);

  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'window.restoreWindows': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'github.gitAuthentication': false,
    'http.proxySupport': 'off',
    'files.watcherExclude': { '**/node_modules/**': true },
  };
  const extraSettings = path.join(here, 'settings.json');
  if (fs.existsSync(extraSettings)) Object.assign(settings, readJson(extraSettings));
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const csConfig = path.join(tmp, 'code-server.yaml');
  fs.writeFileSync(csConfig, 'auth: none\n');

  const childEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'NODE_OPTIONS' || k === 'VSCODE_IPC_HOOK_CLI') continue;
    childEnv[k] = v;
  }
  Object.assign(childEnv, {
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    VMBSTATE_IT_CONFIG: path.join(tmp, 'it-config.json'),
    VSCODE_CLI_DISABLE_KEYCHAIN_ENCRYPT: '1',
  });
  const csBase = [
    rt.codeServerEntry,
    '--config',
    csConfig,
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensionsDir,
  ];

  // 3. Extension under test: from a folder, or installed from a .vsix.
  const devPaths = [harnessDir];
  let mode = 'dev';
  let vsixPath = null;
  if (opts.vsix) {
    mode = 'vsix';
    vsixPath = opts.vsix === 'build' ? buildVsix(extDir, tmp) : opts.vsix;
    fs.copyFileSync(vsixPath, path.join(opts.artifacts, path.basename(vsixPath)));
    note(`installing ${path.basename(vsixPath)} into the isolated extensions folder`);
    const r = spawnSync(rt.nodeBin, [...csBase, '--install-extension', vsixPath, '--force'], {
      env: childEnv,
      encoding: 'utf8',
      timeout: 120000,
    });
    const out = `${r.stdout}${r.stderr}`;
    fs.writeFileSync(path.join(opts.artifacts, 'logs', 'install-extension.log'), out);
    if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`installing the .vsix failed:\n${out}`);
    const installed = spawnSync(rt.nodeBin, [...csBase, '--list-extensions', '--show-versions'], {
      env: childEnv,
      encoding: 'utf8',
    });
    note(`installed: ${installed.stdout.trim().split('\n').filter(Boolean).join(', ')}`);
  } else {
    devPaths.push(extDir);
  }

  // 4. Report server the extension host talks to.
  const token = crypto.randomBytes(16).toString('hex');
  const results = {
    passed: 0,
    failed: 0,
    pending: 0,
    failures: [],
    started: false,
    ended: false,
    fatal: null,
    total: 0,
  };
  let resolveEnd;
  const ended = new Promise((r) => {
    resolveEnd = r;
  });
  const shotNames = new Set();
  const ui = {
    page: null,
    /** Frame to use: 'main' (default), 'all' (polls every frame, webviews included, until one
     *  contains the selector) or a substring of the frame URL. */
    async frameFor(selector, frame, timeout = 10000) {
      const page = ui.page;
      if (!frame || frame === 'main') return page.mainFrame();
      const end = Date.now() + timeout;
      for (;;) {
        const frames = page.frames();
        if (frame === 'all') {
          for (const f of frames) {
            try {
              if (await f.locator(selector).count()) return f;
            } catch {
              /* detached */
            }
          }
        } else {
          const f = frames.find((x) => x.url().includes(frame));
          if (f) return f;
        }
        if (Date.now() > end) {
          throw new Error(
            frame === 'all'
              ? `no frame contains ${selector} after ${timeout} ms`
              : `no frame whose URL contains ${frame} after ${timeout} ms`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async run(msg) {
      const page = ui.page;
      if (!page) throw new Error('browser page is not ready');
      const timeout = msg.timeout ?? 10000;
      switch (msg.op) {
        case 'screenshot': {
          let base =
            String(msg.name || 'screenshot')
              .replace(/[^A-Za-z0-9._-]+/g, '_')
              .slice(0, 120) || 'screenshot';
          let name = base;
          for (let i = 2; shotNames.has(name); i++) name = `${base}-${i}`;
          shotNames.add(name);
          const file = path.join(opts.artifacts, `${name}.png`);
          await page.screenshot({ path: file, fullPage: !!msg.fullPage });
          note(`screenshot ${path.relative(repoRoot, file)}`);
          return file;
        }
        case 'press':
          await page.keyboard.press(msg.keys);
          return true;
        case 'type':
          await page.keyboard.type(msg.text);
          return true;
        case 'click':
          await (await ui.frameFor(msg.selector, msg.frame, timeout)).locator(msg.selector).first().click({ timeout });
          return true;
        case 'waitFor':
          await (
            await ui.frameFor(msg.selector, msg.frame, timeout)
          )
            .locator(msg.selector)
            .first()
            .waitFor({ timeout, state: msg.state || 'visible' });
          return true;
        case 'text':
          return (await ui.frameFor(msg.selector, msg.frame, timeout))
            .locator(msg.selector)
            .first()
            .innerText({ timeout });
        case 'count': {
          if (msg.frame === 'all') {
            let n = 0;
            for (const f of page.frames()) {
              try {
                n += await f.locator(msg.selector).count();
              } catch {
                /* detached */
              }
            }
            return n;
          }
          return (await ui.frameFor(msg.selector, msg.frame, timeout)).locator(msg.selector).count();
        }
        case 'frames':
          return page.frames().map((f) => ({ name: f.name(), url: f.url() }));
        case 'evaluate': {
          const f = msg.frame ? await ui.frameFor(msg.selector || 'body', msg.frame, timeout) : page.mainFrame();
          return f.evaluate(msg.expression);
        }
        default:
          throw new Error(`unknown ui op ${msg.op}`);
      }
    },
  };
  const onEvent = async (ev) => {
    switch (ev.type) {
      case 'start':
        results.started = true;
        results.total = ev.total;
        note(
          `extension host: VS Code ${ev.vscodeVersion}, Node ${ev.node}; running ${ev.total} test(s) from ${ev.files.length} file(s)`,
        );
        break;
      case 'pass':
        results.passed++;
        say(`  ✔ ${ev.fullTitle} (${ev.duration ?? 0} ms)`);
        break;
      case 'pending':
        results.pending++;
        say(`  - ${ev.fullTitle} (skipped)`);
        break;
      case 'fail':
        results.failed++;
        results.failures.push(ev);
        say(`  ✖ ${ev.fullTitle}\n      ${String(ev.error?.message).split('\n').join('\n      ')}`);
        break;
      case 'end':
        try {
          await ui.run({ op: 'screenshot', name: 'final' });
        } catch (e) {
          note(`final screenshot failed: ${e.message}`);
        }
        results.ended = true;
        resolveEnd();
        break;
      case 'fatal':
        results.fatal = ev.error;
        say(`  ✖ the test runner failed in the extension host: ${ev.error?.stack || ev.error?.message}`);
        try {
          await ui.run({ op: 'screenshot', name: 'fatal' });
        } catch {
          /* ignore */
        }
        resolveEnd();
        break;
      default:
        break;
    }
  };
  const server = http.createServer((req, res) => {
    const reply = (code, body) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.headers['x-vmbit-token'] !== token) return reply(403, { error: 'forbidden' });
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      let msg;
      try {
        msg = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch (e) {
        return reply(400, { error: e.message });
      }
      try {
        if (req.url === '/event') {
          await onEvent(msg);
          return reply(200, { result: true });
        }
        if (req.url === '/log') {
          say(`  [test] ${msg.message}`);
          return reply(200, { result: true });
        }
        if (req.url === '/ui') return reply(200, { result: (await ui.run(msg)) ?? null });
        return reply(404, { error: `no route ${req.url}` });
      } catch (e) {
        return reply(500, { error: e.message });
      }
    });
  });
  state.server = server;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const rpcPort = server.address().port;

  fs.writeFileSync(
    childEnv.VMBSTATE_IT_CONFIG,
    JSON.stringify(
      {
        repoRoot,
        rpcPort,
        token,
        mode,
        extensionId,
        vsixPath,
        extensionPath: mode === 'dev' ? extDir : null,
        workspaceFolder,
        samplesDir,
        artifactsDir: opts.artifacts,
        testFiles,
        grep: opts.grep,
        testTimeout: opts.testTimeout,
        mochaPath,
        harness: 'web',
        logsDir: path.join(userData, 'logs'),
        desktopApi: opts.desktopApi,
      },
      null,
      2,
    ),
  );

  // 5. code-server on 127.0.0.1 with a port the OS picks.
  const csLogPath = path.join(opts.artifacts, 'logs', 'code-server.log');
  const csLog = fs.createWriteStream(csLogPath);
  const cs = spawn(
    rt.nodeBin,
    [
      ...csBase,
      '--auth',
      'none',
      '--bind-addr',
      '127.0.0.1:0',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      // safety net if this runner is SIGKILLed: the browser dies with it and code-server then
      // exits on its own once it has had no connection for this long
      '--idle-timeout-seconds',
      '120',
      // lets the page URL carry extensionDevelopmentPath / extensionTestsPath (workbench "payload")
      '--vscode-option',
      'enable-smoke-test-driver',
      workspaceFolder,
    ],
    { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  state.cs = cs;
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('code-server did not start listening within 60s')), 60000);
    const onData = (d) => {
      csLog.write(d);
      if (opts.verbose) process.stdout.write(`[code-server] ${d}`);
      buf += d.toString();
      const m = buf.match(/HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    cs.stdout.on('data', onData);
    cs.stderr.on('data', onData);
    cs.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (${sig || code}); see ${csLogPath}`));
    });
  });
  cs.once('exit', (code, sig) => {
    if (!results.ended && !state.stopping) {
      results.fatal = results.fatal || { message: `code-server exited (${sig || code}); see ${csLogPath}` };
      resolveEnd();
    }
  });
  note(`code-server listening on 127.0.0.1:${port} (pid ${cs.pid})`);

  // 6. Browser: the web workbench, with the dev extension(s) and the test runner in the URL payload.
  const host = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${host}${pathToFileURL(p).pathname}`;
  const payload = [
    ...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(path.join(harnessDir, 'run-suite.js'))],
    ['extensionEnvironment', JSON.stringify({ VMBSTATE_IT_CONFIG: childEnv.VMBSTATE_IT_CONFIG })],
    ['skipWelcome', 'true'],
  ];
  const url = `http://${host}/?folder=${encodeURIComponent(workspaceFolder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const browser = await chromiumLib.launch({
    executablePath: rt.chromium,
    headless: true,
    // the runner's own signal handlers close the browser AND code-server
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  state.browser = browser;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  ui.page = page;
  const consoleLog = fs.createWriteStream(path.join(opts.artifacts, 'logs', 'browser-console.log'));
  page.on('console', (m) => {
    const line = `[${m.type()}] ${m.text()}\n`;
    consoleLog.write(line);
    if (opts.verbose) process.stdout.write(`[browser] ${line}`);
  });
  page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e.message}\n`));
  page.on('crash', () => {
    results.fatal = results.fatal || { message: 'the browser page crashed' };
    resolveEnd();
  });
  note('opening the workbench in headless Chromium');
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });

  // 7. Wait for the suite (the global timeout is armed in run()).
  const startWatch = setTimeout(() => {
    if (!results.started) {
      results.fatal = {
        message: 'the extension host did not start the test runner within 120s (see test-artifacts/integration/logs)',
      };
      ui.run({ op: 'screenshot', name: 'not-started' })
        .catch(() => {})
        .finally(resolveEnd);
    }
  }, 120000);
  await ended;
  clearTimeout(startWatch);
  return { results, opts, userData };
}

const state = { cs: null, browser: null, server: null, tmp: null, keep: false, stopping: false, userData: null };

async function cleanup(artifacts) {
  state.stopping = true;
  if (state.browser) await state.browser.close().catch(() => {});
  if (state.cs) await killGroup(state.cs, 'code-server');
  if (state.server) {
    state.server.closeAllConnections?.();
    state.server.close();
  }
  if (state.tmp) {
    const logs = path.join(state.tmp, 'user-data', 'logs');
    if (artifacts && fs.existsSync(logs)) {
      try {
        fs.cpSync(logs, path.join(artifacts, 'logs', 'vscode'), { recursive: true });
      } catch {
        /* ignore */
      }
    }
    if (state.keep) note(`kept ${state.tmp}`);
    else fs.rmSync(state.tmp, { recursive: true, force: true });
  }
}

async function runAll() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    say(e.message);
    return 2;
  }
  let finished = false;
  const globalTimer = setTimeout(async () => {
    if (finished) return;
    say(`✖ global timeout of ${opts.timeout}s reached; stopping`);
    await cleanup(opts.artifacts).catch(() => {});
    say('0 passed, 1 failed');
    process.exit(1);
  }, opts.timeout * 1000);
  // A closed stdout (e.g. `| head`) must not kill the runner before it has cleaned up.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  for (const ev of ['uncaughtException', 'unhandledRejection']) {
    process.once(ev, async (e) => {
      try {
        process.stderr.write(`✖ ${ev}: ${e?.stack || e}\n`);
      } catch {
        /* ignore */
      }
      await cleanup(opts.artifacts).catch(() => {});
      say('0 passed, 1 failed');
      process.exit(1);
    });
  }
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      say(`✖ ${sig}: stopping`);
      await cleanup(opts.artifacts).catch(() => {});
      process.exit(130);
    });
  }
  let code = 1;
  try {
    const { results } = await main();
    finished = true;
    for (const f of results.failures) {
      say(`\nFAILED: ${f.fullTitle}\n${f.error?.stack || f.error?.message}`);
      if (f.error?.expected !== undefined) say(`  expected: ${f.error.expected}\n  actual:   ${f.error.actual}`);
    }
    if (results.fatal) {
      say(`\nHARNESS FAILURE: ${results.fatal.message}`);
      results.failed++;
    }
    if (results.pending) say(`${results.pending} skipped`);
    const ran = results.passed + results.failed;
    if (ran === 0 && !opts.allowEmpty) {
      say('no test ran: counting that as a failure');
      results.failed = 1;
    }
    await cleanup(opts.artifacts);
    say(
      `integration tests took ${elapsed()}; screenshots and logs in ${path.relative(process.cwd(), opts.artifacts) || '.'}`,
    );
    say(`${results.passed} passed, ${results.failed} failed`);
    code = results.failed ? 1 : 0;
  } catch (e) {
    finished = true;
    say(`✖ ${e.stack || e.message}`);
    await cleanup(opts.artifacts).catch(() => {});
    say('0 passed, 1 failed');
    code = 1;
  }
  clearTimeout(globalTimer);
  return code;
}

runAll().then((code) => process.exit(code));
