// Runs the Kaitai Struct compiler in a worker thread, one compile at a time, so a compile that runs
// over SCHEMA_COMPILE_MS can be stopped (the compiler itself cannot be interrupted): docs/schemas.md.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** The compiler's files by name, or the text of why it failed or was stopped. */
export type KsyCompileReply = { files: Record<string, string> } | { error: string };

/**
 * The compiler's module file: dist/kaitai-compiler.js beside the bundle (scripts/build.mjs leaves
 * it out of the four Node bundles, which all sit in dist/), else the npm package (out/, tests).
 */
function compilerPath(): string {
  const shipped = path.join(__dirname, 'kaitai-compiler.js');
  return existsSync(shipped) ? shipped : require.resolve('kaitai-struct-compiler');
}

// The worker's code, evaluated (no file of its own to ship): it loads the compiler (6.5 MB of
// Scala.js, so once per worker), says `started` when a job reaches it (the time limit counts from
// there, not from the load), and answers with the files or the compiler's message.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const compiler = require(workerData.compiler);
parentPort.on('message', async (ksy) => {
  parentPort.postMessage({ started: true });
  try {
    parentPort.postMessage({ files: await compiler.compile('javascript', ksy, null, true) });
  } catch (e) {
    const m = e && e.message;
    parentPort.postMessage({ error: typeof m === 'string' ? m.replace(/\\s+/g, ' ').trim() : String(e) });
  }
});
`;

/** How a time limit reads in a message: whole seconds as `10 s`, else milliseconds. */
export function formatCompileLimit(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The worker, kept between compiles (loading the compiler is the slow part); gone after a stop. */
let worker: Worker | undefined;
/** Compiles run one after another: each waits for the previous one. */
let queue: Promise<unknown> = Promise.resolve();

/** Compile a .ksy (a plain object) to JavaScript in debug mode, stopped after `timeMs` of compiling. */
export function compileInWorker(ksy: unknown, timeMs: number): Promise<KsyCompileReply> {
  const job = queue.then(() => runOne(ksy, timeMs));
  queue = job;
  return job;
}

function startWorker(): Worker {
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { compiler: compilerPath() } });
  // An idle worker that fails is dropped (the next compile starts another), never an uncaught error.
  const drop = () => {
    if (worker === w) worker = undefined;
  };
  return w.on('error', drop).on('exit', drop);
}

function runOne(ksy: unknown, timeMs: number): Promise<KsyCompileReply> {
  return new Promise((resolve) => {
    let w: Worker;
    try {
      w = worker ??= startWorker();
    } catch (e) {
      resolve({ error: `the compiler cannot start: ${(e as Error).message}` });
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const finish = (reply: KsyCompileReply, stop: boolean) => {
      clearTimeout(timer);
      w.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (stop || worker !== w) {
        if (worker === w) worker = undefined;
        void w.terminate();
      } else {
        w.unref(); // an idle worker must not keep the CLI (or a test run) alive
      }
      resolve(reply);
    };
    const onMessage = (m: { started?: true } & Partial<{ files: Record<string, string>; error: string }>) => {
      if (m.started) {
        timer = setTimeout(
          () =>
            finish(
              {
                error: `the compiler ran for more than ${formatCompileLimit(timeMs)} (the compile time limit) and was stopped`,
              },
              true,
            ),
          timeMs,
        );
      } else finish(m.files ? { files: m.files } : { error: m.error ?? 'the compiler gave no answer' }, false);
    };
    const onError = (e: Error) => finish({ error: `the compiler stopped: ${e.message}` }, true);
    const onExit = (code: number) => finish({ error: `the compiler stopped (exit code ${code})` }, true);
    w.on('message', onMessage).on('error', onError).on('exit', onExit);
    w.ref();
    try {
      w.postMessage(ksy);
    } catch (e) {
      finish({ error: `cannot be passed to the compiler: ${(e as Error).message}` }, false);
    }
  });
}
