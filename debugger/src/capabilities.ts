// What the Step Restore adapter tells the client it supports (the initialize response), the
// exception breakpoint filters (stopReasons.ts) included.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { EXCEPTION_FILTERS } from './stopReasons';

/** The capabilities of the initialize response: a new object each time, so no session changes another's. */
export function adapterCapabilities(): DebugProtocol.Capabilities {
  return {
    supportsConfigurationDoneRequest: true,
    supportsConditionalBreakpoints: true,
    supportsHitConditionalBreakpoints: true,
    supportsLogPoints: true,
    supportsFunctionBreakpoints: true,
    supportsEvaluateForHovers: true,
    supportsRestartRequest: true,
    supportsTerminateRequest: true,
    supportsExceptionInfoRequest: true,
    supportsExceptionFilterOptions: true,
    supportsCompletionsRequest: true,
    supportsReadMemoryRequest: true,
    supportsWriteMemoryRequest: true,
    supportsStepBack: true,
    supportsRestartFrame: true,
    supportsGotoTargetsRequest: true,
    supportsSetVariable: true,
    supportsSetExpression: true,
    supportsDataBreakpoints: true,
    exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({
      filter: f.filter,
      label: f.label,
      description: f.description,
      default: f.default,
      supportsCondition: true,
      conditionDescription: 'Stop only when this is true, e.g. status == STATUS_CRC_ERROR or kind == "GPADL"',
    })),
  };
}
