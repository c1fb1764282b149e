/**
 * ADMX-like policy definitions. A policy is data: its key, value, enabled/disabled values and
 * elements, as the ADMX file says. The engine (build, read) is the same for every policy.
 */


import type { ErrorCode } from '../errors.js';
/** Where a policy applies: Computer (HKLM), User (HKCU), or both. */
export type PolicyClass = 'Machine' | 'User' | 'Both';

/** A value an ADMX writes: a DWORD (`decimal`), a QWORD (`longDecimal`), a string, or a deletion. */
export type AdmxValue =
  | { kind: 'decimal'; value: number }
  | { kind: 'longDecimal'; value: bigint }
  | { kind: 'string'; value: string }
  | { kind: 'delete' };

/** One entry of an `enabledList`/`disabledList`/`valueList`: a value written under a key. */
export interface AdmxListItem {
  /** Key below the hive; the policy's key when absent. */
  key?: string;
  valueName: string;
  value: AdmxValue;
}

interface ElementBase {
  /** The ADMX element id (`RA_Unsolicit_Control_List`). */
  id: string;
  /** The friendly option name used by settings, the CLI and JSON (`control`). */
  option: string;
  /** What the editor shows next to it. */
  label: string;
  /** Key below the hive; the policy's key when absent. */
  key?: string;
  /** Must be given when the policy is enabled. */
  required?: boolean;
  /** Written as `**soft.` (set only if absent). */
  soft?: boolean;
  /**
   * What the Group Policy editor pre-fills when the user gives nothing (from the ADML
   * presentation: `defaultChecked`, `defaultValue`, a dropdown's `defaultItem` as the item's id).
   */
  default?: OptionValue;
}

/** An option's value: an enum item id, a number, text, a list, or name/value pairs. */
export type OptionValue = string | number | bigint | boolean | string[] | Array<{ name: string; value: string }>;

/** An `<enum>` item. `id` is the option value a setting uses (`full`, or the ADML string id). */
export interface EnumItem {
  id: string;
  label: string;
  value: AdmxValue;
  valueList?: AdmxListItem[];
  /** A finding to report when a file chooses this item (e.g. full control granted). */
  finding?: { severity: 'warning' | 'info'; code: ErrorCode; message: string };
}

/** An element of a policy, as in ADMX `<elements>`. */
export type PolicyElement =
  | (ElementBase & { type: 'boolean'; valueName: string; trueValue?: AdmxValue; falseValue?: AdmxValue; trueList?: AdmxListItem[]; falseList?: AdmxListItem[] })
  | (ElementBase & { type: 'decimal'; valueName: string; minValue?: number; maxValue?: number; storeAsText?: boolean })
  | (ElementBase & { type: 'longDecimal'; valueName: string; minValue?: bigint; maxValue?: bigint; storeAsText?: boolean })
  | (ElementBase & { type: 'text'; valueName: string; maxLength?: number; expandable?: boolean })
  | (ElementBase & { type: 'multiText'; valueName: string; maxLength?: number; maxStrings?: number })
  | (ElementBase & { type: 'enum'; valueName: string; items: EnumItem[] })
  | (ElementBase & {
      type: 'list';
      /** Required for a list: the key its values live in. */
      key: string;
      /** Absent: each item's name is its data. '' → names 1, 2, …; 'P' → P1, P2, …. */
      valuePrefix?: string;
      /** Items are name/value pairs given by the user. */
      explicitValue?: boolean;
      /** Keep values already in the key (no `**delvals.` first). */
      additive?: boolean;
      /** Items are REG_EXPAND_SZ. */
      expandable?: boolean;
      /** How an item must look, for findings (`Domain\Name`). */
      itemFormat?: 'account';
      /** What an empty list means when the policy is enabled, reported as a warning. */
      emptyWarning?: string;
    });

/** The types of element. */
export type PolicyElementType = PolicyElement['type'];

/**
 * One control of the policy's dialog in the Group Policy editor (an ADML `<presentation>` child),
 * in the order the editor shows them. `refId` ties a control to the element of the same `id`.
 */
export type PresentationControl =
  | { control: 'text'; label: string }
  | { control: 'checkBox'; refId: string; label: string; defaultChecked?: boolean }
  | { control: 'dropdownList'; refId: string; label: string; defaultItem?: number; noSort?: boolean }
  | { control: 'decimalTextBox'; refId: string; label: string; defaultValue?: number; spin?: boolean; spinStep?: number }
  | { control: 'longDecimalTextBox'; refId: string; label: string; defaultValue?: bigint; spin?: boolean; spinStep?: number }
  | { control: 'textBox'; refId: string; label: string; defaultValue?: string }
  | { control: 'comboBox'; refId: string; label: string; defaultValue?: string; suggestions: string[]; noSort?: boolean }
  | { control: 'multiTextBox'; refId: string; label: string; defaultHeight?: number }
  | { control: 'listBox'; refId: string; label: string };

/** The kinds of presentation control. */
export type PresentationControlKind = PresentationControl['control'];

/** A policy definition. */
export interface PolicyDefinition {
  /** The ADMX policy name (`RA_Unsolicit`). */
  name: string;
  /** Friendly names the CLI accepts (`offer-remote-assistance`). */
  aliases: string[];
  /** The ADMX namespace. */
  namespace: string;
  displayName: string;
  /** The category path as GPMC prints it: display names from the root, joined by `/`. */
  category: string;
  /** The category's id (`namespace:name`) when a template gives it: its chain of names makes an ingested policy's MDM area. */
  categoryId?: string;
  class: PolicyClass;
  /** Key below the hive, with the case the ADMX writes. */
  key: string;
  /** The policy's own value; absent for policies made only of elements. */
  valueName?: string;
  enabledValue?: AdmxValue;
  disabledValue?: AdmxValue;
  enabledList?: AdmxListItem[];
  disabledList?: AdmxListItem[];
  elements: PolicyElement[];
  supportedOn: string;
  /** The explain text (ADML), when the definition comes from a template. */
  explainText?: string;
  /** The editor's dialog, when the template has a presentation. */
  presentation?: PresentationControl[];
  /** Where the definition comes from (`RemoteAssistance.admx`, line 120), or absent for the built-in catalog. */
  source?: { file: string; line: number };
  /**
   * The language of its texts (display name, category, explain, dialog labels): the ADML folder
   * they were read from (`de-DE`, or `en-US` where a file fell back to it). Absent for the built-in
   * catalog (English) and for a template without its ADML (string ids).
   */
  lang?: string;
  /** Things a user should know when enabling it, shown as info findings. */
  notes?: string[];
}

/** A policy's full name, `namespace:name` (`Microsoft.Policies.RemoteAssistance:RA_Unsolicit`). */
export function policyId(def: Pick<PolicyDefinition, 'namespace' | 'name'>): string {
  return `${def.namespace}:${def.name}`;
}
