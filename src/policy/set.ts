/**
 * A set of policy definitions with the lookups people use: `namespace:name`, the bare name when
 * it is unique, and aliases. Template sets (from `loadPolicyDefinitions`) and the built-in catalog
 * are both PolicySets; the built-in definitions are overlaid on the template's definition of the
 * same `namespace:name` (aliases, friendly option names, findings, notes).
 */

import { GpregError, type Diagnostic } from '../errors.js';
import { policyId, type EnumItem, type PolicyDefinition, type PolicyElement } from './types.js';
import { suggestPolicies } from './suggest.js';
import { bothIndexes, MapIndex, type RegistryEntries, type ValueIndex } from './value-index.js';

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

/**
 * Definitions read one at a time, when first needed (a template cache): how many, their ids, where
 * their registry values are, and how to read one. `load(i)` gives a new object each call; the set
 * keeps the first.
 */
export interface DefinitionSource {
  readonly count: number;
  /** `[namespace, name, aliases?]` of each definition, in order. */
  readonly ids: ReadonlyArray<readonly [namespace: string, name: string, aliases?: readonly string[]]>;
  /** Where each definition's values are (places as in `load`), kept with them; read from the definitions when absent. */
  readonly index?: ValueIndex;
  load(i: number): PolicyDefinition;
}

const fold = (s: string) => s.toLowerCase();

/** A list of definitions as a source: each already read. */
function arraySource(policies: readonly PolicyDefinition[]): DefinitionSource {
  return { count: policies.length, ids: policies.map((p) => [p.namespace, p.name, p.aliases] as const), load: (i) => policies[i]! };
}

/**
 * Definitions and their lookups. Immutable once built. A set made from a {@link DefinitionSource}
 * reads a definition only when it is asked for (by id, by the value index, or all of them through
 * `policies`), so a command that reads a 25 KB file against 7,000 template policies reads the few
 * it touches.
 */
export class PolicySet {
  readonly categories: ReadonlyMap<string, PolicyCategory>;
  readonly diagnostics: readonly DefinitionDiagnostic[];
  readonly files: readonly string[];
  /**
   * Namespaces (any case) named first where two policies write exactly the same records; without
   * one, the policy of the template file loaded first is named, as GPMC names it (docs/admx.md).
   */
  readonly prefer: readonly string[];
  private readonly source: DefinitionSource;
  /** Overlays by folded `namespace:name` of a source definition, applied in order when it is read. */
  private readonly overlays: ReadonlyMap<string, readonly PolicyDefinition[]>;
  /** Definitions after the source's (overlays with no definition of their id). */
  private readonly extra: readonly PolicyDefinition[];
  private readonly read: Array<PolicyDefinition | undefined> = [];
  private all?: readonly PolicyDefinition[];
  private lookups?: { byId: Map<string, number>; byName: Map<string, number[]>; byAlias: Map<string, number> };
  private valueIndex?: ValueIndex;

  constructor(policies: readonly PolicyDefinition[] | DefinitionSource, info: PolicySetInfo & { overlays?: ReadonlyMap<string, readonly PolicyDefinition[]>; extra?: readonly PolicyDefinition[] } = {}) {
    this.source = Array.isArray(policies) ? arraySource(policies as readonly PolicyDefinition[]) : (policies as DefinitionSource);
    this.overlays = info.overlays ?? new Map();
    this.extra = info.extra ?? [];
    this.categories = info.categories ?? new Map();
    this.diagnostics = info.diagnostics ?? [];
    this.files = info.files ?? [];
    this.prefer = info.prefer ?? [];
  }

  /** How many definitions the set has (none is read to tell). */
  get size(): number {
    return this.source.count + this.extra.length;
  }

  /** Every definition, in order (each read, once). */
  get policies(): readonly PolicyDefinition[] {
    if (!this.all) this.all = Array.from({ length: this.size }, (_, i) => this.at(i));
    return this.all;
  }

  /** The definition at place `i` (read the first time, with its overlays). */
  at(i: number): PolicyDefinition {
    if (i >= this.source.count) return this.extra[i - this.source.count]!;
    let def = this.read[i];
    if (!def) {
      def = this.source.load(i);
      for (const o of this.overlays.get(fold(policyId(def))) ?? []) def = applyOverlay(def, o);
      this.read[i] = def;
    }
    return def;
  }

  /**
   * The reverse index (key, value) → places of the definitions owning it, built once: the source's
   * when it keeps one (no definition read), else from each definition by `entriesOf` (the policy
   * engine's `registryEntries`).
   */
  registryIndex(entriesOf: (def: PolicyDefinition) => RegistryEntries): ValueIndex {
    if (!this.valueIndex) {
      const built = new MapIndex();
      if (!this.source.index) for (let i = 0; i < this.source.count; i++) built.add(i, entriesOf(this.at(i)));
      this.extra.forEach((d, j) => built.add(this.source.count + j, entriesOf(d)));
      this.valueIndex = this.source.index ? (this.extra.length ? bothIndexes(this.source.index, built) : this.source.index) : built;
    }
    return this.valueIndex;
  }

