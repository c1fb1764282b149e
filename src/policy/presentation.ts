/**
 * A policy's options as the Group Policy editor's dialog shows them: one entry per ADML control,
 * in order, with the value each control holds (the contract of `show --json`'s `presentation`).
 */

import type { OptionValue, PolicyDefinition, PresentationControlKind } from './types.js';
import { labelText } from '../text.js';
import { renderOption } from './setting.js';

/** One control with its value: what GPMC's report lists under a policy. */
export interface PresentedOption {
  control: PresentationControlKind;
  /** The element the control edits (absent for a `text` label). */
  refId?: string;
  label: string;
  /**
   * checkBox: boolean; dropdownList: the chosen item's display name; decimalTextBox and
   * longDecimalTextBox: a number (a decimal string past 2^53); textBox, comboBox: a string;
   * multiTextBox: an array of strings; listBox: an array of strings, or of `[name, data]` pairs for
   * an explicitValue list. `null` when the file holds no usable value for it. Absent for `text`.
   */
  value?: boolean | number | string | string[] | Array<[string, string]> | null;
}

const numberOf = (v: OptionValue | undefined): number | string | null => {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v);
  return null;
};

/**
 * The presentation of a policy with the options read or given (by option name). A definition
 * without a presentation (the built-in catalog) gets one control per element, labelled as the
 * element is.
 */
export function presentOptions(def: PolicyDefinition, options: ReadonlyMap<string, OptionValue>): PresentedOption[] {
  const byId = new Map(def.elements.map((e) => [e.id, e]));
  const controls =
    def.presentation ??
    def.elements.map((e) => ({
      control: (e.type === 'boolean' ? 'checkBox' : e.type === 'enum' ? 'dropdownList' : e.type === 'decimal' ? 'decimalTextBox' : e.type === 'longDecimal' ? 'longDecimalTextBox' : e.type === 'text' ? 'textBox' : e.type === 'multiText' ? 'multiTextBox' : 'listBox') as PresentationControlKind,
      refId: e.id,
      label: e.label,
    }));
  return controls.map((c): PresentedOption => {
    if (!('refId' in c) || c.control === 'text') return { control: 'text', label: c.label };
    const el = byId.get(c.refId);
    const v = el ? options.get(el.option) : undefined;
    let value: PresentedOption['value'] = null;
    switch (c.control) {
      case 'checkBox':
        value = typeof v === 'boolean' ? v : null;
        break;
      case 'dropdownList':
        value = el?.type === 'enum' && typeof v === 'string' ? (el.items.find((i) => i.id === v)?.label ?? null) : null;
        break;
      case 'decimalTextBox':
      case 'longDecimalTextBox':
        value = numberOf(v);
        break;
      case 'textBox':
      case 'comboBox':
        value = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null;
        break;
      case 'multiTextBox':
        value = Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : x.value)) : null;
        break;
      case 'listBox':
        value = Array.isArray(v) ? (v.every((x) => typeof x === 'string') ? (v as string[]) : (v as Array<{ name: string; value: string }>).map((x) => [x.name, x.value] as [string, string])) : null;
        break;
    }
    return { control: c.control, refId: c.refId, label: c.label, value };
  });
}

/**
 * A presented value's words for people, as GPMC's report writes them: a check box as Enabled or
 * Disabled, a list as its items (a pair as `name = data`). `null` (no usable value) and an empty
 * list are left to the caller to word.
 */
export function presentedWords(v: NonNullable<PresentedOption['value']>): string | string[] {
  if (typeof v === 'boolean') return v ? 'Enabled' : 'Disabled';
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? `${x[0]} = ${x[1]}` : x));
  return String(v);
}

/** A presented value in one line of words; undefined for no usable value. */
function wordsOf(v: PresentedOption['value']): string | undefined {
  if (v === null || v === undefined) return undefined;
  const w = presentedWords(v);
  return Array.isArray(w) ? (w.length ? w.join('; ') : '(none)') : w;
}

/**
 * One option (by option name) as the editor's dialog shows it: its label (without the trailing
 * colon) and its value in words (a dropdown's item text, Enabled/Disabled, list items); the option
 * name when no control shows it, and undefined words for no usable value.
 */
export function presentOption(def: PolicyDefinition, option: string, value: OptionValue | undefined): { label: string; words: string | undefined } {
  const el = def.elements.find((e) => e.option === option);
  const shown = el && value !== undefined ? presentOptions(def, new Map([[option, value]])).find((c) => c.refId === el.id) : undefined;
  const label = labelText(shown?.label || el?.label || '') || option;
  return { label, words: shown ? wordsOf(shown.value) : value === undefined ? undefined : renderOption(value) };
}

/** A policy's options in one line, as labels and words: `Permit remote control: Allow helpers to only view the computer; Helpers: CONTOSO\HelpDesk`. */
export function presentedSummary(def: PolicyDefinition, options: ReadonlyMap<string, OptionValue>): string {
  return presentOptions(def, options)
    .flatMap((c) => {
      if (c.control === 'text') return [];
      const w = wordsOf(c.value);
      return w === undefined ? [] : [`${labelText(c.label || c.refId || '')}: ${w}`];
    })
    .join('; ');
}
