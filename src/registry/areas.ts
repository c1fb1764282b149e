/**
 * Registry areas that GPMC shows under an extension of their own rather than as Administrative
 * Templates or "Extra Registry Settings": the values other editors (the firewall's, NRPT's,
 * AppLocker's) write into `Registry.pol`. Keys compare without case, with or without their hive.
 */

import { foldName, splitKey, trimKeyPath } from './keys.js';

/** The extensions, as GPMC's report names them. */
export type ExtensionArea = 'Windows Firewall with Advanced Security' | 'Name Resolution Policy' | 'AppLocker';

const AREAS: ReadonlyArray<[string, ExtensionArea]> = [
  ['SOFTWARE\\POLICIES\\MICROSOFT\\WINDOWSFIREWALL', 'Windows Firewall with Advanced Security'],
  ['SOFTWARE\\POLICIES\\MICROSOFT\\WINDOWS NT\\DNSCLIENT\\DNSPOLICYCONFIG', 'Name Resolution Policy'],
  ['SOFTWARE\\POLICIES\\MICROSOFT\\WINDOWS\\SRPV2', 'AppLocker'],
];

/** The extension a key's values belong to, or undefined for any other key. */
export function extensionArea(key: string): ExtensionArea | undefined {
  const path = foldName(trimKeyPath(splitKey(key).path));
  for (const [root, area] of AREAS) if (path === root || path.startsWith(`${root}\\`)) return area;
  return undefined;
}
