import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Scope } from '../../shared/scope'
import { createEngine, type Engine } from '../engine/engine'
import { compileScope } from '../analysis/scopeSql'
import { ENGINE_KINDS, loadInteractions } from '../analysis/testTable'
import { createAnnotationTable, deleteAnnotationStatuses, replaceAnnotationStatuses, upsertAnnotationStatuses } from './annotationTable'

describe.each(ENGINE_KINDS)('annotation status filter (%s engine)', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    ;({ engine } = await createEngine(kind))
    // five rows: ids a, b, c, a again, and one without an id
    await loadInteractions(engine, [{ interaction_id: 'a' }, { interaction_id: 'b' }, { interaction_id: 'c' }, { interaction_id: 'a' }, {}])
    await createAnnotationTable(engine)
  })
  afterAll(() => engine.close())

  const count = async (scope: Scope): Promise<number> => {
    const { where, params } = compileScope(scope)
    const [r] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM interactions WHERE ${where}`, params)
    return r.n
  }

  it('an empty table: every row is unreviewed, no row has a status', async () => {
    expect(await count({ annotation: ['unreviewed'] })).toBe(5)
    expect(await count({ annotation: ['open'] })).toBe(0)
  })

  it('follows upserts, deletes and replacement', async () => {
    await upsertAnnotationStatuses(engine, [
      { interaction_id: 'a', status: 'confirmed_failure' },
      { interaction_id: 'b', status: 'false_alarm' }
    ])
    expect(await count({ annotation: ['confirmed_failure'] })).toBe(2) // both rows of id a
    expect(await count({ annotation: ['unreviewed'] })).toBe(2) // c and the row without an id
    expect(await count({ annotation: ['unreviewed', 'false_alarm'] })).toBe(3)
    await upsertAnnotationStatuses(engine, [{ interaction_id: 'a', status: 'fixed' }])
    expect(await count({ annotation: ['confirmed_failure'] })).toBe(0)
    expect(await count({ annotation: ['fixed'] })).toBe(2)
    await deleteAnnotationStatuses(engine, ['b'])
    expect(await count({ annotation: ['unreviewed'] })).toBe(3)
    // many rows at once (more than one INSERT statement)
    await replaceAnnotationStatuses(engine, Array.from({ length: 1203 }, (_, i) => ({ interaction_id: i === 0 ? 'c' : `x${i}`, status: 'open' })))
    expect(await count({ annotation: ['open'] })).toBe(1)
    expect(await count({ annotation: ['fixed'] })).toBe(0)
    expect(await count({ annotation: ['open'], filters: { use_case: [null] } })).toBe(1)
  })
})

describe.each(ENGINE_KINDS)('annotation table values (%s engine)', (kind) => {
  it('keeps ids with separators, percent signs, quotes and non-ASCII exactly', async () => {
    const { engine } = await createEngine(kind)
    try {
      const ids = ['a\u001fb', '%1F', '%25%', "o'hara", 'ünï ✓', '', ' x ']
      await loadInteractions(engine, ids.map((interaction_id) => ({ interaction_id })))
      await createAnnotationTable(engine)
      await upsertAnnotationStatuses(engine, ids.map((interaction_id, i) => ({ interaction_id, status: i % 2 ? 'open' : 'fixed' })))
      const rows = await engine.all<{ interaction_id: string; status: string }>(`SELECT interaction_id, status FROM workbench_annotations ORDER BY interaction_id`)
      expect(rows.map((r) => r.interaction_id).sort()).toEqual([...ids].sort())
      const { where, params } = compileScope({ annotation: ['open'] })
      const [n] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM interactions WHERE ${where}`, params)
      expect(n.n).toBe(3)
      await deleteAnnotationStatuses(engine, ['a\u001fb', "o'hara"])
      const [m] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM workbench_annotations`)
      expect(m.n).toBe(5)
    } finally {
      await engine.close()
    }
  })
})
