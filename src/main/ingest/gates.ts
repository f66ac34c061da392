/** Integrity gates of PIPELINE.md section 2: keys, foreign keys, token accounting and missing-data rates. */
import type { Knobs } from '../../shared/knobs'
import type { TableKind } from '../../shared/schema'
import type { GateResult } from '../../shared/types'
import type { Engine } from '../engine/engine'
import { ident } from './sql'

const PK_DETAIL = 'offending = duplicate rows beyond the first occurrence + null keys'
const FK_DETAIL = 'offending = rows whose key is absent'

function skipped(gate: string, reason: string): GateResult {
  return { gate, status: 'skipped', reason, offending_count: 0, examples: [] }
}

/** Tables that exist in the engine, with the columns each has (after normalisation). */
export type TableColumns = Partial<Record<TableKind, Set<string>>>

async function primaryKey(engine: Engine, table: string, key: string, gate: string): Promise<GateResult> {
  const k = ident(key)
  const [r] = await engine.all<{ dup: number; nulls: number }>(
    `SELECT (count(${k}) - count(DISTINCT ${k}))::BIGINT AS dup, (count(*) - count(${k}))::BIGINT AS nulls FROM ${table}`
  )
  // Examples cost a second grouping of every key: only looked for when there are duplicates.
  const ex =
    r.dup > 0
      ? await engine.all<{ k: string }>(
          `SELECT CAST(${k} AS VARCHAR) AS k FROM ${table} WHERE ${k} IS NOT NULL GROUP BY ${k} HAVING count(*) > 1 ORDER BY min(rowid) LIMIT 5`
        )
      : []
  const offending = r.dup + r.nulls
  const examples = ex.map((e) => e.k)
  if (r.nulls > 0 && examples.length < 5) examples.push(`(${r.nulls} null key${r.nulls === 1 ? '' : 's'})`)
  return { gate, status: offending === 0 ? 'pass' : 'fail', offending_count: offending, examples, detail: PK_DETAIL }
}

async function foreignKey(engine: Engine, child: string, key: string, parent: string, parentKey: string, gate: string): Promise<GateResult> {
  // A null key is "not in" the parent, as pandas' isin treats it: it counts as offending.
  const ck = ident(key)
  const pk = ident(parentKey)
  const where = `c.${ck} IS NULL OR NOT EXISTS (SELECT 1 FROM ${parent} p WHERE p.${pk} = c.${ck})`
  // Counted as all rows less those with a match (a null key never matches): the optimizer may then
  // build its hash table on the smaller side, half the time when the parent is interactions.
  const [r] = await engine.all<{ n: number }>(
    `SELECT ((SELECT count(*) FROM ${child}) - (SELECT count(*) FROM ${child} c SEMI JOIN ${parent} p ON p.${pk} = c.${ck}))::BIGINT AS n`
  )
  const ex = r.n > 0 ? await engine.all<{ k: string | null }>(`SELECT CAST(c.${ck} AS VARCHAR) AS k FROM ${child} c WHERE ${where} ORDER BY c.rowid LIMIT 5`) : []
  return {
    gate,
    status: r.n === 0 ? 'pass' : 'fail',
    offending_count: r.n,
    examples: ex.map((e) => e.k ?? '(null key)'),
    detail: FK_DETAIL
  }
}

/** Runs every gate; a gate that needs an absent table or column is `skipped`, never `pass`. */
export async function runGates(engine: Engine, tables: TableColumns, presentInteractionColumns: Set<string>, knobs: Knobs): Promise<GateResult[]> {
  const gates: GateResult[] = []
  const has = (t: TableKind): boolean => tables[t] !== undefined
  const hasCol = (t: TableKind, c: string): boolean => tables[t]?.has(c) ?? false

  gates.push(
    presentInteractionColumns.has('interaction_id')
      ? await primaryKey(engine, 'interactions', 'interaction_id', 'pk_interactions_interaction_id_unique')
      : { gate: 'pk_interactions_interaction_id_unique', status: 'fail', offending_count: await rowCount(engine, 'interactions'), examples: [], detail: 'column interaction_id is absent: no row has a key' }
  )
  for (const [t, key] of [['sessions', 'session_id'], ['users', 'user_id']] as const) {
    const gate = `pk_${t}_${key}_unique`
    if (!has(t)) gates.push(skipped(gate, 'skipped (table absent)'))
    else if (!hasCol(t, key)) gates.push({ gate, status: 'fail', offending_count: await rowCount(engine, t), examples: [], detail: `column ${key} is absent from ${t}` })
    else gates.push(await primaryKey(engine, t, key, gate))
  }
  for (const [t, key] of [['sessions', 'session_id'], ['users', 'user_id']] as const) {
    const gate = `fk_interactions_${key}_in_${t}`
    if (!has(t)) gates.push(skipped(gate, 'skipped (table absent)'))
    else if (!hasCol(t, key)) gates.push(skipped(gate, `skipped (column ${key} absent from ${t})`))
    else if (!presentInteractionColumns.has(key)) gates.push(skipped(gate, `skipped (column ${key} absent from interactions)`))
    else gates.push(await foreignKey(engine, 'interactions', key, t, key, gate))
  }
  if (!has('samples')) {
    gates.push(skipped('samples_interaction_id_unique', 'skipped (table absent)'))
    gates.push(skipped('fk_samples_interaction_id_in_interactions', 'skipped (table absent)'))
  } else if (!hasCol('samples', 'interaction_id')) {
    gates.push({ gate: 'samples_interaction_id_unique', status: 'fail', offending_count: await rowCount(engine, 'samples'), examples: [], detail: 'column interaction_id is absent from samples' })
    gates.push(skipped('fk_samples_interaction_id_in_interactions', 'skipped (column interaction_id absent from samples)'))
  } else {
    gates.push(await primaryKey(engine, 'samples', 'interaction_id', 'samples_interaction_id_unique'))
    gates.push(await foreignKey(engine, 'samples', 'interaction_id', 'interactions', 'interaction_id', 'fk_samples_interaction_id_in_interactions'))
  }
  const counts = await interactionCounts(engine, presentInteractionColumns)
  gates.push(await tokenAccounting(engine, presentInteractionColumns, counts))
  gates.push(await missingRate(engine, 'latency_missing_rate', 'latency_ms', presentInteractionColumns, knobs.MAX_LATENCY_MISSING_RATE, counts))
  gates.push(await missingRate(engine, 'cost_missing_rate', 'cost_usd', presentInteractionColumns, knobs.MAX_COST_MISSING_RATE, counts))
  return gates
}

