// TEMPORARY stub (replaced by the pg-dialect branch).
export function toPostgres(sql: string): { text: string; names: string[] | null; count: number } {
  let n = 0; const names: string[] = []; const seen = new Map<string, number>();
  const text = sql.replace(/'(?:[^']|'')*'|\?|[@:$]([A-Za-z_]\w*)/g, (m, name) => {
    if (m.startsWith("'")) return m;
    if (m === '?') return `$${++n}`;
    let i = seen.get(name); if (!i) { names.push(name); seen.set(name, (i = names.length)); } return `$${i}`;
  }).replace(/\buser\b(?!')/g, '"user"');
  return { text, names: names.length ? names : null, count: n };
}
