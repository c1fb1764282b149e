/**
 * GPMC's own report (`gpreport.xml` in a GPO backup) read as an oracle: for each side (Computer,
 * User), every Administrative Templates policy with its state, category and controls in order.
 */

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseXml, child, childrenNamed, type XmlElement } from '../src/admx/xml.js';
import { ROOT } from './helpers.js';

/** ../shared/admx and ../shared/gpo-backups, or undefined when absent. */
export const SHARED_ADMX = (() => {
  const d = process.env['GPREG_ADMX_TEST'] ?? path.resolve(ROOT, '..', 'shared', 'admx');
  return existsSync(path.join(d, 'windows-11-25h2')) ? d : undefined;
})();
export const SHARED_GPOS = (() => {
  const d = path.resolve(ROOT, '..', 'shared', 'gpo-backups', 'ms-security-baseline');
  return existsSync(d) ? d : undefined;
})();

export interface GpmcControl {
  kind: string;
  name: string;
  state: string;
  /** CheckBox: Enabled/Disabled in state; DropDownList: item name; Numeric/EditText: text; ListBox: items. */
  value: string | string[] | null;
}
export interface GpmcPolicy {
  name: string;
  state: string;
  category: string;
  controls: GpmcControl[];
}
export interface GpmcGpo {
  dir: string;
  name: string;
  sides: Map<'Machine' | 'User', GpmcPolicy[]>;
}

const text = (e: XmlElement | undefined) => (e ? e.text : '');

function readControl(c: XmlElement): GpmcControl {
  const v = child(c, 'Value');
  let value: GpmcControl['value'] = null;
  if (c.name === 'DropDownList') value = v ? text(child(v, 'Name')) : null;
  else if (c.name === 'ListBox') value = v ? childrenNamed(v, 'Element').map((e) => (child(e, 'Name') && child(e, 'Data') ? `${text(child(e, 'Name'))}=${text(child(e, 'Data'))}` : text(child(e, 'Data')) || text(e))) : [];
  else if (v) value = v.text;
  return { kind: c.name, name: text(child(c, 'Name')), state: text(child(c, 'State')), value };
}

/** Every GPO backup below the baseline folder, with GPMC's report of its registry policies. */
export function readGpmcReports(root: string): GpmcGpo[] {
  const out: GpmcGpo[] = [];
  for (const set of readdirSync(root).sort()) {
    const setDir = path.join(root, set);
    for (const g of readdirSync(setDir).filter((n) => n.startsWith('{')).sort()) {
      const dir = path.join(setDir, g);
      const report = parseXml(readFileSync(path.join(dir, 'gpreport.xml')));
      const sides = new Map<'Machine' | 'User', GpmcPolicy[]>();
      for (const [sideName, side] of [['Computer', 'Machine'], ['User', 'User']] as const) {
        const s = child(report, sideName);
        const ext = s && child(s, 'ExtensionData');
        const policies: GpmcPolicy[] = [];
        for (const ed of s ? childrenNamed(s, 'ExtensionData') : ext ? [ext] : []) {
          for (const e of childrenNamed(ed, 'Extension')) {
            if (!/RegistrySettings$/.test(e.attrs.get('type') ?? '')) continue;
            for (const p of childrenNamed(e, 'Policy')) {
              policies.push({
                name: text(child(p, 'Name')),
                state: text(child(p, 'State')),
                category: text(child(p, 'Category')),
                controls: p.children.filter((c) => ['CheckBox', 'DropDownList', 'Numeric', 'EditText', 'ListBox', 'MultiText'].includes(c.name)).map(readControl),
              });
            }
          }
        }
        sides.set(side, policies);
      }
      out.push({ dir, name: text(child(report, 'Name')), sides });
    }
  }
  return out;
}
