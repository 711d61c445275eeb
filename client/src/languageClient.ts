// Starts the vmbstate language server (dist/server.js, node IPC) for `.vmbhex` documents and
// keeps it in step with the `vmbstate.*` settings. The binary editor and the debugger reach the
// same server through the custom requests in protocol/src/requests.ts.

import * as path from 'node:path';
import type * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'vmbstate-hex' },
      { scheme: 'untitled', language: 'vmbstate-hex' },
    ],
    synchronize: { configurationSection: 'vmbstate' },
  };
  // The id 'vmbstate' makes the client honour the vmbstate.trace.server setting.
  const client = new LanguageClient('vmbstate', 'VMBus Saved State', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client.stop() });
  return client;
}
