/**
 * Parsed ADMX and ADML trees to policy definitions: strings and presentations resolved, `using`
 * prefixes, categories across namespaces, supportedOn. Pure: the files come in as trees, every
 * problem goes out as a diagnostic with its file, line and column, and a damaged file never stops
 * the others.
 */

import type { Diagnostic, ErrorCode, Severity } from '../errors.js';
import type { PolicyCategory } from '../policy/set.js';
import type { AdmxListItem, AdmxValue, EnumItem, OptionValue, PolicyClass, PolicyDefinition, PolicyElement, PresentationControl } from '../policy/types.js';
import { child, childrenNamed, type XmlElement } from './xml.js';
import { LINE_BREAK } from '../registry/keys.js';

/** A diagnostic about a template file. */
export interface AdmxDiagnostic extends Diagnostic {
  /** The file, as given to the loader. */
  file: string;
}

/**
 * The first registry name of a definition (a `key`, `valueName` or `valuePrefix`, its own or its
 * elements' and lists') that holds a line break or NUL, described; undefined when there is none.
 */
function lineBreakName(value: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if ((k === 'key' || k === 'valueName' || k === 'valuePrefix') && typeof v === 'string' && LINE_BREAK.test(v)) return `${k} ${JSON.stringify(v)}`;
    const inner = lineBreakName(v, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/** One `.admx` with its `.adml` (if found), already parsed. */
export interface TemplateInput {
  admxPath: string;
  admx: XmlElement;
  admlPath?: string;
  adml?: XmlElement;
  /** The language of the `.adml` (the folder it was read from, `de-DE`): its texts' language. */
  lang?: string;
}

/** What compiling a template set gives. */
export interface CompiledTemplates {
  policies: PolicyDefinition[];
  categories: Map<string, PolicyCategory>;
  /** supportedOn definitions by `namespace:name`, as display text. */
  supportedOn: Map<string, string>;
  diagnostics: AdmxDiagnostic[];
}

/** Attributes each ADMX/ADML element may carry; anything else is reported (`ADMX_UNKNOWN_ATTRIBUTE`). */
const KNOWN_ATTRIBUTES: Record<string, readonly string[]> = {
  policyDefinitions: ['revision', 'schemaVersion'],
  policyDefinitionResources: ['revision', 'schemaVersion'],
  target: ['prefix', 'namespace'],
  using: ['prefix', 'namespace'],
  supersededAdm: ['fileName'],
  resources: ['minRequiredRevision', 'fallbackCulture'],
  category: ['name', 'displayName', 'explainText'],
  parentCategory: ['ref'],
  supportedOn: ['ref'],
  definition: ['name', 'displayName'],
  product: ['name', 'displayName'],
  majorVersion: ['name', 'displayName', 'versionIndex'],
  minorVersion: ['name', 'displayName', 'versionIndex'],
  or: [],
  and: [],
  range: ['ref', 'minVersionIndex', 'maxVersionIndex'],
  reference: ['ref', 'minVersionIndex', 'maxVersionIndex'],
  policy: ['name', 'class', 'displayName', 'explainText', 'presentation', 'key', 'valueName', 'clientExtension'],
  enabledList: ['defaultKey'],
  disabledList: ['defaultKey'],
  valueList: ['defaultKey'],
  trueList: ['defaultKey'],
  falseList: ['defaultKey'],
  item: ['key', 'valueName', 'displayName'],
  decimal: ['id', 'key', 'valueName', 'required', 'minValue', 'maxValue', 'storeAsText', 'soft', 'clientExtension', 'value'],
  longDecimal: ['id', 'key', 'valueName', 'required', 'minValue', 'maxValue', 'storeAsText', 'soft', 'clientExtension', 'value'],
  boolean: ['id', 'key', 'valueName', 'required', 'clientExtension'],
  text: ['id', 'key', 'valueName', 'required', 'maxLength', 'expandable', 'soft', 'clientExtension'],
  multiText: ['id', 'key', 'valueName', 'required', 'maxLength', 'maxStrings', 'soft', 'clientExtension'],
  enum: ['id', 'key', 'valueName', 'required', 'clientExtension'],
  list: ['id', 'key', 'valuePrefix', 'additive', 'expandable', 'explicitValue', 'clientExtension'],
  string: ['id'],
  presentation: ['id'],
  checkBox: ['refId', 'defaultChecked'],
  dropdownList: ['refId', 'noSort', 'defaultItem'],
  decimalTextBox: ['refId', 'defaultValue', 'spinStep', 'spin'],
  longDecimalTextBox: ['refId', 'defaultValue', 'spinStep', 'spin'],
  textBox: ['refId'],
  comboBox: ['refId', 'noSort'],
  multiTextBox: ['refId', 'showAsDialog', 'defaultHeight'],
  listBox: ['refId', 'required'],
};
/** Each element's known attributes by lower-case name → the schema's spelling. */
const KNOWN_LOWER = new Map(Object.entries(KNOWN_ATTRIBUTES).map(([el, names]) => [el, new Map(names.map((n) => [n.toLowerCase(), n]))]));

const NO_MISSPELLINGS: ReadonlyMap<string, string> = new Map();
const MISSPELLINGS = new WeakMap<XmlElement, ReadonlyMap<string, string>>();

/** An element's known attributes written in another case: the schema's spelling → the file's. */
function misspelled(el: XmlElement): ReadonlyMap<string, string> {
  let m = MISSPELLINGS.get(el);
  if (!m) {
    const lower = KNOWN_LOWER.get(el.name);
    let found: Map<string, string> | undefined;
    if (lower) {
      for (const k of el.attrs.keys()) {
        const canonical = lower.get(k.toLowerCase());
        if (canonical !== undefined && canonical !== k) (found ??= new Map()).set(canonical, k);
      }
    }
    m = found ?? NO_MISSPELLINGS;
    MISSPELLINGS.set(el, m);
  }
  return m;
}

/** Attributes that say nothing about policies (XML namespaces, `xml:space`). */
const IGNORED_ATTRIBUTES = new Set(['xmlns', 'xsd', 'xsi', 'space', 'lang']);
const ELEMENT_TYPES = new Set(['boolean', 'decimal', 'longDecimal', 'text', 'multiText', 'enum', 'list']);

/** A position in a file (kept instead of the element, so a file's tree can be dropped once compiled). */
type Where = { line: number; column: number };
const where = (el: XmlElement): Where => ({ line: el.line, column: el.column });

/** Diagnostics and attribute access for one file. */
class FileContext {
  /** Target namespace; `undefined` when the file declares none. */
  namespace: string | undefined;
  /** prefix → namespace, the target's own prefix included. */
  readonly prefixes = new Map<string, string>();
  readonly strings = new Map<string, string>();
  readonly presentations = new Map<string, XmlElement>();
  /** `element@attribute` already reported as unknown in this file: once per file is enough. */
  private readonly unknownSeen = new Set<string>();

  constructor(
    readonly path: string,
    readonly admlPath: string | undefined,
    private readonly out: AdmxDiagnostic[],
    /** The language of the `.adml`'s texts, when one was read. */
    readonly lang?: string,
  ) {}

  report(severity: Severity, code: ErrorCode, message: string, at: Where | undefined, file = this.path): void {
    this.out.push({ severity, code, message, file, ...(at ? { line: at.line, column: at.column } : {}) });
  }

  /**
   * An attribute's value. Known attributes are also found in another case (real templates write
   * `maxvalue`, `defaultvalue`), with a warning, since the spelling is the template's mistake.
   */
  attr(el: XmlElement, name: string, file = this.path): string | undefined {
    const v = el.attrs.get(name);
    if (v !== undefined) return v;
    // Only an element with an attribute in another case (rare) pays for the search.
    const k = misspelled(el).get(name);
    if (k === undefined) return undefined;
    const val = el.attrs.get(k)!;
    this.report('warning', 'ADMX_ATTRIBUTE_CASE', `<${el.name}> attribute ${k}="${val}" is spelled ${name} in the schema; read as ${name}`, el, file);
    return val;
  }

  /** Reports the attributes the schema does not define for this element. */
  checkAttributes(el: XmlElement, file = this.path): void {
    const known = KNOWN_ATTRIBUTES[el.name];
    if (!known) return;
    for (const k of el.attrs.keys()) {
      if (known.includes(k) || IGNORED_ATTRIBUTES.has(k)) continue;
      if (KNOWN_LOWER.get(el.name)?.has(k.toLowerCase())) continue; // another case: reported by attr() when read
      const seen = `${file}\u0000${el.name}@${k}`;
      if (this.unknownSeen.has(seen)) continue;
      this.unknownSeen.add(seen);
      this.report('warning', 'ADMX_UNKNOWN_ATTRIBUTE', `<${el.name}> has an attribute the schema does not define: ${k}="${el.attrs.get(k)}" (ignored; reported once per file)`, el, file);
    }
  }

  /** Resolves `$(string.X)` (any other text is kept as it is). */
  resolveString(ref: string | undefined, at: Where): string | undefined {
    if (ref === undefined) return undefined;
    const m = /^\$\(string\.([^)]*)\)$/.exec(ref.trim());
    if (!m) return ref;
    const s = this.strings.get(m[1]!);
    if (s !== undefined) return s;
    if (this.admlPath) this.report('warning', 'ADMX_UNRESOLVED_STRING', `string ${m[1]} is not in ${this.admlPath}`, at);
    return m[1]!;
  }

  /** Drops what only this file's own compiling needs (its strings and presentations). */
  done(): void {
    this.strings.clear();
    this.presentations.clear();
  }

  /** `prefix:name` or `name` to `namespace:name`; undefined (reported) for an unknown prefix. */
  qualify(ref: string, at: Where): string | undefined {
    const i = ref.indexOf(':');
    if (i < 0) return this.namespace === undefined ? undefined : `${this.namespace}:${ref}`;
    const ns = this.prefixes.get(ref.slice(0, i));
    if (ns === undefined) {
      this.report('warning', 'ADMX_UNKNOWN_PREFIX', `reference ${ref}: the prefix ${ref.slice(0, i)} is not declared in <policyNamespaces>`, at);
      return undefined;
    }
    return `${ns}:${ref.slice(i + 1)}`;
  }
}

const isTrue = (v: string | undefined) => v !== undefined && /^(true|1)$/i.test(v.trim());

function parseUint(ctx: FileContext, el: XmlElement, name: string, max: bigint): bigint | undefined {
  const v = ctx.attr(el, name);
  if (v === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(v) || BigInt(v.trim()) > max) {
    ctx.report('warning', 'ADMX_BAD_NUMBER', `<${el.name}> ${name}="${v}" is not a whole number from 0 to ${max} (ignored)`, el);
    return undefined;
  }
  return BigInt(v.trim());
}
const parseU32 = (ctx: FileContext, el: XmlElement, name: string) => {
  const v = parseUint(ctx, el, name, 0xffffffffn);
  return v === undefined ? undefined : Number(v);
};

/** `<value>` (or `trueValue`, `enabledValue`, …): its one child `decimal`, `longDecimal`, `string` or `delete`. */
function readValue(ctx: FileContext, holder: XmlElement | undefined): AdmxValue | undefined {
  if (!holder) return undefined;
  const v = holder.children[0];
  if (!v) {
    ctx.report('warning', 'ADMX_BAD_VALUE', `<${holder.name}> holds no value (ignored)`, holder);
    return undefined;
  }
  ctx.checkAttributes(v);
  switch (v.name) {
    case 'decimal': {
      const n = parseU32(ctx, v, 'value');
      return n === undefined ? undefined : { kind: 'decimal', value: n };
    }
    case 'longDecimal': {
      const n = parseUint(ctx, v, 'value', 0xffffffffffffffffn);
      return n === undefined ? undefined : { kind: 'longDecimal', value: n };
    }
    case 'string':
      return { kind: 'string', value: v.text };
    case 'delete':
      return { kind: 'delete' };
    default:
      ctx.report('warning', 'ADMX_BAD_VALUE', `<${holder.name}> holds <${v.name}>, not decimal, longDecimal, string or delete (ignored)`, v);
      return undefined;
  }
}

/** `enabledList`, `valueList`, …: items under `defaultKey` (else the element's or policy's key). */
function readList(ctx: FileContext, list: XmlElement | undefined, fallbackKey: string): AdmxListItem[] | undefined {
  if (!list) return undefined;
  ctx.checkAttributes(list);
  const defaultKey = ctx.attr(list, 'defaultKey') ?? fallbackKey;
  const out: AdmxListItem[] = [];
  for (const it of childrenNamed(list, 'item')) {
    ctx.checkAttributes(it);
    const valueName = ctx.attr(it, 'valueName');
    const value = readValue(ctx, child(it, 'value'));
    if (valueName === undefined || !value) {
      if (valueName === undefined) ctx.report('warning', 'ADMX_BAD_ELEMENT', `<${list.name}> item without valueName (ignored)`, it);
      continue;
    }
    out.push({ key: ctx.attr(it, 'key') ?? defaultKey, valueName, value });
  }
  return out;
}

/** An ADML presentation control, with its label and defaults. */
function readControl(ctx: FileContext, c: XmlElement): PresentationControl | undefined {
  const file = ctx.admlPath;
  ctx.checkAttributes(c, file);
  const refId = c.attrs.get('refId') ?? '';
  const labelOf = (el: XmlElement) => (child(el, 'label')?.text ?? el.text).trim();
  const spin = c.attrs.get('spin');
  switch (c.name) {
    case 'text':
      return { control: 'text', label: c.text.trim() };
    case 'checkBox':
      return { control: 'checkBox', refId, label: c.text.trim(), defaultChecked: isTrue(ctx.attr(c, 'defaultChecked', file)) };
    case 'dropdownList': {
      const d = ctx.attr(c, 'defaultItem', file);
      const noSort = ctx.attr(c, 'noSort', file);
      return { control: 'dropdownList', refId, label: c.text.trim(), ...(d !== undefined && /^\d+$/.test(d.trim()) ? { defaultItem: Number(d) } : {}), ...(noSort !== undefined ? { noSort: isTrue(noSort) } : {}) };
    }
    case 'decimalTextBox': {
      const d = ctx.attr(c, 'defaultValue', file);
      return { control: 'decimalTextBox', refId, label: c.text.trim(), ...(d !== undefined && /^\d+$/.test(d.trim()) ? { defaultValue: Number(d) } : {}), ...(spin !== undefined ? { spin: isTrue(spin) } : {}) };
    }
    case 'longDecimalTextBox': {
      const d = ctx.attr(c, 'defaultValue', file);
      return { control: 'longDecimalTextBox', refId, label: c.text.trim(), ...(d !== undefined && /^\d+$/.test(d.trim()) ? { defaultValue: BigInt(d.trim()) } : {}), ...(spin !== undefined ? { spin: isTrue(spin) } : {}) };
    }
    case 'textBox': {
      const d = child(c, 'defaultValue');
      return { control: 'textBox', refId, label: labelOf(c), ...(d ? { defaultValue: d.text } : {}) };
    }
    case 'comboBox': {
      const d = child(c, 'default');
      return { control: 'comboBox', refId, label: labelOf(c), ...(d ? { defaultValue: d.text } : {}), suggestions: childrenNamed(c, 'suggestion').map((s) => s.text) };
    }
    case 'multiTextBox':
      return { control: 'multiTextBox', refId, label: c.text.trim() };
    case 'listBox':
      return { control: 'listBox', refId, label: c.text.trim() };
    default:
      ctx.report('warning', 'ADMX_UNKNOWN_CONTROL', `presentation control <${c.name}> is not one the editor knows (ignored)`, c, file);
      return undefined;
  }
}

/** Element ids to option names: unique within the policy, as the ADMX id. */
function readElement(ctx: FileContext, e: XmlElement, policyKey: string, controls: Map<string, PresentationControl>): PolicyElement | undefined {
  ctx.checkAttributes(e);
  const id = ctx.attr(e, 'id');
  if (!id) {
    ctx.report('warning', 'ADMX_BAD_ELEMENT', `<${e.name}> without id (ignored)`, e);
    return undefined;
  }
  const key = ctx.attr(e, 'key');
  const control = controls.get(id);
  const base = {
    id,
    option: id,
    label: control?.label || id,
    ...(key !== undefined ? { key } : {}),
    ...(isTrue(ctx.attr(e, 'required')) ? { required: true } : {}),
    ...(isTrue(ctx.attr(e, 'soft')) ? { soft: true } : {}),
  };
  const ownKey = key ?? policyKey;
  const valueName = ctx.attr(e, 'valueName');
  if (e.name !== 'list' && valueName === undefined) {
    ctx.report('warning', 'ADMX_BAD_ELEMENT', `<${e.name} id="${id}"> has no valueName (ignored)`, e);
    return undefined;
  }
  const withDefault = <T extends object>(el: T, d: OptionValue | undefined): T => (d === undefined ? el : { ...el, default: d });
  switch (e.name) {
    case 'boolean': {
      const lists = (n: string) => readList(ctx, child(e, n), ownKey);
      const tv = readValue(ctx, child(e, 'trueValue'));
      const fv = readValue(ctx, child(e, 'falseValue'));
      const tl = lists('trueList');
      const fl = lists('falseList');
      const d = control?.control === 'checkBox' ? (control.defaultChecked ?? false) : undefined;
      return withDefault({ ...base, type: 'boolean' as const, valueName: valueName!, ...(tv ? { trueValue: tv } : {}), ...(fv ? { falseValue: fv } : {}), ...(tl ? { trueList: tl } : {}), ...(fl ? { falseList: fl } : {}) }, d);
    }
    case 'decimal': {
      const min = parseU32(ctx, e, 'minValue');
      const max = parseU32(ctx, e, 'maxValue');
      const d = control?.control === 'decimalTextBox' ? control.defaultValue : undefined;
      return withDefault({ ...base, type: 'decimal' as const, valueName: valueName!, ...(min !== undefined ? { minValue: min } : {}), ...(max !== undefined ? { maxValue: max } : {}), ...(isTrue(ctx.attr(e, 'storeAsText')) ? { storeAsText: true } : {}) }, d);
    }
    case 'longDecimal': {
      const min = parseUint(ctx, e, 'minValue', 0xffffffffffffffffn);
      const max = parseUint(ctx, e, 'maxValue', 0xffffffffffffffffn);
      const d = control?.control === 'longDecimalTextBox' ? control.defaultValue : control?.control === 'decimalTextBox' && control.defaultValue !== undefined ? BigInt(control.defaultValue) : undefined;
      return withDefault({ ...base, type: 'longDecimal' as const, valueName: valueName!, ...(min !== undefined ? { minValue: min } : {}), ...(max !== undefined ? { maxValue: max } : {}), ...(isTrue(ctx.attr(e, 'storeAsText')) ? { storeAsText: true } : {}) }, d);
    }
    case 'text': {
      const maxLength = parseU32(ctx, e, 'maxLength');
      const d = control?.control === 'textBox' || control?.control === 'comboBox' ? control.defaultValue : undefined;
      return withDefault({ ...base, type: 'text' as const, valueName: valueName!, ...(maxLength !== undefined ? { maxLength } : {}), ...(isTrue(ctx.attr(e, 'expandable')) ? { expandable: true } : {}) }, d);
    }
    case 'multiText': {
      const maxLength = parseU32(ctx, e, 'maxLength');
      const maxStrings = parseU32(ctx, e, 'maxStrings');
      return { ...base, type: 'multiText', valueName: valueName!, ...(maxLength !== undefined ? { maxLength } : {}), ...(maxStrings !== undefined ? { maxStrings } : {}) };
    }
    case 'enum': {
      const items: EnumItem[] = [];
      const seen = new Set<string>();
      for (const [i, it] of childrenNamed(e, 'item').entries()) {
        ctx.checkAttributes(it);
        const value = readValue(ctx, child(it, 'value'));
        if (!value) continue;
        const ref = /^\$\(string\.([^)]*)\)$/.exec((ctx.attr(it, 'displayName') ?? '').trim())?.[1];
        let itemId = ref ?? `item${i}`;
        if (seen.has(itemId.toLowerCase())) itemId = `${itemId}#${i}`;
        seen.add(itemId.toLowerCase());
        const valueList = readList(ctx, child(it, 'valueList'), ownKey);
        items.push({ id: itemId, label: ctx.resolveString(ctx.attr(it, 'displayName'), it) ?? itemId, value, ...(valueList ? { valueList } : {}) });
      }
      const di = control?.control === 'dropdownList' ? (control.defaultItem ?? 0) : 0;
      return withDefault({ ...base, type: 'enum' as const, valueName: valueName!, items }, items[di]?.id ?? items[0]?.id);
    }
    case 'list': {
      const prefix = ctx.attr(e, 'valuePrefix');
      return {
        ...base,
        type: 'list',
        key: ownKey,
        ...(prefix !== undefined ? { valuePrefix: prefix } : {}),
        ...(isTrue(ctx.attr(e, 'explicitValue')) ? { explicitValue: true } : {}),
        ...(isTrue(ctx.attr(e, 'additive')) ? { additive: true } : {}),
        ...(isTrue(ctx.attr(e, 'expandable')) ? { expandable: true } : {}),
      };
    }
  }
  return undefined;
}

