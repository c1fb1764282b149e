/**
 * The real template set (../shared/admx) and the GPMC oracle (../shared/gpo-backups): every policy
 * builds and reads back to the same setting, and every baseline GPO reads as GPMC's own report says.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicyDefinitions } from '../src/admx/load.js';
import { buildPolicy, presentOptions, readPolicies, policyId, type PolicyElement } from '../src/index.js';
import { decodePol, encodePol, opsToPol, polToOps } from '../src/pol.js';
import { readGpmcReports, SHARED_ADMX, SHARED_GPOS } from './gpmc.js';
import { runCli, tempDir } from './helpers.js';

/** A value for each option that differs from "unchecked/empty", so Enabled cannot read as Disabled. */
function sampleOption(el: PolicyElement): unknown {
  switch (el.type) {
    case 'boolean':
      return true;
    case 'decimal':
      return el.default ?? el.minValue ?? 1;
    case 'longDecimal':
      return el.default ?? el.minValue ?? 1n;
    case 'text':
      return el.default || 'gpreg'.slice(0, Math.max(1, el.maxLength ?? 5));
    case 'multiText':
      return ['gpreg'];
    case 'enum':
      return el.default ?? el.items[0]?.id;
    case 'list':
      return el.explicitValue ? [{ name: 'gpreg', value: '1' }] : ['gpreg'];
  }
}
const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x));

