/** The policies gpreg knows, one file per ADMX namespace. */

import { GpregError } from '../../errors.js';
import type { PolicyDefinition } from '../types.js';
import { RA_Solicit, RA_Unsolicit } from './remote-assistance.js';

/** Every policy in the catalog, in display order. */
export const CATALOG: readonly PolicyDefinition[] = [RA_Unsolicit, RA_Solicit];

const BY_NAME = new Map<string, PolicyDefinition>();
for (const p of CATALOG) for (const n of [p.name, ...p.aliases]) BY_NAME.set(n.toLowerCase(), p);

/** A policy by its ADMX name or an alias, any case; throws `POLICY_UNKNOWN` listing the known ones. */
export function findPolicy(id: string): PolicyDefinition {
  const p = BY_NAME.get(id.toLowerCase());
  if (!p) {
    throw new GpregError('POLICY_UNKNOWN', `unknown policy ${JSON.stringify(id)}: known are ${CATALOG.map((c) => `${c.name} (${c.aliases.join(', ')})`).join(', ')}; see \`gpreg policies\``);
  }
  return p;
}
