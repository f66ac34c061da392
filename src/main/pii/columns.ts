/** Which columns of the interactions table hold free text: the ones the scan reads and masking rewrites by default, and every text column an operator may add. */
import { DEFAULT_PII_SETTINGS, type PiiSettings } from '../../shared/pii'
import { INTERACTION_COLUMNS } from '../../shared/schema'
import type { IntegrityReport } from '../../shared/types'
import type { Engine } from '../engine/engine'

/** Canonical free-text fields (SCHEMA.md): scanned whenever the dump has them. */
export const FREE_TEXT_FIELDS = ['request_text', 'response_text_snippet', 'instruction_text', 'request_text_template'] as const

/** Columns the load adds for its own use: never text to scan. */
const INTERNAL = new Set(['in_history', 'win_role'])

export interface TextColumns {
  /** every VARCHAR column of the interactions table (the choices of "also scan") */
  all: string[]
  /** the free-text fields the dump has, then the columns it brought that are not in the schema */
  defaults: string[]
}

/** Canonical fields the source file provides (directly or through an alias): an absent one is an all-null column. */
export function presentFields(report: IntegrityReport): Set<string> {
  const t = report.tables.interactions
  const out = new Set<string>()
  if (!t) return out
  for (const c of t.source_columns) {
    const k = c.trim().toLowerCase()
    if (k in INTERACTION_COLUMNS) out.add(k)
  }
  for (const k of Object.keys(t.column_mapping)) out.add(k)
  return out
}

export async function textColumns(engine: Engine, report: IntegrityReport): Promise<TextColumns> {
  const rows = await engine.all<{ column_name: string; column_type: string }>('SELECT column_name, column_type FROM (DESCRIBE interactions)')
  const present = presentFields(report)
  // a schema column the dump does not have is an all-null column: nothing to scan or choose
  const all = rows
    .filter((r) => r.column_type === 'VARCHAR' && !INTERNAL.has(r.column_name) && (present.has(r.column_name) || !(r.column_name in INTERACTION_COLUMNS)))
    .map((r) => r.column_name)
  const defaults: string[] = FREE_TEXT_FIELDS.filter((f) => present.has(f) && all.includes(f))
  // columns outside the schema keep their header as name (or name_source when the schema reserves it)
  for (const c of all) if (!(c in INTERACTION_COLUMNS) && c !== 'is_failure_was_missing' && !defaults.includes(c)) defaults.push(c)
  return { all, defaults }
}

/** The columns scanned and masked under `settings`: the defaults plus the extra ones, less the allow-listed, in table order. */
export function scanColumns(cols: TextColumns, settings: Pick<PiiSettings, 'allowColumns' | 'extraColumns'> = DEFAULT_PII_SETTINGS): string[] {
  const chosen = new Set([...cols.defaults, ...settings.extraColumns.filter((c) => cols.all.includes(c))])
  for (const c of settings.allowColumns) chosen.delete(c)
  return cols.all.filter((c) => chosen.has(c))
}