const CLASSES = new Map<string, PolicyClass>([
  ['machine', 'Machine'],
  ['user', 'User'],
  ['both', 'Both'],
]);

interface PendingPolicy {
  def: PolicyDefinition;
  ctx: FileContext;
  el: Where;
  categoryRef?: string;
  supportedRef?: string;
}

/**
 * Compiles a template set one file at a time (so each file's tree can be dropped once added), then
 * resolves what crosses files. Namespaces are global (`using` refers to another file's target); a
 * file whose target namespace another file already declared adds to it, with a warning.
 */
export class TemplateCompiler {
  private readonly diagnostics: AdmxDiagnostic[] = [];
  private readonly categories = new Map<string, PolicyCategory>();
  private readonly categoryEls = new Map<string, { el: Where; ctx: FileContext; parentRef?: string }>();
  private readonly supportedOn = new Map<string, string>();
  private readonly namespaces = new Map<string, string>(); // namespace → first file
  private readonly pending: PendingPolicy[] = [];
  private readonly usings: Array<{ ctx: FileContext; el: Where; prefix: string; namespace: string }> = [];

  /** Adds one parsed `.admx` (with its `.adml`). */
  add(input: TemplateInput): void {
    const { diagnostics, categories, categoryEls, supportedOn, namespaces, pending, usings } = this;
    const ctx = new FileContext(input.admxPath, input.admlPath, diagnostics, input.adml ? input.lang : undefined);
    const root = input.admx;
    if (root.name !== 'policyDefinitions') {
      ctx.report('error', 'ADMX_NOT_A_TEMPLATE', `the root element is <${root.name}>, not <policyDefinitions>`, root);
      return;
    }
    ctx.checkAttributes(root);
    if (input.adml) readResources(ctx, input.adml);

    const ns = child(root, 'policyNamespaces');
    const target = ns && child(ns, 'target');
    if (!target) {
      ctx.report('error', 'ADMX_NO_NAMESPACE', 'no <policyNamespaces><target> (the file\'s policies are skipped)', ns ?? root);
      return;
    }
    ctx.checkAttributes(target);
    ctx.namespace = ctx.attr(target, 'namespace') ?? '';
    ctx.prefixes.set(ctx.attr(target, 'prefix') ?? '', ctx.namespace);
    const first = namespaces.get(ctx.namespace.toLowerCase());
    if (first !== undefined) {
      ctx.report('warning', 'ADMX_DUPLICATE_NAMESPACE', `namespace ${ctx.namespace} is also the target of ${first}: their definitions are merged`, target);
    } else namespaces.set(ctx.namespace.toLowerCase(), input.admxPath);
    for (const u of childrenNamed(ns, 'using')) {
      ctx.checkAttributes(u);
      const prefix = ctx.attr(u, 'prefix');
      const namespace = ctx.attr(u, 'namespace');
      if (prefix === undefined || namespace === undefined) continue;
      ctx.prefixes.set(prefix, namespace);
      usings.push({ ctx, el: where(u), prefix, namespace });
    }
    for (const r of childrenNamed(root, 'resources')) ctx.checkAttributes(r);

    const sup = child(root, 'supportedOn');
    const named = (el: XmlElement) => {
      ctx.checkAttributes(el);
      const name = ctx.attr(el, 'name');
      if (name) supportedOn.set(`${ctx.namespace}:${name}`, ctx.resolveString(ctx.attr(el, 'displayName'), el) ?? name);
    };
    const defs = sup && child(sup, 'definitions');
    for (const d of defs ? childrenNamed(defs, 'definition') : []) named(d);
    const products = sup && child(sup, 'products');
    for (const p of products ? childrenNamed(products, 'product') : []) {
      named(p);
      for (const mj of childrenNamed(p, 'majorVersion')) {
        named(mj);
        for (const mn of childrenNamed(mj, 'minorVersion')) named(mn);
      }
    }

    const cats = child(root, 'categories');
    for (const c of cats ? childrenNamed(cats, 'category') : []) {
      ctx.checkAttributes(c);
      const name = ctx.attr(c, 'name');
      if (!name) continue;
      const id = `${ctx.namespace}:${name}`;
      const parentRef = child(c, 'parentCategory')?.attrs.get('ref');
      const explain = ctx.resolveString(ctx.attr(c, 'explainText'), c);
      categories.set(id, { id, displayName: ctx.resolveString(ctx.attr(c, 'displayName'), c) ?? name, ...(explain ? { explainText: explain } : {}) });
      categoryEls.set(id, { el: where(c), ctx, ...(parentRef !== undefined ? { parentRef } : {}) });
    }

    const pols = child(root, 'policies');
    for (const p of pols ? childrenNamed(pols, 'policy') : []) {
      const pp = readPolicy(ctx, p);
      if (pp) pending.push(pp);
    }
    ctx.done();
  }