  /** id, name and alias → place, from the ids (no definition read). */
  private lookup(): NonNullable<PolicySet['lookups']> {
    if (this.lookups) return this.lookups;
    const byId = new Map<string, number>();
    const byName = new Map<string, number[]>();
    const byAlias = new Map<string, number>();
    const add = (i: number, namespace: string, name: string, aliases: readonly string[] | undefined) => {
      byId.set(fold(`${namespace}:${name}`), i);
      const same = byName.get(fold(name));
      if (same) same.push(i);
      else byName.set(fold(name), [i]);
      for (const a of aliases ?? []) byAlias.set(fold(a), i);
    };
    this.source.ids.forEach(([namespace, name, aliases], i) => {
      add(i, namespace, name, aliases);
      for (const o of this.overlays.get(fold(`${namespace}:${name}`)) ?? []) for (const a of o.aliases) byAlias.set(fold(a), i);
    });
    this.extra.forEach((d, j) => add(this.source.count + j, d.namespace, d.name, d.aliases));
    return (this.lookups = { byId, byName, byAlias });
  }

  /** A policy by `namespace:name`, unique bare name or alias (any case), or undefined. */
  get(id: string): PolicyDefinition | undefined {
    const k = fold(id);
    const { byId, byAlias, byName } = this.lookup();
    const same = byName.get(k);
    const i = byId.get(k) ?? byAlias.get(k) ?? (same?.length === 1 ? same[0] : undefined);
    return i === undefined ? undefined : this.at(i);
  }

  /**
   * A policy by `namespace:name`, unique bare name or alias, any case. Throws `POLICY_UNKNOWN`
   * (with a did-you-mean from ids, display names and aliases) or `POLICY_AMBIGUOUS` (a bare name several namespaces define).
   */
  find(id: string): PolicyDefinition {
    const p = this.get(id);
    if (p) return p;
    const same = this.lookup().byName.get(fold(id));
    if (same && same.length > 1) {
      throw new GpregError('POLICY_AMBIGUOUS', `policy ${JSON.stringify(id)} is defined in ${same.length} namespaces: write one of ${same.map((i) => policyId(this.at(i))).join(', ')}`);
    }
    const near = suggestPolicies(id, this.policies);
    const hint = near.length
      ? `did you mean ${near.map((c) => `${policyId(c)} (${JSON.stringify(c.displayName)}${c.aliases.length ? `, alias ${c.aliases[0]}` : ''})`).join(', or ')}?`
      : this.size <= 10
        ? `known are ${this.policies.map((c) => `${c.name}${c.aliases.length ? ` (${c.aliases.join(', ')})` : ''}`).join(', ')}`
        : `it is none of the ${this.size} policies loaded`;
    throw new GpregError('POLICY_UNKNOWN', `unknown policy ${JSON.stringify(id)}: ${hint}`);
  }

  /** The place of a source definition by namespace and name (any case): the lookups when built, else a scan of the ids (a few overlays need no map of 7,000). */
  private sourcePlace(namespace: string, name: string): number | undefined {
    if (this.lookups) {
      const i = this.lookups.byId.get(fold(`${namespace}:${name}`));
      return i !== undefined && i < this.source.count ? i : undefined;
    }
    const [ns, n] = [fold(namespace), fold(name)];
    const ids = this.source.ids;
    for (let i = 0; i < ids.length; i++) if (ids[i]![1].length === n.length && fold(ids[i]![1]) === n && fold(ids[i]![0]) === ns) return i;
    return undefined;
  }

  /** What a set derived from this one keeps: the same definitions and overlays, categories, diagnostics, files and preference. */
  private derived(change: { overlays?: ReadonlyMap<string, readonly PolicyDefinition[]>; extra?: readonly PolicyDefinition[]; prefer?: string[] }): PolicySet {
    return new PolicySet(this.source, {
      overlays: change.overlays ?? this.overlays,
      extra: change.extra ?? this.extra,
      categories: new Map(this.categories),
      diagnostics: [...this.diagnostics],
      files: [...this.files],
      prefer: change.prefer ?? [...this.prefer],
    });
  }

  /**
   * This set with the overlays applied: each overlay's aliases, notes, option names and enum item
   * ids/findings go onto the definition of the same `namespace:name`, whose registry layout (the
   * template's) wins. An overlay with no such definition is added as it is, so its aliases keep
   * working with templates that lack it. Nothing is read: each definition gets its overlays when
   * it is.
   */
  withOverlays(overlays: readonly PolicyDefinition[]): PolicySet {
    const byId = new Map(this.overlays);
    const extra = [...this.extra];
    for (const o of overlays) {
      const k = fold(policyId(o));
      const i = this.sourcePlace(o.namespace, o.name);
      if (i !== undefined) byId.set(k, [...(byId.get(k) ?? []), o]);
      else {
        const j = extra.findIndex((p) => fold(policyId(p)) === k);
        if (j < 0) extra.push(o);
        else extra[j] = applyOverlay(extra[j]!, o);
      }
    }
    return this.derived({ overlays: byId, extra });
  }

  /**
   * This set naming the policies of `namespaces` where policies write the same records (see
   * {@link prefer}). Throws `POLICY_UNKNOWN` for a namespace no policy of the set has.
   */
  withPreference(namespaces: readonly string[]): PolicySet {
    const known = new Set([...this.source.ids.map(([namespace]) => fold(namespace)), ...this.extra.map((p) => fold(p.namespace))]);
    const missing = namespaces.filter((n) => !known.has(fold(n)));
    if (missing.length) throw new GpregError('POLICY_UNKNOWN', `--prefer ${missing.join(', ')}: no policy of the templates has that namespace (a policy's id is namespace:name, as \`gpreg policies\` lists them)`);
    return this.derived({ prefer: [...namespaces] });
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
