/**
 * Policy settings: what a user asks for (state and options), checked against the definition.
 * Settings are plain objects with friendly option names, e.g. for Offer Remote Assistance
 * `{ state: 'enabled', control: 'full', helpers: ['CONTOSO\\HelpDesk'] }`.
 */

import { GpregError, type Diagnostic } from '../errors.js';
import { foldName } from '../registry/keys.js';
import { labelKey } from '../text.js';
import type { EnumItem, OptionValue, PolicyDefinition, PolicyElement } from './types.js';

/** The three states a policy has in the Group Policy editor. */
export type PolicyState = 'enabled' | 'disabled' | 'notConfigured';

export type { OptionValue } from './types.js';

/** A checked setting: the state and, when enabled, one value per element (by option name). */
export interface PolicySetting {
  state: PolicyState;
  options: Map<string, OptionValue>;
}

/** An option's value for people: list items joined with `, ` (`(none)` when empty), others as text. */
export function renderOption(v: OptionValue): string {
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map((x) => (typeof x === 'string' ? x : `${x.name}=${x.value}`)).join(', ');
  return String(v);
}

/** The typed setting of Configure Offer Remote Assistance (`RA_Unsolicit`). */
export type OfferRemoteAssistanceSetting =
  | { state: 'enabled'; control: 'full' | 'view'; helpers: string[] }
  | { state: 'disabled' }
  | { state: 'notConfigured' };

/** The typed setting of Configure Solicited Remote Assistance (`RA_Solicit`). */
export type SolicitedRemoteAssistanceSetting =
  | { state: 'enabled'; control: 'full' | 'view'; expiry: number; units: 'minutes' | 'hours' | 'days'; method: 'mapi' | 'mailto' }
  | { state: 'disabled' }
  | { state: 'notConfigured' };

const STATES = new Map<string, PolicyState>([
  ['enabled', 'enabled'],
  ['disabled', 'disabled'],
  ['notconfigured', 'notConfigured'],
  ['not-configured', 'notConfigured'],
  ['not_configured', 'notConfigured'],
]);

/** Parses a state as written by people (`not-configured`, `notConfigured`, any case). */
export function parseState(text: unknown): PolicyState {
  const s = typeof text === 'string' ? STATES.get(text.toLowerCase()) : undefined;
  if (!s) throw new GpregError('POLICY_BAD_STATE', `state: expected enabled, disabled or not-configured, found ${JSON.stringify(text)}`, { field: 'state' });
  return s;
}

