// Public entry of the protocol layer: what two runtimes both need. The custom LSP requests and
// notifications (requests.ts), the `vmbstate.*` settings with their defaults (settings.ts), and
// the work the language server and the extension host both do on files and bytes (jobs.ts).
export * from './requests';
export * from './settings';
export * from './jobs';