  /** Resolves categories, supportedOn and namespaces across the files added, and returns the set. */
  finish(): CompiledTemplates {
    const { diagnostics, categories, categoryEls, supportedOn, namespaces, pending, usings } = this;
    for (const u of usings) {
      if (!namespaces.has(u.namespace.toLowerCase())) {
        u.ctx.report('warning', 'ADMX_UNKNOWN_NAMESPACE', `namespace ${u.namespace} (prefix ${u.prefix}) is not the target of any loaded file: references to it stay unresolved`, u.el);
      }
    }
    // Parents, once every file's categories are known (they cross namespaces).
    for (const [id, { el, ctx, parentRef }] of categoryEls) {
      if (parentRef === undefined) continue;
      const parent = ctx.qualify(parentRef, el);
      if (parent && categories.has(parent)) categories.get(id)!.parent = parent;
      else if (parent) ctx.report('warning', 'ADMX_CATEGORY_NOT_FOUND', `category ${id}: parent category ${parentRef} is not defined by any loaded file`, el);
    }

    const paths = new Map<string, string>();
    const pathOf = (id: string): string => {
      const known = paths.get(id);
      if (known !== undefined) return known;
      const names: string[] = [];
      const seen = new Set<string>();
      for (let c = categories.get(id); c && !seen.has(c.id); c = c.parent ? categories.get(c.parent) : undefined) {
        seen.add(c.id);
        names.unshift(c.displayName);
      }
      const p = names.join('/');
      paths.set(id, p);
      return p;
    };

    const policies: PolicyDefinition[] = [];
    const ids = new Map<string, PolicyDefinition>();
    for (const { def, ctx, el, categoryRef, supportedRef } of pending) {
      if (categoryRef !== undefined) {
        const c = ctx.qualify(categoryRef, el);
        if (c && categories.has(c)) {
          def.category = pathOf(c);
          def.categoryId = c;
        }
        else if (c) ctx.report('warning', 'ADMX_CATEGORY_NOT_FOUND', `policy ${def.name}: category ${categoryRef} is not defined by any loaded file`, el);
      }
      if (supportedRef !== undefined) {
        const s = ctx.qualify(supportedRef, el);
        const text = s && supportedOn.get(s);
        if (text !== undefined && text !== '') def.supportedOn = text;
        else if (s) {
          def.supportedOn = supportedRef;
          ctx.report('warning', 'ADMX_SUPPORTED_ON_NOT_FOUND', `policy ${def.name}: supportedOn ${supportedRef} is not defined by any loaded file`, el);
        }
      }
      const broken = lineBreakName(def);
      if (broken) {
        ctx.report('error', 'ADMX_BAD_POLICY', `policy ${def.name}: ${broken} holds a line break or NUL, which no .reg or LGPO line can carry (written as is, the rest would be lines of their own) and no real template holds (ignored)`, el);
        continue;
      }
      const id = `${def.namespace}:${def.name}`.toLowerCase();
      const prior = ids.get(id);
      if (prior) {
        ctx.report('warning', 'ADMX_DUPLICATE_POLICY', `policy ${def.namespace}:${def.name} is already defined in ${prior.source?.file} (this one is ignored)`, el);
        continue;
      }
      ids.set(id, def);
      policies.push(def);
    }
    return { policies, categories, supportedOn, diagnostics };
  }
}

