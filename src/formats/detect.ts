/** Tells a file's format from its first bytes, so no command has to trust an extension. */

import { decodeLgpoBytes, looksLikeLgpo } from './lgpo/lgpo.js';

/** The formats gpreg reads (`policyrules`, Policy Analyzer's rule files, is written by `convert` only). */
export type FormatName = 'pol' | 'reg' | 'json' | 'lgpo' | 'policyrules';

/** True when `bytes` look like a Policy Analyzer `.PolicyRules` document (its root element near the start). */
export function isPolicyRules(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString(bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf16le' : 'utf8');
  return /^\ufeff?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<PolicyRules[\s>/]/i.test(head);
}

const PREG = [0x50, 0x52, 0x65, 0x67];

/**
 * The format of a file: what its bytes prove (the PReg signature, a UTF-16LE BOM, a leading `{`),
 * else what its name says (`.pol`, `.reg`, `.json`), so that a damaged `Registry.pol` gets the
 * PReg reader's precise error, else what the bytes look like.
 */
export function detectFileFormat(bytes: Uint8Array, path?: string): FormatName | undefined {
  const sniffed = detectFormat(bytes);
  const named = path ? formatFromPath(path) ?? (/\.policyrules$/i.test(path) ? 'policyrules' : undefined) : undefined;
  if (sniffed === 'pol' || sniffed === 'lgpo' || sniffed === 'policyrules' || (sniffed === 'json' && bytes[0] === 0x7b)) return sniffed;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'reg';
  return named ?? sniffed;
}

/**
 * The format the bytes look like: `pol` for the PReg signature, `policyrules` for a `<PolicyRules>`
 * XML document, `json` for text starting with `{`,
 * `reg` for anything else that looks like text (a BOM, or a printable first byte); `undefined`
 * for an empty or binary-looking input.
 */
export function detectFormat(bytes: Uint8Array): FormatName | undefined {
  if (bytes.length >= 4 && PREG.every((b, i) => bytes[i] === b)) return 'pol';
  if (bytes.length === 0) return undefined;
  if (isPolicyRules(bytes)) return 'policyrules';
  // LGPO.exe text: its first line that is no comment is Computer or User (any encoding LGPO writes).
  if (looksLikeLgpo(decodeLgpoBytes(bytes.subarray(0, 8192)))) return 'lgpo';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'reg';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    // A UTF-8 BOM: JSON if the text starts with `{`, else a .reg regedit will reject (the reader says so).
    return firstNonBlank(bytes, 3) === 0x7b ? 'json' : 'reg';
  }
  const first = firstNonBlank(bytes, 0);
  if (first === 0x7b) return 'json';
  if (first !== undefined && first >= 0x20) return 'reg';
  // UTF-16LE text without a BOM (regedit rejects it, the .reg reader explains why).
  if (bytes.length >= 2 && bytes[1] === 0 && bytes[0]! >= 0x20) return 'reg';
  return undefined;
}

function firstNonBlank(bytes: Uint8Array, from: number): number | undefined {
  for (let i = from; i < Math.min(bytes.length, from + 4096); i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return undefined;
}

/** The format an output path asks for by its extension (`.pol`, `.reg`, `.json`), if any. */
export function formatFromPath(path: string): Exclude<FormatName, 'policyrules'> | undefined {
  const m = /\.(pol|reg|json|lgpo)$/i.exec(path);
  return m ? (m[1]!.toLowerCase() as Exclude<FormatName, 'policyrules'>) : undefined;
}
