/** Small SQL text helpers for identifiers and literals that come from files, never from UI values. */

/** Quotes an identifier (a column name read from a file header). */
export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"'
}

/** Quotes a string literal; used only for engine settings, never for operator-entered values (those are bound). */
export function literal(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'"
}

/** The artifact timestamp format of PIPELINE.md's reference artifacts: `YYYY-MM-DD HH:MM:SS+00:00`. */
export function formatTs(expr: string): string {
  return `strftime(${expr}, '%Y-%m-%d %H:%M:%S+00:00')`
}
