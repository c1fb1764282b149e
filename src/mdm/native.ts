/**
 * A value as a native Policy CSP node takes it: by the node's format (`int` a whole number, `bool`
 * `true`/`false`, `chr` text, a list joined with U+F000 as the Policy CSP's lists are) and checked
 * against its allowed values (an `ENUM`'s values, a `Range` such as `[0-128]` or `[(-1)-4294967295]`).
 * What does not fit is said, never sent.
 */

import type { MdmPolicy } from './ddf.js';

/** A value to convert: a number, a flag, text, or a list of texts. */
export type NativeInput = number | bigint | boolean | string | readonly string[];

/** The node's value as text, or why the value has no equivalent there. */
export function nativeValue(node: Pick<MdmPolicy, 'format' | 'allowed'>, value: NativeInput): { value: string } | { reason: string } {
  let text: string;
  switch (node.format) {
    case 'int': {
      const n = typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : typeof value === 'number' || typeof value === 'bigint' ? Number(value) : NaN;
      if (!Number.isSafeInteger(n)) return { reason: `the node takes a whole number, and the value is ${JSON.stringify(Array.isArray(value) ? value : String(value))}` };
      text = String(n);
      break;
    }
    case 'bool': {
      const b = value === true || value === 1 || value === '1' || value === 'true' ? true : value === false || value === 0 || value === '0' || value === 'false' ? false : undefined;
      if (b === undefined) return { reason: `the node takes true or false, and the value is ${JSON.stringify(String(value))}` };
      text = String(b);
      break;
    }
    case 'chr':
      text = Array.isArray(value) ? value.join('\uf000') : String(value);
      break;
    default:
      return { reason: `the node's format is ${node.format || 'unknown'}, which gpreg does not write` };
  }
  const allowed = node.allowed;
  if (allowed?.values?.length && !allowed.values.some((v) => v.value === text)) {
    return { reason: `${text} is none of the node's values (${allowed.values.map((v) => (v.description ? `${v.value} ${v.description}` : v.value)).join('; ')})` };
  }
  const range = allowed?.range && /^\[\(?(-?\d+)\)?-\(?(-?\d+)\)?\]$/.exec(allowed.range.trim());
  if (range && node.format === 'int' && (Number(text) < Number(range[1]) || Number(text) > Number(range[2]))) return { reason: `${text} is outside the node's range ${allowed!.range}` };
  return { value: text };
}
