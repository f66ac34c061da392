import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine, type EngineKind } from '../engine/engine'
import { INTERACTION_COLUMNS } from '../../shared/schema'
import { failureRawExpr, flagExpr, lowerTrimExpr, numericExpr, planInteractions, readerTypeFor, timestampExpr } from './normalise'

describe.each<EngineKind>(['native', 'wasm'])('normalisation expressions on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
  })
  afterAll(async () => engine.close())

  it('parses timestamps with Z, +00:00, a space, a fraction, and applies non-zero offsets', async () => {
    const rows = await engine.all(
      `SELECT strftime(${timestampExpr('x')}, '%Y-%m-%d %H:%M:%S') AS v FROM (VALUES (1, '2025-03-25T11:14:35Z'), (2, '2025-02-02 07:39:59+00:00'),
        (3, '2025-02-02 07:39:59+02:00'), (4, '2025-02-02T07:39:59.5-0130'), (5, ' 2025-02-02 07:39:59 '), (6, 'garbage'), (7, NULL)) t(i, x) ORDER BY i`
    )
    expect(rows.map((r) => r.v)).toEqual([
      '2025-03-25 11:14:35',
      '2025-02-02 07:39:59',
      '2025-02-02 05:39:59',
      '2025-02-02 09:09:59',
      '2025-02-02 07:39:59',
      null,
      null
    ])
  })

  it('casts UTC text ending in +00:00 or Z directly, with the general parse for everything else', async () => {
    const rows = await engine.all<{ v: string | null }>(
      `SELECT strftime(${timestampExpr('x')}, '%Y-%m-%d %H:%M:%S.%f') AS v FROM (VALUES (1, ' 2025-02-01 00:02:16+00:00'), (2, '\t2025-02-01T00:02:16.5Z'),
        (3, '2025-02-01+00:00'), (4, '+00:00'), (5, 'Z'), (6, 'epoch+00:00'), (7, '2025-02-31 00:00:00Z'), (8, '2025-02-01 24:00:00+00:00'),
        (9, '2025-02-01 00:02:16 +00:00'), (10, '2025-02-01 00:02:16-00:00'), (11, '2025-02-01 00:02:16+00:00 '), (12, '2025-02-01 00:02:16zZ')) t(i, x) ORDER BY i`
    )
    expect(rows.map((r) => r.v)).toEqual([
      '2025-02-01 00:02:16.000000',
      '2025-02-01 00:02:16.500000',
      null,
      null,
      null,
      null,
      null,
      '2025-02-02 00:00:00.000000',
      null,
      '2025-02-01 00:02:16.000000',
      '2025-02-01 00:02:16.000000',
      null
    ])
  })

  it('lower-cases and trims text, empty as null, with the common values taken as they are', async () => {
    const rows = await engine.all<{ v: string | null; w: string | null }>(
      `SELECT ${lowerTrimExpr('x', ['train', 'val'])} AS v, ${lowerTrimExpr('x', [])} AS w
       FROM (VALUES (1, 'train'), (2, ' Train '), (3, 'VAL'), (4, ''), (5, '   '), (6, NULL), (7, 'Test')) t(i, x) ORDER BY i`
    )
    expect(rows.map((r) => r.v)).toEqual(['train', 'train', 'val', null, null, null, 'test'])
    expect(rows.map((r) => r.w)).toEqual(['train', 'train', 'val', null, null, null, 'test'])
  })

  it('parses flags: words and non-zero numbers are true, anything else false', async () => {
    const rows = await engine.all(
      `SELECT ${flagExpr('x')} AS v FROM (VALUES (1,'True'),(2,' yes '),(3,'Y'),(4,'t'),(5,'1'),(6,'2.5'),(7,'-1'),(8,'false'),(9,'0'),(10,'no'),(11,''),(12,NULL),(13,'maybe'),(14,'0.0'),(15,'nan')) t(i,x) ORDER BY i`
    )
    expect(rows.map((r) => r.v)).toEqual([true, true, true, true, true, true, true, false, false, false, false, false, false, false, false])
  })

  it('marks a null or unrecognised is_failure as missing', async () => {
    const rows = await engine.all(
      `SELECT ${failureRawExpr('x')} AS v FROM (VALUES (1,'TRUE'),(2,'0'),(3,NULL),(4,'maybe'),(5,'1.0'),(6,'F')) t(i,x) ORDER BY i`
    )
    expect(rows.map((r) => r.v)).toEqual([true, false, null, null, true, false])
  })

  it('plans the text and the typed select without a join, which would lose the file order of a parallel load', async () => {
    const columns = Object.keys(INTERACTION_COLUMNS).map((c) => ({ name: c, header: c }))
    const sniffed = new Map(Object.entries(INTERACTION_COLUMNS).map(([c, t]) => [c, t === 'double' ? 'DOUBLE' : t === 'flag' ? 'BOOLEAN' : 'VARCHAR']))
    for (const plan of [planInteractions(columns), planInteractions(columns, sniffed)]) {
      // A source table typed as the reader would type it for this plan.
      await engine.run(`CREATE OR REPLACE TABLE raw_source AS SELECT ${columns.map((c) => `CAST(NULL AS ${plan.readerTypes.get(c.name) ?? 'VARCHAR'}) AS "${c.name}"`).join(', ')}`)
      const [row] = await engine.all(`EXPLAIN SELECT ${plan.selectList} FROM raw_source`)
      expect(String(row.explain_value)).not.toMatch(/JOIN|MARK/)
    }
  })

  it('turns unparseable and infinite numbers into null', async () => {
    const rows = await engine.all(
      `SELECT ${numericExpr('x')} AS v FROM (VALUES (1,' 12.5 '),(2,'inf'),(3,'-Infinity'),(4,'abc'),(5,'NaN'),(6,'1e3'),(7,NULL)) t(i,x) ORDER BY i`
    )
    expect(rows.map((r) => r.v)).toEqual([12.5, null, null, null, null, 1000, null])
  })
})

