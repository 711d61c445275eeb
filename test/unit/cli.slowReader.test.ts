// The CLI's output to a pipe is written with back-pressure (cli/src/stdoutWriter.ts): while the
// reader does not read, `dump` waits at the full pipe instead of queueing its whole output in
// memory, and once read the output is complete and identical to a dump into a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatBytes, encodeChunk } from '../../core/src';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The child's peak resident memory in MiB (Linux), or undefined where /proc is not there. */
function peakMiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

test('dump to a pipe nobody reads waits at the full pipe, then writes all of it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmbstate-pipe-'));
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const input = join(dir, 'tiny.vmbstate');
    // 65,536 empty optional chunks, one per call: a 58 MB dump.
    const chunks = Array.from({ length: 65536 }, (_, i) =>
      encodeChunk({ type: 0xf000, sequence: i, payload: new Uint8Array(0) }),
    );
    writeFileSync(input, concatBytes(chunks));
    const expected = spawnSync(process.execPath, [cli, 'dump', input], { maxBuffer: 1 << 30 }).stdout;
    assert.ok(expected.length > 40 * 1024 * 1024, `the dump is large (${expected.length} bytes)`);

    const running = spawn(process.execPath, [cli, 'dump', input], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = running;
    running.stdout.pause();
    // Long enough for the whole dump (about 1.5 s unloaded) had it not waited for the reader.
    await sleep(3000);
    const peak = peakMiB(running.pid!);
    assert.equal(running.exitCode, null, 'the CLI is still waiting for its reader');
    if (peak !== undefined) assert.ok(peak < 100, `peak RSS while the pipe was full: ${peak.toFixed(0)} MiB`);
    const parts: Buffer[] = [];
    running.stdout.on('data', (b: Buffer) => parts.push(b));
    running.stdout.resume();
    const code = await new Promise<number | null>((r) => running.on('close', r));
    assert.equal(code, 0);
    assert.ok(Buffer.concat(parts).equals(expected), 'the piped output equals the dump');
  } finally {
    if (child && child.exitCode === null) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
