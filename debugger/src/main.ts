// Standalone Step Restore debug adapter: DAP over stdin/stdout. The extension runs the same
// session inline in the extension host; this entry serves tests and other DAP clients.
import { DebugSession } from '@vscode/debugadapter';
import { StepRestoreSession } from './stepRestoreSession';
import { useNativeCrc32c } from '../../core/src/node/nativeCrc32c';

useNativeCrc32c();

DebugSession.run(StepRestoreSession as unknown as typeof DebugSession);