if (SHARED_ADMX && SHARED_GPOS) {
  const set = await loadPolicyDefinitions(['windows-11-25h2', 'office-2016'].map((d) => path.join(SHARED_ADMX!, d)));

  test('every real policy × Enabled / Disabled: read(build(p, s)) = s, options included', () => {
    const failures: string[] = [];
    let ambiguous = 0;
    for (const def of set.policies) {
      const hive = def.class === 'User' ? 'HKEY_CURRENT_USER' : 'HKEY_LOCAL_MACHINE';
      const enabled = { state: 'enabled', ...Object.fromEntries(def.elements.map((e) => [e.option, sampleOption(e)])) };
      // Some templates write the same records for two states (Disabled writes nothing; Enabled with
      // an item that deletes the value): no reader can tell those apart, so either state is right.
      const recordsOf = (s: object) => json(buildPolicy(def, s).ops);
      const same = recordsOf(enabled) === recordsOf({ state: 'disabled' }) || recordsOf({ state: 'disabled' }) === '[]';
      if (same) ambiguous++;
      for (const state of ['enabled', 'disabled'] as const) {
        const setting = state === 'enabled' ? enabled : { state };
        const built = buildPolicy(def, setting);
        if (same && built.ops.length === 0) continue;
        const ops = polToOps(decodePol(encodePol(opsToPol(built.ops))), { hive }).ops;
        const r = readPolicies(ops, { catalog: set });
        // Another policy writing exactly the same records is reported instead, naming this one.
        const p = r.policies.find((x) => x.definition === def) ?? r.policies.find((x) => x.alsoExplainedBy?.includes(policyId(def)));
        if (same && p && (p.state === 'enabled' || p.state === 'disabled')) continue;
        if (!p || p.state !== state) failures.push(`${policyId(def)} ${state}: read as ${p?.state ?? 'nothing'} ${p?.reason ?? ''}`);
        else if (state === 'enabled' && p.definition === def) {
          for (const [k, v] of built.setting.options) if (json(p.options.get(k)) !== json(v)) failures.push(`${policyId(def)} ${k}: ${json(v)} read as ${json(p.options.get(k))}`);
        }
      }
    }
    assert.equal(failures.slice(0, 20), []);
    assert.ok(ambiguous < 150, `${ambiguous} policies write the same records for Enabled and Disabled`);
  });

  // Where GPMC's report and gpreg differ, on purpose (each checked by hand against the records):
  const EXCEPTIONS = new Map<string, string>([
    // GPMC shows a dropdown as Not Configured when its element writes the policy's own value and
    // that value equals the policy's enabled value (1): the value is the enum item, and Windows
    // applies it; gpreg shows the item.
    ['Allow Windows Ink Workspace#0', 'element writes the policy value'],
    ['Configure detection for potentially unwanted applications#0', 'element writes the policy value'],
    ['Prevent users and apps from accessing dangerous websites#0', 'element writes the policy value'],
    ['Scan excluded files and directories during quick scans#0', 'element writes the policy value'],
    // The GPO's Comment value is item 1's ("Block all Flash activation"); GPMC names item 2, whose
    // valueList the records satisfy too (the SecGuide template's items share those values).
    ['Block Flash activation in Office documents#0', 'SecGuide items share their valueList'],
    // The report was made with an older msedge.admx whose display name lacked "(obsolete)".
    ['Specifies whether to allow websites to make requests to any network endpoint in an insecure manner.', 'older template text'],
  ]);

  test('GPMC oracle: every baseline GPO reads as its gpreport.xml says: policies, states, options', () => {
    const problems: string[] = [];
    let compared = 0;
    for (const gpo of readGpmcReports(SHARED_GPOS!)) {
      for (const [side, expected] of gpo.sides) {
        const file = path.join(gpo.dir, 'DomainSysvol', 'GPO', side, 'registry.pol');
        if (!existsSync(file)) {
          if (expected.length) problems.push(`${gpo.name}: no ${side} registry.pol`);
          continue;
        }
        const ops = polToOps(decodePol(readFileSync(file)), { hive: side === 'Machine' ? 'HKEY_LOCAL_MACHINE' : 'HKEY_CURRENT_USER' }).ops;
        const mine = new Map(readPolicies(ops, { catalog: set }).policies.map((p) => [`${p.displayName}|${p.definition.category}`, p]));
        for (const g of expected) {
          const key = `${g.name}|${g.category}`;
          const p = mine.get(key) ?? [...mine.values()].find((x) => x.displayName.startsWith(g.name) && EXCEPTIONS.has(g.name));
          mine.delete(p ? `${p.displayName}|${p.definition.category}` : key);
          if (!p) {
            problems.push(`${gpo.name} ${side}: ${key} (${g.state}) not found`);
            continue;
          }
          compared++;
          if (p.state.toLowerCase() !== g.state.toLowerCase()) problems.push(`${gpo.name}: ${g.name}: GPMC ${g.state}, gpreg ${p.state} ${p.reason ?? ''}`);
          if (g.state !== 'Enabled') continue;
          const controls = presentOptions(p.definition, p.options).filter((c) => c.control !== 'text');
          g.controls.forEach((c, i) => {
            if (EXCEPTIONS.has(`${g.name}#${i}`)) return;
            const mineValue = controls[i]?.value;
            const theirs = c.kind === 'CheckBox' ? c.state === 'Enabled' : c.kind === 'DropDownList' && c.state === 'NotConfigured' ? null : c.value;
            const ours = Array.isArray(mineValue) ? mineValue.map((x) => (Array.isArray(x) ? x.join('=') : x)) : typeof mineValue === 'number' ? String(mineValue) : mineValue;
            if (json(ours) !== json(theirs)) problems.push(`${gpo.name}: ${g.name}: option ${i} (${c.kind} ${c.name.trim()}): GPMC ${json(theirs)}, gpreg ${json(ours)}`);
          });
        }
        for (const [k, p] of mine) problems.push(`${gpo.name} ${side}: gpreg reads ${k} as ${p.state}, GPMC does not list it`);
      }
    }
    assert.equal(problems, []);
    assert.ok(compared >= 420, `compared ${compared} policies`);
  });

  test('regeneration: for every baseline GPO, show --json → build --from gives back the editor\'s file byte for byte; from states and options alone, its records with keys in its order', async () => {
    const admx = ['--admx', path.join(SHARED_ADMX!, 'windows-11-25h2'), '--admx', path.join(SHARED_ADMX!, 'office-2016')];
    const rec = (r: { key: string; name: string; type: number; data: Uint8Array }) => `${r.key.toUpperCase()}|${r.name.toUpperCase()}|${r.type}|${Buffer.from(r.data).toString('hex')}`;
    let sides = 0;
    let policies = 0;
    const reordered: string[] = [];
    for (const gpo of readGpmcReports(SHARED_GPOS!)) {
      const shown = await runCli(['show', '--json', ...admx, gpo.dir]);
      assert.is(shown.code, 0, shown.stderr);
      const out = tempDir('gpreg-regen-');
      writeFileSync(path.join(out, 'gpo.json'), shown.stdout);
      const built = await runCli(['build', '--from', path.join(out, 'gpo.json'), ...admx, '-o', path.join(out, 'GPO')]);
      assert.is(built.code, 0, built.stderr);
      // Every policy was rebuilt from its state and options and gave exactly its evidence: none was
      // kept as read (a wrong build would be kept as read, or written instead and change the bytes).
      assert.not.match(built.stderr, 'POLICY_KEPT_AS_READ', gpo.name);
      // The same document without the evidence: each policy built from its state and options alone.
      const doc = JSON.parse(shown.stdout);
      for (const side of Object.values(doc.sides) as Array<{ policies: Array<{ evidence?: unknown }> } | null>) for (const p of side?.policies ?? []) delete p.evidence;
      writeFileSync(path.join(out, 'bare.json'), JSON.stringify(doc));
      const bare = await runCli(['build', '--from', path.join(out, 'bare.json'), ...admx, '-o', path.join(out, 'BARE')]);
      assert.is(bare.code, 0, bare.stderr);
      for (const side of ['Machine', 'User'] as const) {
        const original = path.join(gpo.dir, 'DomainSysvol', 'GPO', side, 'registry.pol');
        if (!existsSync(original)) continue;
        sides++;
        assert.equal(readFileSync(path.join(out, 'GPO', side, 'Registry.pol')), readFileSync(original), `${gpo.name} ${side}: bytes`);
        const a = decodePol(readFileSync(original)).records.map(rec);
        const b = decodePol(readFileSync(path.join(out, 'BARE', side, 'Registry.pol'))).records.map(rec);
        // From the templates alone: the same records, and the keys in the same order.
        assert.equal([...b].sort(), [...a].sort(), `${gpo.name} ${side}: records`);
        const keys = (l: string[]) => [...new Set(l.map((x) => x.split('|')[0]))];
        assert.equal(keys(b), keys(a), `${gpo.name} ${side}: key order`);
        // Within a key, records of different policies may interleave differently (the editor's order
        // there is the order of the edits); each policy's own records are compared below.
        for (const p of JSON.parse(shown.stdout).sides[side].policies) {
          const mine = new Set((p.evidence as Array<{ key: string; name: string }>).map((e) => `${e.key.replace(/^HKEY_[A-Z_]+\\/, '').toUpperCase()}|${(e.name ?? '').toUpperCase()}`));
          const order = (l: string[]) => l.filter((x) => mine.has(x.split('|').slice(0, 2).join('|')));
          policies++;
          if (JSON.stringify(order(b)) !== JSON.stringify(order(a))) reordered.push(`${gpo.name} ${side}: ${p.id}`);
        }
      }
    }
    assert.ok(sides >= 14, `${sides} sides`);
    // Measured on the baselines: built from the templates alone, 10 of 427 policies have their own
    // records in another order than the editor's (two Office file-validation policies write the
    // boolean before the enum, six IE FeatureControl lists put "(Reserved)" last,
    // RestrictFormSuggestPW, WF_Logging_Name_1). Our reading (unverified): the editor keeps a value
    // where it was first written, so this order is the GPO's edit history, which no template says
    // (the evidence keeps it: the byte-for-byte check above); the bound catches a regression.
    assert.ok(policies >= 420, `${policies} policies`);
    assert.ok(reordered.length <= 10, `records of a policy reordered:\n${reordered.join('\n')}`);
  });
} else {
  // Counted as skipped, never as passed.
  test.skip('real templates and GPO backups: ../shared/admx or ../shared/gpo-backups is absent, so these tests are skipped', () => {});
  console.log('  (skipped: ../shared/admx or ../shared/gpo-backups not found)');
}

test.run();
