/**
 * Registry value type codes. Any uint32 may appear in a file; the named ones are 0–11.
 */

/** The names of the registry value types Windows defines. */
export type RegTypeName =
  | 'REG_NONE'
  | 'REG_SZ'
  | 'REG_EXPAND_SZ'
  | 'REG_BINARY'
  | 'REG_DWORD'
  | 'REG_DWORD_BIG_ENDIAN'
  | 'REG_LINK'
  | 'REG_MULTI_SZ'
  | 'REG_RESOURCE_LIST'
  | 'REG_FULL_RESOURCE_DESCRIPTOR'
  | 'REG_RESOURCE_REQUIREMENTS_LIST'
  | 'REG_QWORD';

/** Type codes by name. */
export const RegType = {
  REG_NONE: 0,
  REG_SZ: 1,
  REG_EXPAND_SZ: 2,
  REG_BINARY: 3,
  REG_DWORD: 4,
  REG_DWORD_BIG_ENDIAN: 5,
  REG_LINK: 6,
  REG_MULTI_SZ: 7,
  REG_RESOURCE_LIST: 8,
  REG_FULL_RESOURCE_DESCRIPTOR: 9,
  REG_RESOURCE_REQUIREMENTS_LIST: 10,
  REG_QWORD: 11,
} as const satisfies Record<RegTypeName, number>;

const NAMES: readonly RegTypeName[] = Object.keys(RegType) as RegTypeName[];

/** The name of a type code (`REG_DWORD`), or `undefined` for a code outside 0–11. */
export function regTypeName(code: number): RegTypeName | undefined {
  return Number.isInteger(code) && code >= 0 && code < NAMES.length ? NAMES[code] : undefined;
}

/** A type code's name, or its hex form (`0x1234`) for codes without one. */
export function renderRegType(code: number): string {
  return regTypeName(code) ?? '0x' + code.toString(16);
}

/**
 * Parses a type given as a name (`REG_SZ`, `sz`, case-insensitive) or a number (`4`, `0x4`).
 * Returns `undefined` when it is neither, or outside uint32.
 */
export function parseRegType(text: string): number | undefined {
  const t = text.trim();
  if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) && n >= 0 && n <= 0xffffffff ? n : undefined;
  }
  const upper = t.toUpperCase();
  const name = (upper.startsWith('REG_') ? upper : 'REG_' + upper) as RegTypeName;
  return Object.hasOwn(RegType, name) ? RegType[name] : undefined;
}

/** True for the types whose data is UTF-16LE text: REG_SZ, REG_EXPAND_SZ, REG_LINK. */
export function isStringType(code: number): boolean {
  return code === RegType.REG_SZ || code === RegType.REG_EXPAND_SZ || code === RegType.REG_LINK;
}
