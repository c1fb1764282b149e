/**
 * A set of policy definitions with the lookups people use: `namespace:name`, the bare name when
 * it is unique, and aliases. Template sets (from `loadPolicyDefinitions`) and the built-in catalog
 * are both PolicySets; the built-in definitions are overlaid on the template's definition of the
 * same `namespace:name` (aliases, friendly option names, findings, notes).
 */

import { GpregError, type Diagnostic } from '../errors.js';
import { policyId, type EnumItem, type PolicyDefinition, type PolicyElement } from './types.js';
import { suggestPolicies } from './suggest.js';

/** A category of a template set: display name and parent (`namespace:name`). */
export interface PolicyCategory {
  /** `namespace:name`. */
  id: string;
  displayName: string;
  parent?: string;
  explainText?: string;
}

/** A problem found while loading definitions, with the file it is in. */
export interface DefinitionDiagnostic extends Diagnostic {
  file?: string;
}

/** What a PolicySet carries besides its policies. */
export interface PolicySetInfo {
  categories?: Map<string, PolicyCategory>;
  diagnostics?: DefinitionDiagnostic[];
  /** The template files the set was loaded from. */
  files?: string[];
  /** Namespaces whose policy is named where two policies write the same records (`--prefer`). */
  prefer?: string[];
}

const fold = (s: string) => s.toLowerCase();

/** Definitions and their lookups. Immutable once built. */
export class PolicySet {
  readonly policies: readonly PolicyDefinition[];
  readonly categories: ReadonlyMap<string, PolicyCategory>;
  readonly diagnostics: readonly DefinitionDiagnostic[];
  readonly files: readonly string[];
  /**
   * Namespaces (any case) named first where two policies write exactly the same records; without
   * one, the policy of the template file loaded first is named, as GPMC names it (docs/admx.md).
   */
  readonly prefer: readonly string[];
  private readonly byId = new Map<string, PolicyDefinition>();
  private readonly byName = new Map<string, PolicyDefinition[]>();
  private readonly byAlias = new Map<string, PolicyDefinition>();

  constructor(policies: readonly PolicyDefinition[], info: PolicySetInfo = {}) {
    this.policies = policies;
    this.categories = info.categories ?? new Map();
    this.diagnostics = info.diagnostics ?? [];
    this.files = info.files ?? [];
    this.prefer = info.prefer ?? [];
    for (const p of policies) {
      this.byId.set(fold(policyId(p)), p);
      const same = this.byName.get(fold(p.name));
      if (same) same.push(p);
      else this.byName.set(fold(p.name), [p]);
      for (const a of p.aliases) this.byAlias.set(fold(a), p);
    }
  }

  /** A policy by `namespace:name`, unique bare name or alias (any case), or undefined. */
  get(id: string): PolicyDefinition | undefined {
    const k = fold(id);
    const byName = this.byName.get(k);
    return this.byId.get(k) ?? this.byAlias.get(k) ?? (byName?.length === 1 ? byName[0] : undefined);
  }

  /**
   * A policy by `namespace:name`, unique bare name or alias, any case. Throws `POLICY_UNKNOWN`
   * (with a did-you-mean from ids, display names and aliases) or `POLICY_AMBIGUOUS` (a bare name several namespaces define).
   */
  find(id: string): PolicyDefinition {
    const p = this.get(id);
    if (p) return p;
    const same = this.byName.get(fold(id));
    if (same && same.length > 1) {
      throw new GpregError('POLICY_AMBIGUOUS', `policy ${JSON.stringify(id)} is defined in ${same.length} namespaces: write one of ${same.map(policyId).join(', ')}`);
    }
    const near = suggestPolicies(id, this.policies);
    const hint = near.length
      ? `did you mean ${near.map((c) => `${policyId(c)} (${JSON.stringify(c.displayName)}${c.aliases.length ? `, alias ${c.aliases[0]}` : ''})`).join(', or ')}?`
      : this.policies.length <= 10
        ? `known are ${this.policies.map((c) => `${c.name}${c.aliases.length ? ` (${c.aliases.join(', ')})` : ''}`).join(', ')}`
        : `it is none of the ${this.policies.length} policies loaded`;
    throw new GpregError('POLICY_UNKNOWN', `unknown policy ${JSON.stringify(id)}: ${hint}`);
  }

  /**
   * This set with the overlays applied: each overlay's aliases, notes, option names and enum item
   * ids/findings go onto the definition of the same `namespace:name`, whose registry layout (the
   * template's) wins. An overlay with no such definition is added as it is, so its aliases keep
   * working with templates that lack it.
   */
  withOverlays(overlays: readonly PolicyDefinition[]): PolicySet {
    const out = [...this.policies];
    for (const o of overlays) {
      const i = out.findIndex((p) => fold(policyId(p)) === fold(policyId(o)));
      if (i < 0) out.push(o);
      else out[i] = applyOverlay(out[i]!, o);
    }
    return new PolicySet(out, { categories: new Map(this.categories), diagnostics: [...this.diagnostics], files: [...this.files], prefer: [...this.prefer] });
  }

  /**
   * This set naming the policies of `namespaces` where policies write the same records (see
   * {@link prefer}). Throws `POLICY_UNKNOWN` for a namespace no policy of the set has.
   */
  withPreference(namespaces: readonly string[]): PolicySet {
    const known = new Set(this.policies.map((p) => fold(p.namespace)));
    const missing = namespaces.filter((n) => !known.has(fold(n)));
    if (missing.length) throw new GpregError('POLICY_UNKNOWN', `--prefer ${missing.join(', ')}: no policy of the templates has that namespace (a policy's id is namespace:name, as \`gpreg policies\` lists them)`);
    return new PolicySet(this.policies, { categories: new Map(this.categories), diagnostics: [...this.diagnostics], files: [...this.files], prefer: [...namespaces] });
  }
}

const sameAdmxValue = (a: EnumItem['value'], b: EnumItem['value']) => a.kind === b.kind && ('value' in a ? String(a.value) === String((b as typeof a).value) : true);

/** The template's definition with the overlay's names and findings (see {@link PolicySet.withOverlays}). */
export function applyOverlay(def: PolicyDefinition, overlay: PolicyDefinition): PolicyDefinition {
  const elements = def.elements.map((el): PolicyElement => {
    const o = overlay.elements.find((x) => x.id === el.id);
    if (!o) return el;
    const named = { ...el, option: o.option };
    if (el.type === 'list' && o.type === 'list') {
      return { ...named, ...(o.itemFormat ? { itemFormat: o.itemFormat } : {}), ...(o.emptyWarning ? { emptyWarning: o.emptyWarning } : {}) } as PolicyElement;
    }
    if (el.type === 'enum' && o.type === 'enum') {
      const items = el.items.map((it) => {
        const oi = o.items.find((x) => sameAdmxValue(x.value, it.value));
        return oi ? { ...it, id: oi.id, ...(oi.finding ? { finding: oi.finding } : {}) } : it;
      });
      const d = el.default !== undefined ? items[el.items.findIndex((it) => it.id === el.default)]?.id : undefined;
      return { ...named, items, ...(d !== undefined ? { default: d } : {}) } as PolicyElement;
    }
    return named as PolicyElement;
  });
  // The definition's own properties as they are (a template cache reads explain texts only when
  // asked: a spread would read them all), with the overlay's names.
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(def)) as PolicyDefinition;
  out.aliases = [...new Set([...def.aliases, ...overlay.aliases])];
  out.elements = elements;
  if (overlay.notes) out.notes = overlay.notes;
  return out;
}