/** What the token-accounting and missing-rate gates count, from one scan of interactions. */
interface InteractionCounts {
  rows: number
  /** rows with all three token columns (0 when a token column is absent) */
  checked: number
  /** of those, rows whose rounded total is not prompt + completion */
  bad: number
  /** null values per column (the column's row count when it is absent) */
  missing: Record<'latency_ms' | 'cost_usd', number>
}

const ALL3 = 'prompt_tokens IS NOT NULL AND completion_tokens IS NOT NULL AND total_tokens IS NOT NULL'
const TOKENS_BAD = 'round_even(total_tokens, 0) <> round_even(prompt_tokens, 0) + round_even(completion_tokens, 0)'

async function interactionCounts(engine: Engine, present: Set<string>): Promise<InteractionCounts> {
  const tokens = ['prompt_tokens', 'completion_tokens', 'total_tokens'].every((c) => present.has(c))
  const miss = (c: string): string => (present.has(c) ? `(count(*) - count(${ident(c)}))::BIGINT` : 'count(*)::BIGINT')
  const [r] = await engine.all<{ rows: number; checked: number; bad: number; lat: number; cost: number }>(
    `SELECT count(*)::BIGINT AS rows,
       ${tokens ? `count(*) FILTER (WHERE ${ALL3})::BIGINT` : '0'} AS checked,
       ${tokens ? `count(*) FILTER (WHERE ${ALL3} AND ${TOKENS_BAD})::BIGINT` : '0'} AS bad,
       ${miss('latency_ms')} AS lat, ${miss('cost_usd')} AS cost
     FROM interactions`
  )
  return { rows: r.rows, checked: r.checked, bad: r.bad, missing: { latency_ms: r.lat, cost_usd: r.cost } }
}

async function rowCount(engine: Engine, table: string): Promise<number> {
  const [r] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${table}`)
  return r.n
}

async function tokenAccounting(engine: Engine, present: Set<string>, counts: InteractionCounts): Promise<GateResult> {
  const gate = 'token_accounting'
  const cols = ['prompt_tokens', 'completion_tokens', 'total_tokens']
  const missing = cols.filter((c) => !present.has(c))
  if (missing.length > 0) return skipped(gate, `skipped (column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} absent)`)
  if (counts.checked === 0) {
    return { gate, status: 'fail', offending_count: 0, examples: [], detail: 'token columns exist but no row has all three of prompt, completion and total tokens' }
  }
  const ex =
    counts.bad > 0
      ? await engine.all<{ k: string | null }>(`SELECT CAST(interaction_id AS VARCHAR) AS k FROM interactions WHERE ${ALL3} AND ${TOKENS_BAD} ORDER BY rowid LIMIT 5`)
      : []
  return { gate, status: counts.bad === 0 ? 'pass' : 'fail', offending_count: counts.bad, examples: ex.map((e) => e.k ?? '(null key)'), detail: `checked ${counts.checked} rows` }
}

async function missingRate(engine: Engine, gate: string, column: 'latency_ms' | 'cost_usd', present: Set<string>, max: number, counts: InteractionCounts): Promise<GateResult> {
  const missing = counts.missing[column]
  // An absent column is 100% missing.
  const share = !present.has(column) ? 1 : counts.rows === 0 ? 0 : missing / counts.rows
  const ex =
    present.has(column) && missing > 0
      ? (await engine.all<{ k: string | null }>(`SELECT CAST(interaction_id AS VARCHAR) AS k FROM interactions WHERE ${ident(column)} IS NULL ORDER BY rowid LIMIT 5`)).map((e) => e.k ?? '(null key)')
      : []
  return {
    gate,
    status: share > max ? 'fail' : 'pass',
    offending_count: missing,
    examples: ex,
    detail: `${present.has(column) ? '' : `column ${column} absent; `}missing share ${share.toFixed(6)} vs max ${max}`,
    missing_share: share
  }
}
