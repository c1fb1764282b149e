/**
 * Key paths and hives. Registry names compare case-insensitively and keep the case the file wrote.
 */

import { GpregError } from '../errors.js';

/** The full names of the root keys gpreg knows. */
export type HiveName = 'HKEY_LOCAL_MACHINE' | 'HKEY_CURRENT_USER' | 'HKEY_USERS' | 'HKEY_CLASSES_ROOT' | 'HKEY_CURRENT_CONFIG';

/** The short forms, as `reg.exe` and admins write them. */
export type HiveAbbreviation = 'HKLM' | 'HKCU' | 'HKU' | 'HKCR' | 'HKCC';

const HIVES = new Map<string, HiveName>([
  ['HKEY_LOCAL_MACHINE', 'HKEY_LOCAL_MACHINE'],
  ['HKEY_CURRENT_USER', 'HKEY_CURRENT_USER'],
  ['HKEY_USERS', 'HKEY_USERS'],
  ['HKEY_CLASSES_ROOT', 'HKEY_CLASSES_ROOT'],
  ['HKEY_CURRENT_CONFIG', 'HKEY_CURRENT_CONFIG'],
  ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['HKU', 'HKEY_USERS'],
  ['HKCR', 'HKEY_CLASSES_ROOT'],
  ['HKCC', 'HKEY_CURRENT_CONFIG'],
]);

const ABBREVIATIONS = new Map<HiveName, HiveAbbreviation>([
  ['HKEY_LOCAL_MACHINE', 'HKLM'],
  ['HKEY_CURRENT_USER', 'HKCU'],
  ['HKEY_USERS', 'HKU'],
  ['HKEY_CLASSES_ROOT', 'HKCR'],
  ['HKEY_CURRENT_CONFIG', 'HKCC'],
]);

/**
 * Folds a registry name for comparison. Windows upper-cases code unit by code unit, so a character
 * whose upper case is longer (ß → SS) stays as it is.
 */
export function foldName(name: string): string {
  // Fast path: ASCII upper-casing is one unit per unit.
  if (/^[\x00-\x7f]*$/.test(name)) return name.toUpperCase();
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    const u = c.toUpperCase();
    out += u.length === 1 ? u : c;
  }
  return out;
}

/** True when two registry names or paths are the same for Windows. */
export function sameName(a: string, b: string): boolean {
  return a === b || foldName(a) === foldName(b);
}

/** The full hive name for `HKLM`, `hkey_local_machine` and so on; `undefined` for anything else. */
export function hiveFromName(name: string): HiveName | undefined {
  // Most names are written as the map holds them (a Registry.pol's keys): no case folding then.
  return HIVES.get(name) ?? HIVES.get(name.toUpperCase());
}

/** The short form of a full hive name (`HKEY_LOCAL_MACHINE` → `HKLM`). */
export function hiveAbbreviation(hive: HiveName): HiveAbbreviation {
  return ABBREVIATIONS.get(hive)!;
}

/** Parses a hive name, full or short, any case; throws `HIVE_UNKNOWN` when it names no hive. */
export function parseHive(name: string): HiveName {
  const hive = hiveFromName(name.trim());
  if (!hive) {
    throw new GpregError('HIVE_UNKNOWN', `unknown hive ${JSON.stringify(name)}: expected one of HKLM, HKCU, HKU, HKCR, HKCC or their full names`);
  }
  return hive;
}

/** A key path split at its root: `hive` is undefined when the first component names no hive. */
export interface SplitKey {
  hive: HiveName | undefined;
  /** The root as written (`HKLM`, `hkey_current_user`), or '' when there is none. */
  root: string;
  /** The rest of the path, without a leading backslash. */
  path: string;
}

/** Splits `HKEY_LOCAL_MACHINE\Software\X` into its hive and the path below it. */
export function splitKey(key: string): SplitKey {
  const slash = key.indexOf('\\');
  const first = slash < 0 ? key : key.slice(0, slash);
  const hive = hiveFromName(first);
  if (!hive) return { hive: undefined, root: '', path: key };
  return { hive, root: first, path: slash < 0 ? '' : key.slice(slash + 1) };
}

/** Joins a hive and a path below it (`HKEY_LOCAL_MACHINE` + `Software\X`). */
export function joinKey(hive: HiveName, path: string): string {
  return path === '' ? hive : hive + '\\' + path;
}

/**
 * The hive a GPO file stands for, from a `Machine` or `User` folder in its path
 * (`…/Machine/Registry.pol` is HKLM, `…/User/registry.pol` is HKCU); `undefined` when none says.
 * The folder nearest the file wins.
 */
export function hiveFromPolPath(filePath: string): HiveName | undefined {
  const parts = filePath.split(/[\\/]+/).slice(0, -1).reverse();
  for (const p of parts) {
    const l = p.toLowerCase();
    if (l === 'machine') return 'HKEY_LOCAL_MACHINE';
    if (l === 'user') return 'HKEY_CURRENT_USER';
  }
  return undefined;
}

/** The parent path and leaf name of a key path (`A\B\C` → `A\B`, `C`); the parent of a root is ''. */
export function parentKey(key: string): { parent: string; leaf: string } {
  const i = key.lastIndexOf('\\');
  return i < 0 ? { parent: '', leaf: key } : { parent: key.slice(0, i), leaf: key.slice(i + 1) };
}

/**
 * Orders key paths as the Group Policy editor writes a `Registry.pol`: component by component,
 * without case (so `A\B` sorts before `A B` and `A-B`, which a plain string sort would not).
 */
export function compareKeys(a: string, b: string): number {
  const x = foldName(a).split('\\');
  const y = foldName(b).split('\\');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * A key path as Windows creates it: trailing backslashes dropped (`Software\\T\\` opens
 * `Software\\T`, as regedit and the registry API do). Returns the path unchanged when there is none.
 */
export function trimKeyPath(key: string): string {
  let end = key.length;
  while (end > 0 && key.charCodeAt(end - 1) === 0x5c) end--;
  return end === key.length ? key : key.slice(0, end);
}

/** The canonical spelling of a key for comparison: hive in full, folded, no trailing backslash. */
export function keyId(key: string): string {
  const s = splitKey(key);
  const path = trimKeyPath(s.path);
  return foldName(s.hive ? (path ? `${s.hive}\\${path}` : s.hive) : path);
}

/**
 * A line break or NUL in a key or value name. The registry can hold such names, but no line of a
 * `.reg` or of LGPO text can carry one: written as is, the rest would be read as lines of their own.
 */
export const LINE_BREAK = /[\r\n\0]/;
