/** The DuckDB mirror of the workspace's annotation statuses, so the scope's annotation filter is a plain bound subquery. */
import type { Engine, SqlValue } from '../engine/engine'

/** Table name the scope compiler reads; created at every dataset load. */
export const ANNOTATION_TABLE = 'workbench_annotations'

/** Values per statement: sent as one bound string each side, split in SQL (one statement, not one per row). */
const CHUNK = 50_000

/** The unit separator joins values into one bound string; values are escaped so none can contain it. */
const SEP = '\u001f'
const encode = (v: string): string => v.replace(/%/g, '%25').replace(/\u001f/g, '%1F')
const DECODE = (expr: string): string => `replace(replace(${expr}, '%1F', chr(31)), '%25', '%')`

/** Creates the (empty) table; a dataset load calls this before the engine is locked, so a filter never fails. */
export async function createAnnotationTable(engine: Engine): Promise<void> {
  // No key index: the store keeps one row per interaction (an upsert deletes first), and bulk loads stay cheap.
  await engine.run(`CREATE OR REPLACE TABLE ${ANNOTATION_TABLE} (interaction_id VARCHAR NOT NULL, status VARCHAR NOT NULL)`)
}

/** The bound parameters of a list: every value escaped, joined into one string. */
function packed(values: readonly string[]): SqlValue {
  return values.map(encode).join(SEP)
}

/** Appends rows whose interactions have no row yet (one per interaction: the caller's rows are unique). */
async function insertStatuses(engine: Engine, rows: readonly { interaction_id: string; status: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    // Two lists of equal length, unnested side by side: row k of one goes with row k of the other.
    await engine.run(
      `INSERT INTO ${ANNOTATION_TABLE}
       SELECT ${DECODE('id')}, ${DECODE('status')} FROM (SELECT unnest(string_split(?, chr(31))) AS id, unnest(string_split(?, chr(31))) AS status)`,
      [packed(chunk.map((r) => r.interaction_id)), packed(chunk.map((r) => r.status))]
    )
  }
}

/** Sets the status of each interaction (replacing any it had). */
export async function upsertAnnotationStatuses(engine: Engine, rows: readonly { interaction_id: string; status: string }[]): Promise<void> {
  const unique = [...new Map(rows.map((r) => [r.interaction_id, r])).values()]
  await deleteAnnotationStatuses(engine, unique.map((r) => r.interaction_id))
  await insertStatuses(engine, unique)
}

/** Removes the statuses of these interactions. */
export async function deleteAnnotationStatuses(engine: Engine, interactionIds: readonly string[]): Promise<void> {
  for (let i = 0; i < interactionIds.length; i += CHUNK) {
    const chunk = interactionIds.slice(i, i + CHUNK)
    await engine.run(`DELETE FROM ${ANNOTATION_TABLE} WHERE interaction_id IN (SELECT ${DECODE('unnest(string_split(?, chr(31)))')})`, [packed(chunk)])
  }
}

/** Replaces the whole table's content (a workspace was opened or annotations imported). */
export async function replaceAnnotationStatuses(engine: Engine, rows: readonly { interaction_id: string; status: string }[]): Promise<void> {
  await engine.run(`DELETE FROM ${ANNOTATION_TABLE}`)
  await insertStatuses(engine, [...new Map(rows.map((r) => [r.interaction_id, r])).values()])
}
