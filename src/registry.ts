/**
 * `gpreg/registry`: registry values and keys as Windows compares and stores them — typed value
 * codecs, names, an operation list's effect and the state it leaves.
 */

export { RegType, regTypeName, renderRegType, parseRegType, type RegTypeName } from './registry/types.js';
export { decodeValue, encodeValue, decodeString, encodeString, decodeMultiString, encodeMultiString, encodeDword, encodeQword, type TypedValue } from './registry/values.js';
export { foldName, sameName, hiveFromName, hiveAbbreviation, parseHive, splitKey, joinKey, parentKey, type HiveName, type HiveAbbreviation, type SplitKey } from './registry/keys.js';
export { toHex, fromHex } from './registry/hex.js';
export { effectOf, effectToOps, type Effect, type KeyEffect, type ValueEffect } from './registry/effect.js';
export { applyOps, stateToJson, type RegistryState, type StateKey, type StateValue } from './registry/state.js';
export { applyChanges } from './diff/registry.js';