/** Compiles a whole template set at once (see {@link TemplateCompiler}). */
export function compileTemplates(inputs: readonly TemplateInput[]): CompiledTemplates {
  const c = new TemplateCompiler();
  for (const input of inputs) c.add(input);
  return c.finish();
}

function readResources(ctx: FileContext, adml: XmlElement): void {
  const file = ctx.admlPath;
  if (adml.name !== 'policyDefinitionResources') {
    ctx.report('error', 'ADMX_NOT_A_TEMPLATE', `the root element is <${adml.name}>, not <policyDefinitionResources>: its strings are not used`, adml, file);
    return;
  }
  const res = child(adml, 'resources');
  const table = res && child(res, 'stringTable');
  for (const s of table ? childrenNamed(table, 'string') : []) {
    const id = s.attrs.get('id');
    if (id !== undefined) ctx.strings.set(id, s.text);
  }
  const pres = res && child(res, 'presentationTable');
  for (const p of pres ? childrenNamed(pres, 'presentation') : []) {
    const id = p.attrs.get('id');
    if (id !== undefined) ctx.presentations.set(id, p);
  }
}

function readPolicy(ctx: FileContext, p: XmlElement): PendingPolicy | undefined {
  ctx.checkAttributes(p);
  const name = ctx.attr(p, 'name');
  const key = ctx.attr(p, 'key');
  if (!name || key === undefined) {
    ctx.report('warning', 'ADMX_BAD_POLICY', `<policy${name ? ` name="${name}"` : ''}> without ${name ? 'key' : 'name'} (ignored)`, p);
    return undefined;
  }
  const cls = CLASSES.get((ctx.attr(p, 'class') ?? '').toLowerCase());
  if (!cls) ctx.report('warning', 'ADMX_BAD_POLICY', `policy ${name}: class="${p.attrs.get('class') ?? ''}" is not Machine, User or Both (read as Both)`, p);

  const controls: PresentationControl[] = [];
  const presRef = ctx.attr(p, 'presentation');
  if (presRef !== undefined) {
    const m = /^\$\(presentation\.([^)]*)\)$/.exec(presRef.trim());
    const pres = m ? ctx.presentations.get(m[1]!) : undefined;
    if (pres) {
      for (const c of pres.children) {
        const control = readControl(ctx, c);
        if (control) controls.push(control);
      }
    } else if (ctx.admlPath) {
      ctx.report('warning', 'ADMX_UNRESOLVED_PRESENTATION', `policy ${name}: presentation ${presRef} is not in ${ctx.admlPath}`, p);
    }
  }
  const byRef = new Map<string, PresentationControl>();
  for (const c of controls) if ('refId' in c) byRef.set(c.refId, c);

  const elements: PolicyElement[] = [];
  const elementsEl = child(p, 'elements');
  for (const e of elementsEl?.children ?? []) {
    if (!ELEMENT_TYPES.has(e.name)) {
      ctx.report('warning', 'ADMX_BAD_ELEMENT', `policy ${name}: element <${e.name}> is not one the schema defines (ignored)`, e);
      continue;
    }
    const el = readElement(ctx, e, key, byRef);
    if (el) elements.push(el);
  }
  for (const c of controls) {
    if ('refId' in c && !elements.some((e) => e.id === c.refId)) {
      ctx.report('warning', 'ADMX_UNKNOWN_REFID', `policy ${name}: presentation control ${c.control} refId="${c.refId}" names no element`, p, ctx.admlPath);
    }
  }

  const valueName = ctx.attr(p, 'valueName');
  const enabledValue = readValue(ctx, child(p, 'enabledValue'));
  const disabledValue = readValue(ctx, child(p, 'disabledValue'));
  const enabledList = readList(ctx, child(p, 'enabledList'), key);
  const disabledList = readList(ctx, child(p, 'disabledList'), key);
  const explain = ctx.resolveString(ctx.attr(p, 'explainText'), p);
  const def: PolicyDefinition = {
    name,
    aliases: [],
    namespace: ctx.namespace!,
    displayName: ctx.resolveString(ctx.attr(p, 'displayName'), p) ?? name,
    category: '',
    class: cls ?? 'Both',
    key,
    ...(valueName !== undefined ? { valueName } : {}),
    ...(enabledValue ? { enabledValue } : {}),
    ...(disabledValue ? { disabledValue } : {}),
    ...(enabledList ? { enabledList } : {}),
    ...(disabledList ? { disabledList } : {}),
    elements,
    supportedOn: '',
    ...(explain !== undefined ? { explainText: explain } : {}),
    ...(controls.length > 0 ? { presentation: controls } : {}),
    source: { file: ctx.path, line: p.line },
    ...(ctx.lang ? { lang: ctx.lang } : {}),
  };
  const categoryRef = child(p, 'parentCategory')?.attrs.get('ref');
  const supportedRef = child(p, 'supportedOn')?.attrs.get('ref');
  return { def, ctx, el: where(p), ...(categoryRef !== undefined ? { categoryRef } : {}), ...(supportedRef !== undefined ? { supportedRef } : {}) };
}
