// Standalone Step Save debug adapter: DAP over stdin/stdout, for tests and other DAP clients. The
// extension runs the same session inline for launch configurations with "mode": "save".
import { DebugSession } from '@vscode/debugadapter';
import { StepSaveSession } from './stepSaveSession';

DebugSession.run(StepSaveSession as unknown as typeof DebugSession);