describe('planInteractions', () => {
  it('maps aliases only when the canonical column is absent, and lists unknown and duplicate columns', () => {
    const plan = planInteractions(
      ['interaction_id', 'prompt', 'model', 'latency', 'cost_usd', 'Cost', 'weird', 'interaction_id'].map((h, i) => ({ name: `c${i}`, header: h }))
    )
    expect(plan.mapping).toEqual({ request_text: 'prompt', model_name: 'model', latency_ms: 'latency' })
    expect(plan.unknown).toEqual(['Cost', 'weird'])
    expect(plan.duplicates).toEqual(['interaction_id'])
    expect(plan.derived).toEqual([])
  })

  it('has the reader type only numbers and flags whose sample parsed, never timestamps or text', () => {
    expect(readerTypeFor('double', 'BIGINT')).toBe('DOUBLE')
    expect(readerTypeFor('double', 'DOUBLE')).toBe('DOUBLE')
    expect(readerTypeFor('double', 'VARCHAR')).toBeNull()
    expect(readerTypeFor('double', 'BOOLEAN')).toBeNull()
    expect(readerTypeFor('flag', 'BOOLEAN')).toBe('BOOLEAN')
    expect(readerTypeFor('flag', 'BIGINT')).toBeNull()
    expect(readerTypeFor('timestamp', 'TIMESTAMP')).toBeNull()
    expect(readerTypeFor('text', 'BIGINT')).toBeNull()
    expect(readerTypeFor('double', undefined)).toBeNull()
    const plan = planInteractions(
      ['latency_ms', 'is_failure', 'timestamp_utc', 'mystery', 'duration_ms'].map((h, i) => ({ name: `c${i}`, header: h })),
      new Map([['c0', 'BIGINT'], ['c1', 'BOOLEAN'], ['c2', 'TIMESTAMP WITH TIME ZONE'], ['c3', 'DOUBLE'], ['c4', 'DOUBLE']])
    )
    // duration_ms is an alias of latency_ms, present here, so it stays an unknown text column.
    expect([...plan.readerTypes.entries()]).toEqual([['c0', 'DOUBLE'], ['c1', 'BOOLEAN']])
    expect(planInteractions([{ name: 'latency_ms', header: 'latency_ms' }]).readerTypes.size).toBe(0)
  })

  it('derives tokens_per_second and prompt_to_completion_ratio when absent', () => {
    const plan = planInteractions(['latency_ms', 'prompt_tokens', 'completion_tokens', 'total_tokens'].map((h) => ({ name: h, header: h })))
    expect(plan.derived).toEqual(['tokens_per_second', 'prompt_to_completion_ratio'])
  })
})
