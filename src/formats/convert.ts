/**
 * One format to another, in the library: `.pol`, `.reg` (5.00 or REGEDIT4) and gpreg's `.json`, in
 * every direction. What the target cannot say exactly is a diagnostic (and a `;` comment in a
 * `.reg`); nothing is dropped silently.
 */

import { GpregError, isStringTooLong, outputTooLarge, type Diagnostic } from '../errors.js';
import { splitKey, type HiveName } from '../registry/keys.js';
import type { RegOp } from '../registry/ops.js';
import type { FormatName } from './detect.js';
import { polDumpJson, regDumpJson } from './json.js';
import { loadBytes, type LoadedFile, type LoadOptions } from './load.js';
import { encodePol } from './pol/encode.js';
import { POL_VERSION } from './pol/document.js';
import { opsToPol, polToOps } from './pol/ops.js';
import { serializeReg } from './reg/serialize.js';
import { serializeLgpo } from './lgpo/lgpo.js';
import { regToOps } from './reg/ops.js';
import type { RegStatement } from './reg/parse.js';
import { jsonText } from './json-text.js';

/** Output formats: `reg` is regedit's 5.00 (UTF-16LE with BOM), `reg4` the ANSI REGEDIT4 form. */
export type ConvertTarget = 'pol' | 'json' | 'reg' | 'reg4' | 'lgpo';

/** Every output format {@link convert} writes. */
export const CONVERT_TARGETS: readonly ConvertTarget[] = ['pol', 'reg', 'reg4', 'json', 'lgpo'];

/** Options for {@link convert}: how to read the input (as {@link loadBytes}), and the target. */
export interface ConvertOptions extends LoadOptions {
  to: ConvertTarget;
  /**
   * The hive the output `.pol` is for (a `Machine` folder: HKLM, `User`: HKCU). Keys of another hive
   * are refused (`HIVE_MISMATCH`) rather than written where Windows would apply them wrongly.
   */
  outputHive?: HiveName;
  /** Refuse (`CONVERT_LOSSY`) rather than write a file that cannot say exactly what the input said. */
  failOnLossy?: boolean;
}

/** The converted bytes, the input's format, and every diagnostic of reading and converting. */
export interface Converted {
  bytes: Uint8Array;
  from: FormatName;
  diagnostics: Diagnostic[];
}

/** Keeps the ops of one hive, reporting how many were left out. */
function keepHive(ops: readonly RegOp[], hive: HiveName, diagnostics: Diagnostic[]): RegOp[] {
  const kept = ops.filter((o) => splitKey(o.key).hive === hive);
  const skipped = ops.length - kept.length;
  if (skipped > 0) {
    const first = ops.find((o) => splitKey(o.key).hive !== hive)!;
    diagnostics.push({ severity: 'warning', code: 'CONVERT_SKIPPED_HIVE', message: `${skipped} operation(s) outside ${hive} were left out (the first: ${first.op} ${first.key})` });
  }
  return kept;
}

/**
 * A `.pol` holds the keys of one hive, HKLM (a GPO's Machine side) or HKCU (User): keys of
 * HKEY_CLASSES_ROOT, HKEY_USERS or HKEY_CURRENT_CONFIG, or of the other side, are refused.
 */
function checkPolHive(ops: readonly RegOp[], keep: HiveName | undefined, outputHive: HiveName | undefined): void {
  for (const op of ops) {
    const hive = splitKey(op.key).hive;
    if (keep && hive !== keep) continue; // left out, and reported, by keepHive
    if (hive && hive !== 'HKEY_LOCAL_MACHINE' && hive !== 'HKEY_CURRENT_USER') {
      throw new GpregError('HIVE_MISMATCH', `${op.key}: a Registry.pol holds only HKEY_LOCAL_MACHINE (Machine) or HKEY_CURRENT_USER (User) keys; Group Policy never applies ${hive}`);
    }
    if (outputHive && hive && hive !== outputHive) {
      throw new GpregError('HIVE_MISMATCH', `${op.key}: the output is a ${outputHive === 'HKEY_LOCAL_MACHINE' ? 'Machine' : 'User'} Registry.pol (${outputHive}), but this key is in ${hive}; Windows would apply it to the wrong side`);
    }
  }
}

