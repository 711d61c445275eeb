// Starts the vmbstate language server (dist/server.js, node IPC) for `.vmbhex` documents and
// keeps it in step with the `vmbstate.*` settings. The binary editor and the debugger reach the
// same server through the custom requests in protocol/src/requests.ts.

import * as path from 'node:path';
import * as vscode from 'vscode';
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
    synchronize: {
      configurationSection: 'vmbstate',
      // User schemas (docs/schemas.md): a changed .ksy or mapping file re-analyses the open documents.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.ksy,.vmbstate-schemas.json}'),
    },
    middleware: {
      workspace: {
        // The server runs user schemas only in a trusted workspace (or when the user allows
        // untrusted ones): it learns the trust from the settings it pulls.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((section: unknown, i) =>
            params.items[i]?.section === 'vmbstate' && section && typeof section === 'object'
              ? withTrust(section as Record<string, unknown>)
              : section,
          );
        },
      },
    },
  };
  // The id 'vmbstate' makes the client honour the vmbstate.trace.server setting.
  const client = new LanguageClient('vmbstate', 'VMBus Saved State', serverOptions, clientOptions);
  await client.start();
  // Trust is granted once per session, never withdrawn: the server re-reads the settings then.
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(
      () => void client.sendNotification('workspace/didChangeConfiguration', { settings: null }),
    ),
  );
  context.subscriptions.push({ dispose: () => void client.stop() });
  return client;
}

/** The `vmbstate` section with `schemas.workspaceTrusted` set from VS Code's workspace trust. */
function withTrust(section: Record<string, unknown>): Record<string, unknown> {
  const schemas = section.schemas && typeof section.schemas === 'object' ? section.schemas : {};
  return { ...section, schemas: { ...schemas, workspaceTrusted: vscode.workspace.isTrusted } };
}
