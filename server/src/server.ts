// The vmbstate language server: `.vmbhex` documents get diagnostics from the emulated restore,
// symbols, hover, quick fixes, completion, semantic tokens, folding, inlay hints and formatting;
// the custom requests (protocol/src/requests.ts) serve the binary editor and the debugger. Started by the
// client over node IPC, or with --stdio. The same file is the entry of the analysis workers.

import { isMainThread, workerData } from 'node:worker_threads';
import { WORKER_MARK, runWorker } from './worker';
import { useNativeCrc32c } from '../../core/src/node/nativeCrc32c';

// Both the server and its analysis workers CRC with the native CRC-32C where it loads.
useNativeCrc32c();

if (!isMainThread && workerData?.[WORKER_MARK]) {
  runWorker();
} else {
  // Loaded lazily so a worker does not pay for the protocol libraries.
  void import('./lsp.js').then((lsp) => lsp.startServer(__filename));
}