/**
 * A `.reg` gpreg wrote from a `.pol` says `**delvals.` as a `; gpreg:` comment, then `[-KEY]` and
 * `[KEY]` (the nearest a `.reg` can say). Converting such a file back to `.pol` turns that pair into
 * the `**delvals.` it stands for, so `.pol → .reg → .pol` gives the records back. Anything else is
 * read as regedit reads it.
 */
function restoreDelvals(loaded: LoadedFile): RegOp[] {
  const doc = loaded.reg!;
  const cleared = new Map<number, string>(); // the [-KEY] line after a marker → KEY
  for (const n of doc.gpregNotes ?? []) {
    const m = /^the \.pol clears the values of (.+) \(\*\*delvals\.\)/.exec(n.text);
    if (m) cleared.set(n.line + 1, m[1]!.toUpperCase());
  }
  if (cleared.size === 0) return loaded.ops;
  const st = doc.statements;
  const out: RegStatement[] = [];
  for (let i = 0; i < st.length; i++) {
    const s = st[i]!;
    const next = st[i + 1];
    const key = cleared.get(s.line);
    if (key && s.op.op === 'deleteKey' && s.op.key.toUpperCase() === key && next?.op.op === 'createKey' && next.op.key.toUpperCase() === key) {
      out.push({ line: s.line, op: { op: 'deleteAllValues', key: s.op.key } });
      i++; // the [KEY] that re-created it
      continue;
    }
    out.push(s);
  }
  return regToOps({ ...doc, statements: out });
}

/** The bytes of a loaded file in the target format, and the conversion's own diagnostics. */
export function convertLoaded(loaded: LoadedFile, to: ConvertTarget, hive?: HiveName): { bytes: Uint8Array; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
  switch (to) {
    case 'pol': {
      // A decoded .pol (or a dump with records) re-encodes losslessly; ops go through opsToPol.
      if (loaded.pol) {
        // A dump's version is written as it says; any other than 1 makes a file Windows skips and
        // gpreg itself refuses, so a JSON asking for one is refused here (a .pol read leniently
        // keeps its own version: that file said so already).
        if (loaded.format === 'json' && loaded.pol.version !== POL_VERSION) {
          throw new GpregError('POL_BAD_VERSION', `the JSON's "version" is ${loaded.pol.version}, but Windows reads only version ${POL_VERSION} Registry.pol files (and gpreg would refuse the file it wrote): set "version": 1, or leave it out; nothing is written`);
        }
        return { bytes: encodePol(loaded.pol), diagnostics };
      }
      const ops = hive ? keepHive(loaded.ops, hive, diagnostics) : loaded.ops;
      ops.forEach((op, i) => {
        // A .pol's key-creating record is an empty name with type 0 and no data: the same record.
        if (op.op === 'set' && op.name === '' && op.type === 0 && op.data.length === 0) {
          const at = loaded.positions[i];
          diagnostics.push({ severity: 'warning', code: 'POL_LOSSY_CREATE_KEY', message: `${op.key}: the default value set to REG_NONE with no data is, in a .pol, the record that only creates the key; it reads back as that`, ...(at?.line !== undefined ? { line: at.line } : {}) });
        }
      });
      return { bytes: encodePol(opsToPol(ops, hive ? { hive } : {})), diagnostics };
    }
    case 'json':
      try {
        if (loaded.reg) return { bytes: utf8(jsonText(regDumpJson(loaded.reg, loaded.ops))), diagnostics };
        const pol = loaded.pol ?? opsToPol(loaded.ops, { hive: loaded.hive });
        const ops = loaded.pol ? loaded.ops : polToOps(pol, { hive: loaded.hive }).ops;
        return { bytes: utf8(jsonText(polDumpJson(pol, loaded.hive, ops, loaded.diagnostics))), diagnostics };
      } catch (e) {
        throw isStringTooLong(e) ? outputTooLarge('JSON text', e) : e;
      }
    case 'lgpo':
      try {
        const r = serializeLgpo(loaded.ops, { positions: loaded.positions });
        return { bytes: r.bytes, diagnostics: [...diagnostics, ...r.diagnostics] };
      } catch (e) {
        throw isStringTooLong(e) ? outputTooLarge('LGPO text', e) : e;
      }
    case 'reg':
    case 'reg4': {
      const ops = hive && loaded.reg ? keepHive(loaded.ops, hive, diagnostics) : loaded.ops;
      const positions = ops === loaded.ops ? loaded.positions : undefined;
      const r = serializeReg(ops, { format: to === 'reg4' ? 'REGEDIT4' : '5.00', ...(positions ? { positions } : {}) });
      return { bytes: r.bytes, diagnostics: [...diagnostics, ...r.diagnostics] };
    }
  }
}

