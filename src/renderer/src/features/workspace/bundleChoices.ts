/** Pure bookkeeping of the bundle dialog: what happens to each column (kept, dropped, masked), the request it makes, and what leaves the machine in clear text. */
import type { BundlePlan, ColumnRef } from '../../../../shared/workspaceApi'

export type ColumnAction = 'keep' | 'drop' | 'mask'

/** table\u0000column -> action; columns not listed are kept. */
export type ColumnChoices = Record<string, ColumnAction>

export const choiceKey = (table: string, column: string): string => `${table}\u0000${column}`

/** Columns that can never be dropped: annotations and drilldowns key on them. */
export function isLocked(table: string, column: string): boolean {
  return table === 'interactions' && column === 'interaction_id'
}

/** Every free-text column set to one action (the dialog's "drop all text" / "mask all text" / "keep all"). */
export function setAllText(plan: BundlePlan, action: ColumnAction): ColumnChoices {
  const out: ColumnChoices = {}
  for (const t of plan.tables) for (const c of t.columns) if (c.text) out[choiceKey(t.table, c.name)] = action
  return out
}

/** The export request's drop and mask lists. */
export function choicesToRequest(plan: BundlePlan, choices: ColumnChoices): { drop: ColumnRef[]; mask: ColumnRef[] } {
  const drop: ColumnRef[] = []
  const mask: ColumnRef[] = []
  for (const t of plan.tables) {
    for (const c of t.columns) {
      const a = choices[choiceKey(t.table, c.name)] ?? 'keep'
      if (a === 'drop' && !isLocked(t.table, c.name)) drop.push({ table: t.table, column: c.name })
      else if (a === 'mask' && c.text) mask.push({ table: t.table, column: c.name })
    }
  }
  return { drop, mask }
}

export interface LeavingSummary {
  tables: number
  rows: number
  /** columns written to the bundle */
  columns: number
  dropped: number
  masked: number
  /** free-text columns that leave as they are, `table.column` */
  clearText: string[]
}

/** What leaves the machine with these choices. */
export function leavingSummary(plan: BundlePlan, choices: ColumnChoices): LeavingSummary {
  const out: LeavingSummary = { tables: plan.tables.length, rows: 0, columns: 0, dropped: 0, masked: 0, clearText: [] }
  for (const t of plan.tables) {
    out.rows += t.rows
    for (const c of t.columns) {
      const a = isLocked(t.table, c.name) ? 'keep' : (choices[choiceKey(t.table, c.name)] ?? 'keep')
      if (a === 'drop') {
        out.dropped++
        continue
      }
      out.columns++
      if (a === 'mask' && c.text) out.masked++
      else if (c.text) out.clearText.push(`${t.table}.${c.name}`)
    }
  }
  return out
}
