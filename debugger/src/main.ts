// Standalone debug adapter (dist/debugAdapter.js): DAP over stdin/stdout, Step Restore or, for a
// launch with `"mode": "save"`, Step Save (standaloneAdapter.ts). The extension runs the same
// sessions inline in the extension host; this entry serves tests and other DAP clients.
import { DebugSession } from '@vscode/debugadapter';
import { StandaloneAdapter } from './standaloneAdapter';
import { useNativeCrc32c } from '../../core/src/node/nativeCrc32c';

useNativeCrc32c();

DebugSession.run(StandaloneAdapter);