/** Characters Windows does not allow in user and group names (sAMAccountName), besides controls. */
const ACCOUNT_FORBIDDEN = /["/[\]:;|=,+*?<>\\]/;
/** The registry's limit for a value name, which a helper becomes. */
const MAX_VALUE_NAME = 16383;

/**
 * Checks one `Domain\Name` account: returns a warning for a name without a domain (local groups
 * such as `Administrators` occur), throws `POLICY_BAD_HELPER` for what Windows cannot hold.
 */
export function checkAccount(item: string, field: string): Diagnostic | undefined {
  const bad = (why: string) => new GpregError('POLICY_BAD_HELPER', `${field}: ${JSON.stringify(item)} ${why}`, { field });
  if (item.trim() === '') throw bad('is empty');
  if (item.length > MAX_VALUE_NAME) throw bad(`is ${item.length} characters long; a helper becomes a value name, at most ${MAX_VALUE_NAME}`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(item)) throw bad('holds a control character');
  const parts = item.split('\\');
  if (parts.length > 2) throw bad('has more than one backslash: write <Domain>\\<User> or <Domain>\\<Group>');
  const [domain, name] = parts.length === 2 ? parts : [undefined, parts[0]!];
  if (domain !== undefined && (domain.trim() === '' || ACCOUNT_FORBIDDEN.test(domain))) throw bad(`has a domain part Windows does not allow (empty, or one of " / [ ] : ; | = , + * ? < >)`);
  if (name!.trim() === '' || ACCOUNT_FORBIDDEN.test(name!)) throw bad('has a name Windows does not allow in accounts (empty, or one of " / \\ [ ] : ; | = , + * ? < >)');
  if (name!.endsWith('.')) throw bad('ends with a period, which account names cannot');
  if (domain === undefined) {
    return { severity: 'warning', code: 'POLICY_HELPER_NO_DOMAIN', message: `${field}: ${JSON.stringify(item)} has no domain part: it names a local account or group (write <Domain>\\<Name> for a domain one)` };
  }
  return undefined;
}

function enumItem(el: Extract<PolicyElement, { type: 'enum' }>, v: unknown, field: string): EnumItem {
  const want = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
  // An item by its id (`full`, an ADML string id) or by what the editor's dropdown shows.
  const item = want === undefined ? undefined : (el.items.find((i) => i.id.toLowerCase() === want) ?? el.items.find((i) => i.label.trim().toLowerCase() === want));
  if (!item) throw new GpregError('POLICY_BAD_ENUM', `${field}: expected one of ${el.items.map((i) => (i.label && i.label !== i.id ? `${i.id} ("${i.label}")` : i.id)).join(', ')}, found ${JSON.stringify(v)}`, { field });
  return item;
}

/** Checks one option value against its element; returns the normalized value. */
function checkOption(el: PolicyElement, v: unknown, diagnostics: Diagnostic[]): OptionValue {
  if (el.type === 'list' && el.explicitValue && Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    // name=value texts, as the CLI's --option gives them.
    v = v.map((x: string) => {
      const eq = x.indexOf('=');
      return eq < 0 ? { name: x, value: '' } : { name: x.slice(0, eq), value: x.slice(eq + 1) };
    });
  }
  const field = el.option;
  const bad = (what: string) => new GpregError('POLICY_BAD_OPTION', `${field}: ${what}, found ${JSON.stringify(v)}`, { field });
  switch (el.type) {
    case 'enum':
      return enumItem(el, v, field).id;
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw bad('expected true or false');
    case 'decimal': {
      const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw bad('expected a whole number');
      if ((el.minValue !== undefined && n < el.minValue) || (el.maxValue !== undefined && n > el.maxValue)) {
        throw new GpregError('POLICY_OUT_OF_RANGE', `${field}: expected ${el.minValue ?? 0} to ${el.maxValue ?? 4294967295}, found ${n}`, { field });
      }
      return n;
    }
    case 'longDecimal': {
      let n: bigint;
      try {
        n = BigInt(v as string | number | bigint);
      } catch {
        throw bad('expected a whole number');
      }
      if (n < 0n || n > 0xffffffffffffffffn || (el.minValue !== undefined && n < el.minValue) || (el.maxValue !== undefined && n > el.maxValue)) {
        throw new GpregError('POLICY_OUT_OF_RANGE', `${field}: ${n} is out of range`, { field });
      }
      return n;
    }
    case 'text':
      if (typeof v !== 'string' || v.includes('\0')) throw bad('expected text');
      if (el.maxLength !== undefined && v.length > el.maxLength) throw new GpregError('POLICY_OUT_OF_RANGE', `${field}: at most ${el.maxLength} characters, found ${v.length}`, { field });
      return v;
    case 'multiText': {
      const list = v;
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string' && s !== '' && !s.includes('\0'))) throw bad('expected a list of non-empty texts');
      if (el.maxStrings !== undefined && el.maxStrings > 0 && list.length > el.maxStrings) throw new GpregError('POLICY_OUT_OF_RANGE', `${field}: at most ${el.maxStrings} strings, found ${list.length}`, { field });
      const long = el.maxLength !== undefined ? list.find((s: string) => s.length > el.maxLength!) : undefined;
      if (long !== undefined) throw new GpregError('POLICY_OUT_OF_RANGE', `${field}: each string at most ${el.maxLength} characters, found ${long.length}`, { field });
      return [...list];
    }
    case 'list': {
      if (el.explicitValue) {
        if (!Array.isArray(v) || !v.every((p) => typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.value === 'string')) throw bad('expected a list of {name, value}');
        return v.map((p: { name: string; value: string }) => ({ name: p.name, value: p.value }));
      }
      if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw bad('expected a list of texts');
      const seen = new Map<string, number>();
      v.forEach((item: string, i: number) => {
        const f = `${field}[${i}]`;
        if (el.itemFormat === 'account') {
          const d = checkAccount(item, f);
          if (d) diagnostics.push(d);
        } else if (item === '' || item.includes('\0')) {
          throw new GpregError('POLICY_BAD_OPTION', `${f}: an item may be neither empty nor hold a NUL`, { field: f });
        }
        const key = foldName(item);
        const first = seen.get(key);
        // Without a valuePrefix the item is the value name: two that fold alike would be one value.
        if (first !== undefined && el.valuePrefix === undefined) {
          throw new GpregError('POLICY_DUPLICATE_HELPER', `${f}: ${JSON.stringify(item)} repeats ${field}[${first}] (names compare without case)`, { field: f });
        }
        seen.set(key, i);
      });
      return [...v];
    }
  }
}

/**
 * The element an option name refers to: the option name, the ADMX element id, or the label the
 * editor shows next to it (trailing `:` and blanks ignored), any case.
 */
export function findElement(def: PolicyDefinition, name: string): PolicyElement | undefined {
  const want = name.trim().toLowerCase();
  const label = labelKey;
  return (
    def.elements.find((e) => e.option.toLowerCase() === want) ??
    def.elements.find((e) => e.id.toLowerCase() === want) ??
    def.elements.find((e) => label(e.label) === label(name))
  );
}

/**
 * Checks a setting (a plain object: `state` plus option names) against a definition. Throws a
 * {@link GpregError} naming the field (`POLICY_BAD_STATE`, `POLICY_UNKNOWN_OPTION`,
 * `POLICY_BAD_ENUM`, `POLICY_BAD_HELPER`, `POLICY_DUPLICATE_HELPER`, `POLICY_OUT_OF_RANGE`,
 * `POLICY_MISSING_OPTION`, `POLICY_OPTION_NOT_ALLOWED`); returns warnings such as
 * `POLICY_HELPER_NO_DOMAIN`, and fills an enum left out with the editor's default (info).
 */
export function checkSetting(def: PolicyDefinition, input: unknown, opts: { exact?: boolean } = {}): { setting: PolicySetting; diagnostics: Diagnostic[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new GpregError('POLICY_BAD_SETTING', 'a setting is an object such as {"state": "enabled", …}');
  }
  const obj = input as Record<string, unknown>;
  const state = parseState(obj['state']);
  const diagnostics: Diagnostic[] = [];
  const exact = opts.exact ?? false;
  const options = new Map<string, OptionValue>();
  for (const name of Object.keys(obj)) {
    if (name === 'state') continue;
    const el = findElement(def, name);
    if (!el) {
      throw new GpregError('POLICY_UNKNOWN_OPTION', `${name}: ${def.name} has no such option; it has ${def.elements.map((e) => e.option).join(', ') || 'none'}`, { field: name });
    }
    if (state !== 'enabled') {
      throw new GpregError('POLICY_OPTION_NOT_ALLOWED', `${name}: options apply only to the enabled state, not ${state}`, { field: name });
    }
    options.set(el.option, checkOption(el, obj[name], diagnostics));
  }
  if (state === 'enabled' && !exact) {
    for (const el of def.elements) {
      if (options.has(el.option)) continue;
      if (el.default !== undefined) {
        options.set(el.option, el.default);
        if (el.type === 'enum') diagnostics.push({ severity: 'info', code: 'POLICY_DEFAULT_OPTION', message: `${el.option} not given: the editor's default, ${el.default}` });
      } else if (el.type === 'list' || el.type === 'multiText') {
        options.set(el.option, []);
      } else if (el.required) {
        throw new GpregError('POLICY_MISSING_OPTION', `${el.option}: ${def.name} needs it when enabled (${el.label}), and the template gives no default`, { field: el.option });
      } else if (el.type === 'text') {
        options.set(el.option, ''); // the editor writes an empty text box as an empty string
      } else if (el.type === 'boolean') {
        options.set(el.option, false);
      } else {
        diagnostics.push({ severity: 'info', code: 'POLICY_OPTION_OMITTED', message: `${el.option} not given and the template has no default: its value is not written` });
      }
    }
  }
  return { setting: { state, options }, diagnostics };
}
