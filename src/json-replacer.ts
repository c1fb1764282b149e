/** The one JSON replacer for bigint values (QWORDs, long decimals): written as decimal strings. */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? String(value) : value;
}
