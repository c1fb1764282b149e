/** Diff renderings: for people (text, optionally coloured) and JSON (the unified text diff is in unified.ts). */

import { bigintReplacer } from '../formats/json-text.js';
import { renderDiagnostic } from './diagnostic.js';
import { safeField } from '../text.js';
import { toHex } from '../registry/hex.js';
import { renderRegType } from '../registry/types.js';
import { STATE_LABELS } from '../policy/read.js';
import type { ValueEffect } from '../registry/effect.js';
import type { PolicyChange } from '../diff/policy.js';
import type { PolicySet } from '../policy/set.js';
import { renderOption, type OptionValue } from '../policy/setting.js';
import { presentOption } from '../policy/presentation.js';
import type { RegChange } from '../diff/registry.js';
import { renderKeyFlags, renderValue } from './value.js';

/**
 * The diff for people: policy changes first, then registry changes grouped by key. Options are
 * shown as the policy's dialog shows them (labels, values in words) when `definitions` define the
 * policy, else by option name.
 */
export function renderDiff(policies: readonly PolicyChange[], registry: readonly RegChange[], color: boolean, definitions?: PolicySet): string {
  const shown = (p: PolicyChange, option: string, v: OptionValue | undefined) => {
    const def = definitions?.get(p.id);
    return def ? presentOption(def, option, v) : { label: option, words: v === undefined ? undefined : renderOption(v) };
  };
  const c = (code: number) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const red = c(31);
  const green = c(32);
  const yellow = c(33);
  const bold = c(1);
  const dim = c(2);
  const out: string[] = [];
  if (policies.length) {
    out.push(bold('Policies'));
    // One display name in two categories (the SMB client's and server's "Mandate the maximum
    // version of SMB"): each says its category, so the two lines are told apart.
    const names = new Map<string, number>();
    for (const p of policies) names.set(p.displayName, (names.get(p.displayName) ?? 0) + 1);
    for (const p of policies) {
      const was = STATE_LABELS[p.was ?? 'notConfigured'];
      const now = STATE_LABELS[p.now ?? 'notConfigured'];
      const where = names.get(p.displayName)! > 1 && p.category ? ` in ${safeField(p.category)}` : '';
      // Everything from a file goes through safeField: the colours are the only escapes written raw.
      out.push(`  ${safeField(p.displayName)} (${safeField(p.policy)})${where}: ${was === now ? was : `${red(was)} → ${green(now)}`}`);
      for (const o of p.options) {
        if (o.added || o.removed) {
          out.push(`    ${safeField(shown(p, o.option, o.was ?? o.now).label)}: ${[...(o.added ?? []).map((i) => green(`+ ${safeField(i)}`)), ...(o.removed ?? []).map((i) => red(`- ${safeField(i)}`))].join(', ')}`);
        } else {
          const [was, now] = [shown(p, o.option, o.was), shown(p, o.option, o.now)];
          out.push(`    ${safeField(was.label)}${o.reordered ? ' (order)' : ''}: ${red(was.words === undefined ? '(not set)' : safeField(was.words))} → ${green(now.words === undefined ? '(not set)' : safeField(now.words))}`);
        }
      }
      for (const f of p.findingsAdded) out.push(`    ${green('+ finding')} ${safeField(renderDiagnostic(f))}`);
      for (const f of p.findingsRemoved) out.push(`    ${red('- finding')} ${safeField(renderDiagnostic(f))}`);
    }
    out.push('');
  }
  if (registry.length) {
    out.push(bold('Registry'));
    let key = '';
    for (const ch of registry) {
      if (ch.key !== key) {
        key = ch.key;
        out.push(`  [${safeField(key)}]`);
      }
      if (ch.kind === 'key') out.push(`    ${yellow('~ key')}: ${renderKeyFlags(ch.was)} → ${renderKeyFlags(ch.now)}`);
      else {
        const name = ch.name === '' ? '@' : safeField(JSON.stringify(ch.name));
        if (!ch.was) out.push(`    ${green('+')} ${name}: ${renderValue(ch.now)}`);
        else if (!ch.now) out.push(`    ${red('-')} ${name}: ${renderValue(ch.was)}`);
        else out.push(`    ${yellow('~')} ${name}: ${renderValue(ch.was)} → ${renderValue(ch.now)}`);
      }
      if (ch.why) out.push(`      ${dim(`why: ${safeField(ch.why)}`)}`);
    }
    out.push('');
  }
  if (!policies.length && !registry.length) out.push('The two files do the same.');
  return out.join('\n') + '\n';
}

const valueJson = (v: ValueEffect | undefined) =>
  v === undefined ? undefined : v.kind === 'deleted' ? { action: 'delete' } : { action: 'set', type: v.type, ...(renderRegType(v.type).startsWith('REG_') ? { typeName: renderRegType(v.type) } : {}), data: toHex(v.data), ...(v.soft ? { soft: true } : {}) };

/** The diff as the documented JSON (docs/json.md#diff). */
export function diffJson(a: { file: string; format: string }, b: { file: string; format: string }, policies: readonly PolicyChange[], registry: readonly RegChange[]) {
  return {
    a,
    b,
    same: policies.length === 0 && registry.length === 0,
    policies: policies.map((p) => ({ ...p, was: p.was ?? 'notConfigured', now: p.now ?? 'notConfigured', options: p.options.map((o) => JSON.parse(JSON.stringify(o, bigintReplacer))) })),
    registry: registry.map((ch) => (ch.kind === 'key' ? { ...ch } : { kind: 'value', key: ch.key, name: ch.name, was: valueJson(ch.was), now: valueJson(ch.now), ...(ch.why ? { why: ch.why } : {}) })),
  };
}

