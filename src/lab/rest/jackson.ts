/**
 * ISE's ERS answers in Jackson's default pretty print: `"key" : value`, two-space indent, and arrays
 * inline as `[ {` … `} ]` (ise-rest-api.md §10, copied from real ISE 3.0 responses). Clients must not
 * depend on it, but the lab reproduces it so a parser that would trip on it trips here first.
 */
export function jacksonStringify(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[ ${value.map((v) => jacksonStringify(v, indent)).join(', ')} ]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{ }';
    const inner = `${indent}  `;
    const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${jacksonStringify(v, inner)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
