/**
 * Group Policy Preferences registry items (`{Machine,User}/Preferences/Registry/Registry.xml`):
 * `<Registry>` items, maybe inside `<Collection>` folders, each with `<Properties action hive key
 * name type value default …/>`. Read through the XML loader (no DTD, no entity expansion), walked
 * without recursion (a file of 200,000 nested collections is a long list, not a deep stack).
 *
 * Each item is also a registry operation with its action's meaning, so a diff or a search by key
 * finds it: Update and Replace set the value (Replace of a key deletes and creates it again), Create
 * sets it only where it is absent, Delete deletes it (a key item: its tree). A disabled item (or one
 * in a disabled collection) does nothing; an item with item-level targeting applies only where its
 * filters match, which is said with it.
 */

import type { Diagnostic } from '../errors.js';
import { child, type XmlElement } from '../admx/xml.js';
import type { RegOp } from '../registry/ops.js';
import { parseRegType, RegType } from '../registry/types.js';
import { encodeDword, encodeMultiString, encodeQword, encodeString } from '../registry/values.js';

/** A preference item's action: Create, Replace, Update, Delete. */
export type PreferenceAction = 'Create' | 'Replace' | 'Update' | 'Delete';

/** One registry preference item. */
export interface RegistryPreference {
  action: PreferenceAction;
  hive: string;
  key: string;
  /** The value name; '' for the default value; undefined for an item about the key alone. */
  name?: string;
  type?: string;
  /** The value as the item writes it: a number for DWORD/QWORD, a list for MULTI_SZ, text otherwise. */
  value?: number | bigint | string | string[];
  disabled: boolean;
  /** The item has item-level targeting (`<Filters>`): it applies only where the filters match. */
  targeted: boolean;
  /** The collection folders it sits in, outermost first. */
  collections: string[];
  /** The item's name in the editor, its `uid` (GPMC gives every item one), and its line in the file. */
  label: string;
  uid?: string;
  line: number;
}

/** What a Registry.xml sets. */
export interface RegistryPreferences {
  items: RegistryPreference[];
  /** The operations of the enabled items, each with its item (`items[itemOf[i]]` for `ops[i]`). */
  ops: RegOp[];
  itemOf: number[];
  /** The `<Registry>` element of each item (`elements[i]` for `items[i]`), for an editor that rewrites one and keeps the rest. */
  elements: XmlElement[];
  diagnostics: Diagnostic[];
}

const ACTIONS = new Map<string, PreferenceAction>([
  ['C', 'Create'],
  ['R', 'Replace'],
  ['U', 'Update'],
  ['D', 'Delete'],
]);

const HIVES = new Set(['HKEY_LOCAL_MACHINE', 'HKEY_CURRENT_USER', 'HKEY_USERS', 'HKEY_CLASSES_ROOT', 'HKEY_CURRENT_CONFIG']);

