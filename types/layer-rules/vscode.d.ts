// Stands in for 'vscode' in every project but the extension host's (client/tsconfig.json) and the
// integration suite's: an import of 'vscode' there fails with "… is not a module" naming this file.
// Only the extension host may use the VS Code API (docs/architecture.md).
