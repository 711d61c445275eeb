// Rename (F2) and Go to Definition (F12) before vmbstate has them: without a provider VS Code
// does nothing on these keys, which looks broken. Rename answers prepareRename with an error
// VS Code shows beside the cursor; Go to Definition answers "no location" (VS Code then says
// "No definition found") and, the first time in a session, a notification says why.

import { MessageType, ResponseError, type Connection, type ServerCapabilities } from 'vscode-languageserver/node';

export const NO_RENAME = 'vmbstate has no rename yet: .vmbhex labels name layout fields, not symbols you declare.';
export const NO_DEFINITION =
  'vmbstate has no Go to Definition yet (for example from a RingGpadlId to its GPADL chunk). The outline (Ctrl+Shift+O) lists every call, chunk and field.';

export const NAVIGATION_CAPABILITIES: Pick<ServerCapabilities, 'renameProvider' | 'definitionProvider'> = {
  renameProvider: { prepareProvider: true },
  definitionProvider: true,
};

/** Answers rename and definition requests for the documents `isOurs` accepts. */
export function registerNavigationPlaceholders(connection: Connection, isOurs: (uri: string) => boolean): void {
  let told = false;
  const refuse = () => new ResponseError<void>(-32803 /* RequestFailed */, NO_RENAME);
  connection.onPrepareRename((p) => (isOurs(p.textDocument.uri) ? refuse() : null));
  connection.onRenameRequest((p) => (isOurs(p.textDocument.uri) ? refuse() : null));
  connection.onDefinition((p) => {
    if (isOurs(p.textDocument.uri) && !told) {
      told = true;
      void connection.sendNotification('window/showMessage', { type: MessageType.Info, message: NO_DEFINITION });
    }
    return null;
  });
}