/** Reads the registry items of a parsed Registry.xml. */
export function readRegistryPreferences(root: XmlElement): RegistryPreferences {
  const out: RegistryPreferences = { items: [], ops: [], itemOf: [], elements: [], diagnostics: [] };
  const problem = (el: XmlElement, code: Diagnostic['code'], message: string, severity: Diagnostic['severity'] = 'warning') => out.diagnostics.push({ severity, code, message, line: el.line, column: el.column });
  if (root.name !== 'RegistrySettings') {
    problem(root, 'PREF_BAD_ITEM', `the root element is <${root.name}>, not <RegistrySettings>: no item is read`, 'error');
    return out;
  }
  // Depth-first, in file order, with an explicit stack: [element, the collection it is in, disabled
  // above it]. Collections are a chain to the parent (a copied path per level would be quadratic in depth).
  const stack: Array<[XmlElement, Folder | undefined, boolean]> = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push([root.children[i]!, undefined, false]);
  while (stack.length > 0) {
    const [el, folder, off] = stack.pop()!;
    const disabled = off || el.attrs.get('disabled') === '1';
    if (el.name === 'Collection') {
      const inner: Folder = { name: el.attrs.get('name') ?? '', parent: folder };
      for (let i = el.children.length - 1; i >= 0; i--) stack.push([el.children[i]!, inner, disabled]);
      continue;
    }
    if (el.name !== 'Registry') {
      problem(el, 'PREF_UNKNOWN_ELEMENT', `<${el.name}> is not a registry item or collection: kept, not read`, 'info');
      continue;
    }
    const p = child(el, 'Properties');
    if (!p) {
      problem(el, 'PREF_BAD_ITEM', 'a <Registry> item without <Properties>: not read');
      continue;
    }
    const action = ACTIONS.get((p.attrs.get('action') ?? 'U').toUpperCase());
    const hive = (p.attrs.get('hive') ?? '').toUpperCase();
    const key = (p.attrs.get('key') ?? '').replace(/^\\+/, '');
    if (!action || !HIVES.has(hive)) {
      problem(p, 'PREF_BAD_ITEM', `action ${JSON.stringify(p.attrs.get('action') ?? '')} or hive ${JSON.stringify(p.attrs.get('hive') ?? '')} is not one a registry item has: not read`);
      continue;
    }
    const isDefault = p.attrs.get('default') === '1';
    const rawName = p.attrs.get('name') ?? '';
    const name = isDefault ? '' : rawName === '' ? undefined : rawName;
    const type = p.attrs.get('type');
    const item: RegistryPreference = { action, hive, key, ...(name !== undefined ? { name } : {}), ...(type ? { type } : {}), disabled, targeted: child(el, 'Filters') !== undefined && child(el, 'Filters')!.children.length > 0, collections: pathOf(folder), label: el.attrs.get('name') ?? '', ...(el.attrs.get('uid') ? { uid: el.attrs.get('uid')! } : {}), line: el.line };
    let data: { type: number; data: Uint8Array } | undefined;
    if (name !== undefined && action !== 'Delete') {
      const typed = itemData(p, type ?? 'REG_SZ');
      if ('error' in typed) {
        problem(p, 'PREF_BAD_VALUE', `${hive}\\${key} ${JSON.stringify(name)}: ${typed.error}; not read`);
        continue;
      }
      item.value = typed.value;
      data = typed;
    }
    const index = out.items.push(item) - 1;
    out.elements.push(el);
    if (disabled) continue;
    const full = key === '' ? hive : `${hive}\\${key}`;
    const ops: RegOp[] =
      name === undefined
        ? action === 'Delete'
          ? [{ op: 'deleteKey', key: full }]
          : action === 'Replace'
            ? [{ op: 'deleteKey', key: full }, { op: 'createKey', key: full }]
            : [{ op: 'createKey', key: full }]
        : action === 'Delete'
          ? [{ op: 'deleteValue', key: full, name }]
          : [{ op: 'set', key: full, name, type: data!.type, data: data!.data, ...(action === 'Create' ? { soft: true } : {}) }];
    for (const op of ops) {
      out.ops.push(op);
      out.itemOf.push(index);
    }
    if (item.targeted) problem(el, 'PREF_TARGETED', `${item.label || full}: applies only where its item-level targeting matches`, 'info');
  }
  return out;
}

/** A collection an item sits in, and the one that holds it. */
interface Folder {
  name: string;
  parent: Folder | undefined;
}

/** The collections from the outermost to `f`. */
function pathOf(f: Folder | undefined): string[] {
  const out: string[] = [];
  for (let at = f; at; at = at.parent) out.push(at.name);
  return out.reverse();
}

/** A value's data as a preference item writes it (`value`, or `<Values>` for a multi-string). */
function itemData(p: XmlElement, typeName: string): { type: number; data: Uint8Array; value: number | bigint | string | string[] } | { error: string } {
  const type = parseRegType(typeName);
  const text = p.attrs.get('value') ?? '';
  switch (type) {
    case RegType.REG_SZ:
    case RegType.REG_EXPAND_SZ:
      return { type, data: encodeString(text), value: text };
    case RegType.REG_DWORD: {
      // Written as 8 hex digits (displayDecimal only says how the editor shows it).
      if (!/^[0-9a-f]{1,8}$/i.test(text)) return { error: `REG_DWORD value ${JSON.stringify(text.slice(0, 40))} is not hex digits` };
      const n = parseInt(text, 16);
      return { type, data: encodeDword(n), value: n };
    }
    case RegType.REG_QWORD: {
      if (!/^[0-9a-f]{1,16}$/i.test(text)) return { error: `REG_QWORD value ${JSON.stringify(text.slice(0, 40))} is not hex digits` };
      const n = BigInt(`0x${text}`);
      return { type, data: encodeQword(n), value: n };
    }
    case RegType.REG_MULTI_SZ: {
      const values = child(p, 'Values');
      // The items are <Values><Value>…</Value></Values>; without them, the value text is one item.
      const items = values ? values.children.filter((c) => c.name === 'Value').map((c) => c.text) : text === '' ? [] : [text];
      if (items.some((i) => i === '' || i.includes('\0'))) return { error: 'a REG_MULTI_SZ item is empty or holds a NUL, which would end the list' };
      return { type, data: items.length ? encodeMultiString(items) : new Uint8Array(2), value: items };
    }
    case RegType.REG_BINARY: {
      if (!/^([0-9a-f]{2})*$/i.test(text)) return { error: `REG_BINARY value ${JSON.stringify(text.slice(0, 40))} is not hex bytes` };
      return { type, data: new Uint8Array(Buffer.from(text, 'hex')), value: text.toLowerCase() };
    }
    default:
      return { error: `type ${JSON.stringify(typeName.slice(0, 40))} is not one a registry item has` };
  }
}
