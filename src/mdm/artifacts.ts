/**
 * What `gpreg intune` writes to deploy: a Windows custom configuration profile per GPO, as the body
 * of Microsoft Graph's `POST /deviceManagement/deviceConfigurations`, and SyncML `<Replace>`
 * commands to try the settings on one device. Only settings with a payload and a URI go in:
 * policies with an ADMX-backed twin (deprecated ones too, said in their description), native nodes
 * whose value gpreg converted, and policies of an ingested template, after the ADMXInstall setting
 * that carries the template. Pure: the
 * templates' texts come in, files are written by the caller. gpreg never talks to a tenant.
 */

import * as path from 'node:path';
import { xmlText } from '../admx/xml.js';
import type { IntuneReport, MdmMapping } from './intune.js';

/** One OMA-URI setting: what a profile's `omaSettings` and a SyncML command carry. */
export interface OmaSetting {
  displayName: string;
  description: string;
  omaUri: string;
  /** The node's format: `chr` (ADMX payloads, text), `int` or `bool` (native nodes). */
  format: 'chr' | 'int' | 'bool';
  value: string;
}

/** The statuses whose payload is deployed (a native node's only when gpreg could convert its value). */
const DEPLOYED: ReadonlySet<MdmMapping['status']> = new Set(['supported', 'deprecated', 'needsIngestion', 'native']);

/**
 * A report's settings in the order a device needs them: each template to ingest (once, before its
 * first policy), then each policy with a payload. `admxTexts` maps a template's path (as
 * `ingest.file` gives it) to its text; a template missing from it is left out with its policies.
 */
export function omaSettings(r: IntuneReport, admxTexts: ReadonlyMap<string, string>): OmaSetting[] {
  const out: OmaSetting[] = [];
  const ingested = new Set<string>();
  for (const p of r.policies) {
    if (!DEPLOYED.has(p.status) || !p.uri || !p.payload) continue;
    if (p.ingest) {
      const text = admxTexts.get(p.ingest.file);
      if (text === undefined) continue;
      if (!ingested.has(p.ingest.uri)) {
        ingested.add(p.ingest.uri);
        out.push({ displayName: `Ingest ${path.basename(p.ingest.file)}`, description: `ADMX ingestion of ${path.basename(p.ingest.file)} (app ${p.ingest.app}): its policies are set below`, omaUri: p.ingest.uri, format: 'chr', value: text });
      }
    }
    const format = p.format === 'int' || p.format === 'bool' ? p.format : 'chr';
    const state = p.format ? `value ${p.payload}` : p.payload.startsWith('<disabled/>') ? 'Disabled' : 'Enabled';
    const note = p.status === 'deprecated' ? ` (${p.reason})` : '';
    out.push({ displayName: `${p.displayName} (${p.side})`, description: `${p.category}: ${state}, from ${r.gpo}${note}`, omaUri: p.uri, format, value: p.payload });
  }
  return out;
}

const GRAPH_TYPES = { chr: '#microsoft.graph.omaSettingString', int: '#microsoft.graph.omaSettingInteger', bool: '#microsoft.graph.omaSettingBoolean' } as const;

/** A GPO as the body of a Windows custom configuration profile (`#microsoft.graph.windows10CustomConfiguration`). */
export function graphProfile(r: IntuneReport, settings: readonly OmaSetting[], generator: string): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.windows10CustomConfiguration',
    displayName: r.gpo,
    description: `${r.gpo}: ${settings.length} OMA-URI setting(s), made by ${generator} from the GPO's files`,
    // Intune checks a setting's type against the node's: an integer node takes omaSettingInteger.
    omaSettings: settings.map((s) => ({ '@odata.type': GRAPH_TYPES[s.format], displayName: s.displayName, description: s.description, omaUri: s.omaUri, value: s.format === 'int' ? Number(s.value) : s.format === 'bool' ? s.value === 'true' : s.value })),
  };
}

/** Text inside CDATA: a `]]>` in it is split across two sections, so it cannot end the section early. */
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/**
 * Settings as one SyncML message of `<Replace>` commands (each in its node's format), as Microsoft's ADMX
 * ingestion examples send them, to try on a single device (for example with the MDM bridge or a
 * SyncML tool). Each command's payload is in CDATA.
 */
export function syncmlMessage(settings: readonly OmaSetting[]): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<SyncML xmlns="SYNCML:SYNCML1.2">', '  <SyncBody>'];
  settings.forEach((s, i) => {
    out.push(
      '    <Replace>',
      `      <CmdID>${i + 1}</CmdID>`,
      '      <Item>',
      `        <Meta><Format xmlns="syncml:metinf">${s.format}</Format><Type xmlns="syncml:metinf">text/plain</Type></Meta>`,
      `        <Target><LocURI>${xmlText(s.omaUri)}</LocURI></Target>`,
      `        <Data>${cdata(s.value)}</Data>`,
      '      </Item>',
      '    </Replace>',
    );
  });
  out.push('    <Final/>', '  </SyncBody>', '</SyncML>', '');
  return out.join('\n');
}
