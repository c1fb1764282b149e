/**
 * One entry point from bytes of any supported format to the operations they stand for. Commands
 * that accept "a .pol, .reg or .json file" (dump, convert, diff, show) go through here.
 */

import { GpregError, type Diagnostic } from '../errors.js';
import { hiveFromPolPath, parseHive, splitKey, trimKeyPath, type HiveName } from '../registry/keys.js';
import { opToJson, type RegOp } from '../registry/ops.js';
import { detectFileFormat, type FormatName } from './detect.js';
import { parseGpregJson } from './json.js';
import { decodePol, type DecodePolOptions } from './pol/decode.js';
import type { PolDocument } from './pol/document.js';
import { polToOps } from './pol/ops.js';
import { parseReg, type RegDocument } from './reg/parse.js';
import { regToOpsWithLines } from './reg/ops.js';
import { parseLgpo } from './lgpo/lgpo.js';
import { parsePolicyRules, policyRulesOps, type PolicyRulesDocument } from './policyrules.js';
import type { Position } from '../errors.js';

/** Options for {@link loadBytes}. */
export interface LoadOptions extends DecodePolOptions {
  /** The file's path, used to infer the hive of a `.pol` from a `Machine`/`User` folder. */
  path?: string;
  /** The hive of a `.pol` (overrides the path). Default HKLM. */
  hive?: HiveName;
  /** The format, when it should not be sniffed from the bytes. */
  format?: FormatName;
  /** Code page for `.reg` files without the UTF-16LE BOM (default windows-1252; `utf-8` widens). */
  codePage?: string;
  /**
   * Throw at the first problem. Default per format: a `.pol` is strict (as Windows, which skips a
   * damaged file), a `.reg` is not (as regedit, which skips lines: each is a diagnostic).
   */
  strict?: boolean;
}

/** A file read into operations, with the lossless document when the format has one. */
export interface LoadedFile {
  format: FormatName;
  /** The hive a `.pol`'s keys were placed in. */
  hive: HiveName;
  ops: RegOp[];
  /** Where each operation comes from: a byte offset (`.pol`) or a line (`.reg`); `{}` for JSON ops. */
  positions: Position[];
  /** The decoded `.pol` (also for a JSON dump that carries records). */
  pol?: PolDocument;
  /** The parsed `.reg`. */
  reg?: RegDocument;
  /** The `.PolicyRules` file read: every entry, the security template and audit ones too (its `ops` are the registry ones). */
  rules?: PolicyRulesDocument;
  diagnostics: Diagnostic[];
}

/**
 * Keys as Windows opens them (trailing backslashes dropped, each said with KEY_TRAILING_BACKSLASH),
 * for input whose reader keeps keys as written (JSON ops, LGPO text), as the .reg and .pol readers do.
 */
function asOpened(ops: RegOp[], diagnostics: Diagnostic[]): RegOp[] {
  return ops.map((op) => {
    const { hive: h, path: p } = splitKey(op.key);
    const trimmed = trimKeyPath(p);
    if (trimmed === p || trimmed === '') return op;
    diagnostics.push({ severity: 'info', code: 'KEY_TRAILING_BACKSLASH', message: `key ${JSON.stringify(op.key)} ends with a backslash: Windows opens ${JSON.stringify(trimmed)}` });
    return { ...op, key: h ? `${h}\\${trimmed}` : trimmed };
  });
}

/** The hive for a `.pol`: the option, else a `Machine`/`User` folder in the path, else HKLM. */
export function polHive(options: { hive?: HiveName; path?: string }): HiveName {
  return options.hive ?? (options.path ? hiveFromPolPath(options.path) : undefined) ?? 'HKEY_LOCAL_MACHINE';
}

/**
 * Reads bytes of any format gpreg knows into operations. Throws {@link GpregError}
 * (`FORMAT_UNKNOWN` when the bytes are none of them, or the format's own codes).
 */
export function loadBytes(bytes: Uint8Array, options: LoadOptions = {}): LoadedFile {
  const format = options.format ?? detectFileFormat(bytes, options.path);
  let hive = polHive(options);
  switch (format) {
    case 'pol': {
      const pol = decodePol(bytes, options);
      const { ops, diagnostics } = polToOps(pol, { hive });
      return { format, hive, ops, positions: pol.records.map((r) => ({ offset: r.offset })), pol, diagnostics: [...pol.diagnostics, ...diagnostics] };
    }
    case 'json': {
      const parsed = parseGpregJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
      if (!options.hive && parsed.hive) hive = parseHive(parsed.hive);
      const pol = parsed.pol ? { ...parsed.pol, diagnostics: [] } : undefined;
      if (!pol) {
        const diagnostics: Diagnostic[] = [];
        const ops = asOpened(parsed.ops!, diagnostics);
        return { format, hive, ops, positions: ops.map(() => ({})), diagnostics };
      }
      // Records are the lossless form: when a dump holds both, its ops are derived from them, with
      // the same diagnostics a .pol gives (a `**bogus` record warns here too).
      const { ops, diagnostics } = polToOps(pol, { hive });
      if (parsed.ops) refuseEditedOps(parsed.ops, ops);
      return { format, hive, ops, positions: pol.records.map((r) => (r.offset >= 0 ? { offset: r.offset } : {})), pol, diagnostics };
    }
    case 'reg': {
      // Not strict by default, like regedit: every ignored line is a diagnostic.
      const reg = parseReg(bytes, { ...(options.codePage ? { codePage: options.codePage } : {}), strict: options.strict ?? false });
      const { ops, lines } = regToOpsWithLines(reg);
      return { format, hive, ops, positions: lines.map((line) => ({ line })), reg, diagnostics: reg.diagnostics };
    }
    case 'lgpo': {
      const doc = parseLgpo(bytes);
      return { format, hive, ops: asOpened(doc.ops, doc.diagnostics), positions: doc.positions, diagnostics: doc.diagnostics };
    }
    case 'policyrules': {
      // Both sides in one list: ComputerConfig under HKLM, UserConfig under HKCU.
      const rules = parsePolicyRules(bytes);
      const { ops, positions, diagnostics } = policyRulesOps(rules);
      return { format, hive, ops, positions, rules, diagnostics: [...rules.diagnostics, ...diagnostics] };
    }
    default:
      throw new GpregError('FORMAT_UNKNOWN', 'not a file gpreg reads: expected a Registry.pol (starts with "PReg"), a .reg, a gpreg .json, LGPO text or a .PolicyRules file', { offset: 0 });
  }
}

/**
 * A dump holds both `records` and the `ops` derived from them. Records win (they are the lossless
 * form), so `ops` edited by hand would be ignored: refuse instead, naming the first entry that
 * differs and how to say which one is meant.
 */
function refuseEditedOps(given: readonly RegOp[], derived: readonly RegOp[]): void {
  // Without the hive: --hive may place the records elsewhere than the dump's own "hive" did.
  const text = (o: RegOp) => JSON.stringify({ ...opToJson(o), key: splitKey(o.key).path });
  const a = given.map(text);
  const b = derived.map(text);
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) continue;
    throw new GpregError('JSON_OPS_EDITED', `ops[${i}] is not what "records" say (${a.length} ops given, the records make ${b.length}): "records" would win and the edit be lost. To use the edited ops, delete "records" (and "version"); to use the records, delete "ops"`);
  }
}
