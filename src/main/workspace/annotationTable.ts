/** The DuckDB mirror of the workspace's annotation statuses, so the scope's annotation filter is a plain bound subquery. */
import type { Engine, SqlValue } from '../engine/engine'

/** Table name the scope compiler reads; created at every dataset load. */
export const ANNOTATION_TABLE = 'workbench_annotations'

/** Rows per INSERT statement: two bound values each, well under any binding limit. */
const CHUNK = 500

/** Creates the (empty) table; a dataset load calls this before the engine is locked, so a filter never fails. */
export async function createAnnotationTable(engine: Engine): Promise<void> {
  await engine.run(`CREATE OR REPLACE TABLE ${ANNOTATION_TABLE} (interaction_id VARCHAR PRIMARY KEY, status VARCHAR NOT NULL)`)
}

/** Sets the status of each interaction (insert or replace). */
export async function upsertAnnotationStatuses(engine: Engine, rows: readonly { interaction_id: string; status: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    const params: SqlValue[] = []
    for (const r of chunk) params.push(r.interaction_id, r.status)
    await engine.run(`INSERT OR REPLACE INTO ${ANNOTATION_TABLE} VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, params)
  }
}

/** Removes the statuses of these interactions. */
export async function deleteAnnotationStatuses(engine: Engine, interactionIds: readonly string[]): Promise<void> {
  for (let i = 0; i < interactionIds.length; i += CHUNK) {
    const chunk = interactionIds.slice(i, i + CHUNK)
    await engine.run(`DELETE FROM ${ANNOTATION_TABLE} WHERE interaction_id IN (${chunk.map(() => '?').join(', ')})`, chunk)
  }
}

/** Replaces the whole table's content (a workspace was opened or annotations imported). */
export async function replaceAnnotationStatuses(engine: Engine, rows: readonly { interaction_id: string; status: string }[]): Promise<void> {
  await engine.run(`DELETE FROM ${ANNOTATION_TABLE}`)
  await upsertAnnotationStatuses(engine, rows)
}
