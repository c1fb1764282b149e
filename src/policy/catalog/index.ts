/** The policies gpreg knows, one file per ADMX namespace. */

import { PolicySet } from '../set.js';
import type { PolicyDefinition } from '../types.js';
import { RA_Solicit, RA_Unsolicit } from './remote-assistance.js';

/** Every policy in the catalog, in display order. */
export const CATALOG: readonly PolicyDefinition[] = [RA_Unsolicit, RA_Solicit];

/** The built-in catalog as a set: what gpreg knows with no templates loaded. */
export const BUILTIN: PolicySet = new PolicySet(CATALOG);

/**
 * A policy by `namespace:name`, ADMX name or alias, any case, in `set` (the built-in catalog by
 * default); throws `POLICY_UNKNOWN` naming the known ones.
 */
export function findPolicy(id: string, set: PolicySet = BUILTIN): PolicyDefinition {
  return set.find(id);
}
