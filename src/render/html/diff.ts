/**
 * A diff as one HTML page: per side (for two GPOs) the policy changes first — added, removed,
 * changed, with each option's value before and after — then the registry changes key by key.
 */

import { bigintReplacer } from '../../formats/json-text.js';
import { AREA_LABELS, type PartChange } from '../../gpo/parts-diff.js';
import type { PolicyChange } from '../../diff/policy.js';
import { presentOptions } from '../../policy/presentation.js';
import type { PolicySet } from '../../policy/set.js';
import type { OptionValue, PolicyDefinition } from '../../policy/types.js';
import type { RegChange } from '../../diff/registry.js';
import { renderKeyFlags } from '../value.js';
import { renderDiagnostic } from '../diagnostic.js';
import type { ValueEffect } from '../../registry/effect.js';
import { renderRegType } from '../../registry/types.js';
import { badge, count, firstRows, html, inLang, MAX_ROWS, page, table, type Html } from './page.js';
import { stateBadge } from './settings.js';
import { typedData } from './values.js';

/** One pair of files compared (a GPO side, or the two files). */
export interface DiffSide {
  /** `Machine`/`User` for two GPOs. */
  label?: string;
  a: { file: string; format: string };
  b: { file: string; format: string };
  policies: readonly PolicyChange[];
  registry: readonly RegChange[];
  /** For two GPOs: changes in the side's other parts (security template, audit policy, preferences). */
  parts?: readonly PartChange[];
}

/** What {@link renderDiffHtml} shows. */
export interface DiffReportInput {
  /** The two inputs as named. */
  a: string;
  b: string;
  sides: DiffSide[];
  generator: string;
  templates: string;
  /** The definitions the policies were read with: options are then shown by their dialog label and values as the dialog shows them. */
  definitions?: PolicySet;
}

/** An option as the policy's dialog shows it: its label, and the value for people (an item's name, Enabled/Disabled). */
function presented(def: PolicyDefinition | undefined, option: string, v: OptionValue | undefined): { label: Html; value: Html } {
  const el = def?.elements.find((e) => e.option === option);
  if (!def || !el) return { label: html`${option}`, value: optionValue(v) };
  const control = presentOptions(def, new Map(v === undefined ? [] : [[option, v]])).find((c) => c.refId === el.id);
  const label = inLang(def.lang, (control?.label || el.label || option).trim());
  if (v === undefined || Array.isArray(v)) return { label, value: optionValue(v) };
  const shown = control?.value;
  // A dropdown's value is its item's text from the template, in the template's language.
  const text = (s: string) => (control?.control === 'dropdownList' ? inLang(def.lang, s) : html`${s}`);
  return { label, value: typeof shown === 'boolean' ? html`${shown ? 'Enabled' : 'Disabled'}` : shown === null || shown === undefined || Array.isArray(shown) ? optionValue(v) : text(String(shown)) };
}

function optionValue(v: OptionValue | undefined): Html {
  if (v === undefined) return html`<span class="muted">(not set)</span>`;
  if (Array.isArray(v)) return v.length ? html`<ul class="items">${v.map((x) => html`<li>${typeof x === 'string' ? x : `${x.name} = ${x.value}`}</li>`)}</ul>` : html`<span class="muted">(none)</span>`;
  return html`${typeof v === 'string' ? v : JSON.stringify(v, bigintReplacer)}`;
}

function policyKind(p: PolicyChange): 'added' | 'removed' | 'changed' {
  if (p.was === undefined || p.was === 'notConfigured') return p.now === undefined || p.now === 'notConfigured' ? 'changed' : 'added';
  return p.now === undefined || p.now === 'notConfigured' ? 'removed' : 'changed';
}
const KIND_WORDS = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

function policyRows(p: PolicyChange, def: PolicyDefinition | undefined): Html[] {
  const kind = policyKind(p);
  const was = p.was ?? 'notConfigured';
  const now = p.now ?? 'notConfigured';
  const options = p.options.map((o) => {
    const was = presented(def, o.option, o.was);
    if (o.added || o.removed) return [html`${was.label}`, html`${o.removed?.length ? html`<div class="removed">Removed:</div>${optionValue(o.removed)}` : ''}`, html`${o.added?.length ? html`<div class="added">Added:</div>${optionValue(o.added)}` : ''}`];
    return [html`${was.label}`, was.value, presented(def, o.option, o.now).value];
  });
  const findings = [...p.findingsRemoved.map((f) => html`<li><span class="removed">No longer:</span> ${renderDiagnostic(f)}</li>`), ...p.findingsAdded.map((f) => html`<li><span class="added">New:</span> ${renderDiagnostic(f)}</li>`)];
  return [
    html`${inLang(def?.lang, p.displayName)}<div class="muted mono">${p.id}</div>`,
    badge(KIND_WORDS[kind], kind),
    html`${was === now ? stateBadge(now) : html`${stateBadge(was)} → ${stateBadge(now)}`}`,
    html`${options.length ? table({ head: ['Option', 'Before', 'After'], rows: options, rowHeader: true, className: 'opts' }) : ''}${findings.length ? html`<ul class="items">${findings}</ul>` : ''}`,
  ];
}

