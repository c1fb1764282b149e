import { buildPolicy } from '../src/policy/build.js';
import { readPolicies } from '../src/policy/read.js';
import { opsToPol } from '../src/formats/pol/ops.js';
import { serializeReg } from '../src/formats/reg/serialize.js';
for (const s of [{ state: 'enabled', control: 'view', helpers: ['CONTOSO\\HelpDesk', 'CONTOSO\\Tier2'] }, { state: 'disabled' }, { state: 'notConfigured' }]) {
  for (const target of ['pol', 'reg'] as const) {
    const b = buildPolicy('offer-remote-assistance', s, { target });
    if (target === 'pol') console.log(s.state, opsToPol(b.ops).records.map((r) => `${r.key.replace('Software\\policies\\Microsoft\\Windows NT\\Terminal Services', 'TS')};${r.name};${r.type};${Buffer.from(r.data).toString('hex')}`));
    else console.log(Buffer.from(serializeReg(b.ops).bytes.subarray(2)).toString('utf16le'));
    const r = readPolicies(b.ops);
    console.log('  read:', r.policies.map((p) => [p.state, p.reason, [...p.options], p.findings.map((f) => f.code)]), 'unexplained', r.unexplained);
  }
}
