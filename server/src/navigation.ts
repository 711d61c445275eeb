// Rename (F2) before vmbstate has it: without a provider VS Code does nothing on the key, which
// looks broken; prepareRename answers with an error VS Code shows beside the cursor. The
// navigation vmbstate has (definition, references, highlights, CodeLens, workspace symbols) is
// links.ts, codeLens.ts and workspaceSymbols.ts; their capabilities are declared here.

import { ResponseError, type Connection, type ServerCapabilities } from 'vscode-languageserver/node';

export const NO_RENAME = 'vmbstate has no rename yet: .vmbhex labels name layout fields, not symbols you declare.';

export const NAVIGATION_CAPABILITIES: Pick<
  ServerCapabilities,
  | 'renameProvider'
  | 'definitionProvider'
  | 'referencesProvider'
  | 'documentHighlightProvider'
  | 'codeLensProvider'
  | 'workspaceSymbolProvider'
> = {
  renameProvider: { prepareProvider: true },
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  codeLensProvider: { resolveProvider: false },
  workspaceSymbolProvider: true,
};

/** Refuses rename requests for the documents `isOurs` accepts. */
export function registerRenamePlaceholder(connection: Connection, isOurs: (uri: string) => boolean): void {
  const refuse = () => new ResponseError<void>(-32803 /* RequestFailed */, NO_RENAME);
  connection.onPrepareRename((p) => (isOurs(p.textDocument.uri) ? refuse() : null));
  connection.onRenameRequest((p) => (isOurs(p.textDocument.uri) ? refuse() : null));
}
