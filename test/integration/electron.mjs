#!/usr/bin/env node
// The integration suite in a DESKTOP VS Code, for developer machines: @vscode/test-electron's
// runTests with the VS Code named by VSCODE_EXECUTABLE (nothing is downloaded then). The offline
// path that `npm test` runs is runner.mjs (code-server + Chromium); see README.md.
//
//   npm run compile && npm run build
//   VSCODE_EXECUTABLE=/usr/share/code/code node test/integration/electron.mjs [--grep text]
//
// Without VSCODE_EXECUTABLE, @vscode/test-electron downloads VS Code (VSCODE_VERSION, default
// stable) into .vscode-test/: that needs internet and is never done otherwise.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const req = createRequire(path.join(repoRoot, 'package.json'));

const HELP = `Usage: VSCODE_EXECUTABLE=<path to code> node test/integration/electron.mjs [options]

  --grep <text>        only run tests whose full title contains <text>
  --test-timeout <ms>  mocha per-test timeout (default 30000)
  --keep               keep the temporary folder (user data, logs, workspace copy)

Runs test/integration/suite and out/test/integration/suite (build first: npm run compile &&
npm run build) in the extension host of a desktop VS Code, the extension loaded from the repo.
Tests tagged "[ui]" drive the browser of the web harness and are left out (listed at the start).
`;

function parseArgs(argv) {
  const o = { grep: null, testTimeout: 30000, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--grep':
        o.grep = next();
        break;
      case '--test-timeout':
        o.testTimeout = Number(next());
        break;
      case '--keep':
        o.keep = true;
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

function findTestFiles(dirs) {
  const files = [];
  for (const d of dirs) {
    if (!fs.existsSync(d)) continue;
    for (const n of fs.readdirSync(d).sort()) if (/\.test\.(c|m)?js$/.test(n)) files.push(path.join(d, n));
  }
  return files;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const main = path.join(repoRoot, pkg.main || 'dist/client.js');
  if (!fs.existsSync(main)) throw new Error(`${path.relative(repoRoot, main)} is missing: run npm run build`);
  const testFiles = findTestFiles([
    path.join(here, 'suite'),
    path.join(repoRoot, 'out', 'test', 'integration', 'suite'),
  ]);
  if (!testFiles.length) throw new Error('no *.test.js files: run npm run compile');

  const { runTests } = req('@vscode/test-electron');
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || undefined;
  if (vscodeExecutablePath && !fs.existsSync(vscodeExecutablePath))
    throw new Error(`VSCODE_EXECUTABLE=${vscodeExecutablePath} does not exist`);
  if (!vscodeExecutablePath) {
    process.stdout.write(
      `VSCODE_EXECUTABLE is not set: @vscode/test-electron downloads VS Code ${process.env.VSCODE_VERSION || 'stable'} into .vscode-test/ (needs internet).\n`,
    );
  }

  // Throw-away folders: user data (with quiet settings), extensions, logs, a copy of samples/.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vmbstate-electron-'));
  const userData = path.join(tmp, 'user-data');
  const logsDir = path.join(tmp, 'logs');
  const workspaceFolder = path.join(tmp, 'workspace', 'samples');
  const artifactsDir = path.join(repoRoot, 'test-artifacts', 'integration-desktop');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(path.join(tmp, 'extensions'), { recursive: true });
  fs.rmSync(artifactsDir, { recursive: true, force: true });
  fs.mkdirSync(artifactsDir, { recursive: true });
  const samplesDir = path.join(repoRoot, 'samples');
  if (fs.existsSync(samplesDir)) fs.cpSync(samplesDir, workspaceFolder, { recursive: true });
  else fs.mkdirSync(workspaceFolder, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'files.autoSave': 'off',
  };
  const extra = path.join(here, 'settings.json');
  if (fs.existsSync(extra)) Object.assign(settings, JSON.parse(fs.readFileSync(extra, 'utf8')));
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const cfgPath = path.join(tmp, 'it-config.json');
  fs.writeFileSync(
    cfgPath,
    JSON.stringify(
      {
        repoRoot,
        mode: 'dev',
        extensionId: `${pkg.publisher}.${pkg.name}`,
        vsixPath: null,
        extensionPath: repoRoot,
        workspaceFolder,
        samplesDir,
        artifactsDir,
        testFiles,
        grep: opts.grep,
        testTimeout: opts.testTimeout,
        mochaPath: req.resolve('mocha'),
        harness: 'desktop',
        logsDir,
      },
      null,
      2,
    ),
  );

  const t0 = Date.now();
  let code = 0;
  try {
    await runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
      ...(process.env.VSCODE_VERSION ? { version: process.env.VSCODE_VERSION } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(here, 'harness', 'electron-suite.js'),
      extensionTestsEnv: { VMBSTATE_IT_CONFIG: cfgPath },
      launchArgs: [
        workspaceFolder,
        '--user-data-dir',
        userData,
        '--extensions-dir',
        path.join(tmp, 'extensions'),
        '--logsPath',
        logsDir,
        '--disable-extensions',
        '--disable-telemetry',
        // runTests adds --no-sandbox, --disable-updates, --skip-welcome, --disable-workspace-trust, ...
      ],
    });
  } catch (e) {
    process.stderr.write(`${e && e.message ? e.message : e}\n`);
    code = 1;
  } finally {
    try {
      fs.cpSync(logsDir, path.join(artifactsDir, 'logs'), { recursive: true });
    } catch {
      /* no logs */
    }
    if (opts.keep) process.stdout.write(`kept ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(
    `desktop integration tests took ${((Date.now() - t0) / 1000).toFixed(1)}s; logs in ${path.relative(process.cwd(), artifactsDir)}\n`,
  );
  process.exit(code);
}

main().catch((e) => {
  process.stderr.write(`electron.mjs: ${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
