// Fills the Step Restore launch attributes a launch configuration leaves out from the vmbstate.*
// settings, checked with the shared run-option validator under the settings' own names. Kept free
// of the vscode module so unit tests can run it.

import { validateBuffering, validateChannelState, validateFlag, validateProfile } from '../../../core/src';

/** The part of vscode.WorkspaceConfiguration this needs. */
export interface SettingsReader {
  get<T>(section: string, defaultValue: T): T;
}

/**
 * Launch attributes filled in from the settings, checked under the settings' names (a bad setting
 * is reported as the setting, not as a launch attribute the user never wrote). Throws OptionError.
 */
export function attributesFromSettings(
  config: Record<string, unknown>,
  settings: SettingsReader,
  workspaceTrusted = true,
): void {
  // User schemas run as in the editor: enabled, and in a trusted workspace unless allowed in untrusted ones.
  if (config.schemas === undefined)
    config.schemas =
      validateFlag(settings.get<unknown>('schemas.enabled', true), 'vmbstate.schemas.enabled') &&
      (workspaceTrusted ||
        validateFlag(
          settings.get<unknown>('schemas.enableInUntrustedWorkspace', false),
          'vmbstate.schemas.enableInUntrustedWorkspace',
        ));
  if (config.buffering === undefined && config.bufferSize === undefined) {
    const mode = settings.get<unknown>('binary.buffering', 'chunk');
    const size = mode === 'size' ? settings.get<unknown>('binary.bufferSize', 4096) : undefined;
    const b = validateBuffering(mode, size, { mode: 'vmbstate.binary.buffering', size: 'vmbstate.binary.bufferSize' });
    config.buffering = typeof b === 'object' ? 'size' : (b ?? 'chunk');
    if (b !== undefined && typeof b !== 'string') config.bufferSize = b.size;
  }
  const given =
    typeof config.channel === 'object' && config.channel !== null && !Array.isArray(config.channel)
      ? (config.channel as Record<string, unknown>)
      : undefined;
  const channel: Record<string, unknown> = {};
  if (given?.initialState === undefined)
    channel.initialState = validateChannelState(
      settings.get<unknown>('channel.initialState', 'Disabled'),
      'vmbstate.channel.initialState',
    );
  if (given?.packetCallbacks === undefined)
    channel.packetCallbacks = validateFlag(
      settings.get<unknown>('channel.packetCallbacks', true),
      'vmbstate.channel.packetCallbacks',
    );
  if (given?.statusProfile === undefined)
    channel.statusProfile = validateProfile(
      settings.get<unknown>('statusProfile', 'default'),
      'vmbstate.statusProfile',
    );
  // A channel that is not an object stays as given: the adapter refuses it with its own message.
  config.channel = config.channel !== undefined && !given ? config.channel : { ...channel, ...given };
}