function effectCell(v: ValueEffect | undefined): Html {
  if (!v) return html`<span class="muted">(nothing)</span>`;
  if (v.kind === 'deleted') return html`Deleted`;
  return html`<span class="mono">${renderRegType(v.type)}</span> ${typedData(v.type, v.data)}${v.soft ? ' (only if absent)' : ''}`;
}

function registryRow(ch: RegChange): Html[] {
  if (ch.kind === 'key') return [html`<span class="mono">${ch.key}</span>`, html`<span class="muted">(the key)</span>`, badge('Changed', 'changed'), html`${renderKeyFlags(ch.was)}`, html`${renderKeyFlags(ch.now)}`, html`${ch.why ?? ''}`];
  const kind = !ch.was ? 'added' : !ch.now ? 'removed' : 'changed';
  return [html`<span class="mono">${ch.key}</span>`, ch.name === '' ? html`<span class="muted">(Default)</span>` : html`${ch.name}`, badge(KIND_WORDS[kind], kind), effectCell(ch.was), effectCell(ch.now), html`${ch.why ?? ''}`];
}

/** The registry changes, the first MAX_ROWS of them. */
function registryTable(changes: readonly RegChange[]): Html {
  const { shown, note } = firstRows(changes, MAX_ROWS, '`gpreg diff --json` (or the text diff) lists them all');
  return html`${table({ head: ['Key', 'Value', 'Change', 'Before', 'After', 'Why'], rows: shown.map(registryRow) })}${note}`;
}

/** A part setting's value for the diff table: members added or removed, else the value (or "not set"). */
function partValue(v: unknown, members: readonly string[] | undefined, sign: string): string {
  if (members) return members.map((m) => `${sign} ${m}`).join('; ');
  return v === undefined ? '(not set)' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** The diff as a self-contained HTML page. */
export function renderDiffHtml(input: DiffReportInput): string {
  const total = (f: (s: DiffSide) => number) => input.sides.reduce((a, s) => a + f(s), 0);
  const policies = total((s) => s.policies.length);
  const registry = total((s) => s.registry.length) + total((s) => s.parts?.length ?? 0);
  const sections = input.sides.map((s) => {
    const h = s.label ? html`<h2>${s.label === 'Machine' ? 'Computer Configuration' : s.label === 'User' ? 'User Configuration' : s.label}</h2>` : '';
    const sub = s.label ? (t: string) => html`<h3>${t}</h3>` : (t: string) => html`<h2>${t}</h2>`;
    return html`<section>${h}
<p class="muted">Before: <span class="mono">${s.a.file}</span> (${s.a.format}) — after: <span class="mono">${s.b.file}</span> (${s.b.format})</p>
${sub(`Policy changes (${s.policies.length})`)}
${s.policies.length ? table({ head: ['Policy', 'Change', 'State', 'Options and findings'], rows: s.policies.map((p) => policyRows(p, input.definitions?.get(p.id))), rowHeader: true, className: 'changes' }) : html`<p>No policy changed.</p>`}
${sub(`Registry changes (${s.registry.length})`)}
${s.registry.length ? registryTable(s.registry) : html`<p>No registry change.</p>`}
${s.parts ? html`${sub(`Security, audit and preference changes (${s.parts.length})`)}${s.parts.length ? table({ head: ['Area', 'Setting', 'Before', 'After'], rows: s.parts.map((c) => [html`${AREA_LABELS[c.area]}`, html`<span class="mono">${c.name}</span>`, html`${partValue(c.was, c.removed, '−')}`, html`${partValue(c.now, c.added, '+')}`]), className: 'changes' }) : html`<p>No change in the other parts.</p>`}` : ''}
</section>`;
  });
  const body = html`<header>
<h1>What changed</h1>
<dl class="meta">
<dt>Before</dt><dd class="mono">${input.a}</dd>
<dt>After</dt><dd class="mono">${input.b}</dd>
<dt>Summary</dt><dd>${policies || registry ? `${count(policies, 'policy change')}, ${count(registry, 'registry change')}` : 'The two do the same: no policy and no registry change.'}</dd>
<dt>Templates</dt><dd>${input.templates}</dd>
<dt>Made by</dt><dd>${input.generator}, from the files alone</dd>
</dl>
</header>
<main>${sections}</main>`;
  return page({ title: `Diff: ${input.a} → ${input.b}`, body, generator: input.generator });
}