/**
 * Converts a file's bytes (any format gpreg reads, told from the bytes) to `options.to`. A `.pol`
 * read into `.reg` keeps the hive it was read with (`hive`, else from `path`, else HKLM); reading
 * a `.reg` or ops into `.pol` with `hive` keeps only that hive's keys (the rest is a
 * `CONVERT_SKIPPED_HIVE` warning). A `.reg` regedit would import nothing from is refused
 * (`REG_BAD_HEADER`). Throws the input format's errors.
 *
 * @example
 * const { bytes, diagnostics } = convert(fs.readFileSync('Registry.pol'), { to: 'reg', hive: 'HKEY_LOCAL_MACHINE' });
 */
export function convert(input: Uint8Array, options: ConvertOptions): Converted {
  if (!CONVERT_TARGETS.includes(options.to)) throw new GpregError('CONVERT_BAD_TARGET', `cannot convert to ${JSON.stringify(options.to)}: the targets are ${CONVERT_TARGETS.join(', ')}`);
  const loaded = loadBytes(input, options);
  if (loaded.reg && !loaded.reg.accepted) {
    const d = loaded.reg.diagnostics.find((x) => x.code === 'REG_BAD_HEADER')!;
    throw new GpregError('REG_BAD_HEADER', `${d.message}; fix the first line to convert it`, { line: 1 });
  }
  if (options.to === 'pol' && loaded.reg?.gpregNotes) loaded.ops = restoreDelvals(loaded);
  if (options.to === 'pol' && !loaded.pol) checkPolHive(loaded.ops, options.hive, options.outputHive);
  const out = convertLoaded(loaded, options.to, options.hive);
  // A rule file's security template and audit entries have no place in a registry file.
  const parts = loaded.rules?.rules.filter((r) => r.kind !== 'registry').length ?? 0;
  if (parts > 0) out.diagnostics.push({ severity: 'warning', code: 'CONVERT_SKIPPED_ENTRIES', message: `${parts} SecurityTemplate and AuditSubcategory entr${parts === 1 ? 'y is' : 'ies are'} no registry value${parts === 1 ? '' : 's'}: left out (show, diff, report and compare read them)` });
  const lossy = out.diagnostics.filter((d) => d.code.startsWith('REG_LOSSY_') || d.code === 'LGPO_LOSSY' || d.code === 'POL_LOSSY_CREATE_KEY' || d.code.startsWith('CONVERT_SKIPPED_'));
  if (options.failOnLossy && lossy.length > 0) {
    throw new GpregError('CONVERT_LOSSY', `the ${options.to} file cannot say exactly what the input says (${[...new Set(lossy.map((d) => d.code))].join(', ')}; the first: ${lossy[0]!.message}); nothing is written`, { diagnostics: lossy });
  }
  return { bytes: out.bytes, from: loaded.format, diagnostics: [...loaded.diagnostics, ...out.diagnostics] };
}
