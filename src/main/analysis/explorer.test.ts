import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { distinctValues, getInteraction, queryInteractions, runSql, stripSqlLiterals } from './explorer'
import { ENGINE_KINDS, loadInteractions, type FixtureRow } from './testTable'

const ROWS: FixtureRow[] = [
  { interaction_id: 'a', session_id: 's1', timestamp_utc: '2025-01-01 10:00:00', use_case: 'x', latency_ms: 300, request_text: 'Hello world', is_failure: false },
  { interaction_id: 'b', session_id: 's1', timestamp_utc: '2025-01-01 09:00:00', use_case: 'y', latency_ms: 100, request_text: 'SQL please', is_failure: true },
  { interaction_id: 'c', session_id: 's2', timestamp_utc: '2025-01-02 10:00:00', use_case: 'x', latency_ms: null, request_text: 'hello again', is_failure: false },
  { interaction_id: 'd', session_id: 's1', timestamp_utc: '2025-01-03 10:00:00', use_case: null, latency_ms: 200, request_text: null, is_failure: false }
]

describe.each(ENGINE_KINDS)('explorer queries on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, ROWS)
  })
  afterAll(async () => engine.close())

  const page = (over: Partial<Parameters<typeof queryInteractions>[1]>): ReturnType<typeof queryInteractions> =>
    queryInteractions(engine, { scope: {}, sort: [], offset: 0, limit: 10, columns: ['interaction_id', 'latency_ms', 'timestamp_utc'], withTotal: true, ...over })

  it('pages and sorts on the server, nulls last, file order breaking ties', async () => {
    const p = await page({ sort: [{ column: 'latency_ms', desc: false }], limit: 2, offset: 1 })
    expect(p.total).toBe(4)
    expect(p.columns).toEqual(['interaction_id', 'latency_ms', 'timestamp_utc'])
    expect(p.rows).toEqual([
      ['d', 200, '2025-01-03T10:00:00Z'],
      ['a', 300, '2025-01-01T10:00:00Z']
    ])
    expect((await page({ sort: [{ column: 'latency_ms', desc: true }] })).rows.map((r) => r[0])).toEqual(['a', 'd', 'b', 'c'])
    expect((await page({})).rows.map((r) => r[0])).toEqual(['a', 'b', 'c', 'd'])
  })

  it('filters by scope and full text, and refuses unknown sort columns', async () => {
    const p = await page({ scope: { text: 'HELLO', filters: { use_case: ['x'] } } })
    expect(p.rows.map((r) => r[0])).toEqual(['a', 'c'])
    expect(p.total).toBe(2)
    await expect(page({ sort: [{ column: 'nope; DROP TABLE interactions', desc: false }] })).rejects.toThrow(/unknown column/)
    expect((await page({ columns: ['nope', 'interaction_id'] })).columns).toEqual(['interaction_id'])
  })

  it('returns one interaction with its session in time order', async () => {
    const d = await getInteraction(engine, 'a')
    expect(d.fields.find((f) => f.name === 'request_text')?.value).toBe('Hello world')
    expect(d.session.map((s) => s.interaction_id)).toEqual(['b', 'a', 'd'])
    await expect(getInteraction(engine, 'zzz')).rejects.toThrow(/not in the loaded data/)
  })

  it('lists distinct values with counts, null included', async () => {
    expect(await distinctValues(engine, 'use_case', {}, 10)).toEqual([
      { value: 'x', count: 2 },
      { value: 'y', count: 1 },
      { value: null, count: 1 }
    ])
  })

  it('runs one SELECT and refuses a second statement', async () => {
    expect((await runSql(engine, 'SELECT count(*) AS n FROM interactions;', 10)).rows).toEqual([[4]])
    const capped = await runSql(engine, 'SELECT * FROM range(5)', 3)
    expect([capped.rows.length, capped.truncated]).toEqual([3, true])
    await expect(runSql(engine, 'SELECT 1; DELETE FROM interactions', 10)).rejects.toThrow(/one query at a time/)
    await expect(runSql(engine, 'DELETE FROM interactions', 10)).rejects.toThrow()
    expect((await runSql(engine, "SELECT ';' AS s -- ; comment", 10)).rows).toEqual([[';']])
    expect(stripSqlLiterals("a ';' \"b;\" /* ; */ c")).toBe('a       c')
  })
})
