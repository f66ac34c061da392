// Tests of the feature frame: every field of hand-written rows, the scope, large dictionaries (joined, several packed columns) and the timestamp text.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { ResultMemo } from './resultMemo'
import { categoryDictionaries, formatUtcMicros, loadFeatureFrame, ROLE_CALIBRATION, ROLE_EVALUATION, ROLE_FIT, ROLE_NONE, sharedFeatureFrame } from './featureFrame'
import { ENGINE_KINDS, fixtureContext, loadInteractions } from './testTable'

describe('formatUtcMicros', () => {
  it('writes the artifact format with the seconds truncated, before 1970 too', () => {
    expect(formatUtcMicros(Date.UTC(2025, 1, 3, 4, 5, 6) * 1000 + 999_999)).toBe('2025-02-03 04:05:06+00:00')
    expect(formatUtcMicros(-1)).toBe('1969-12-31 23:59:59+00:00')
  })
})

describe.each(ENGINE_KINDS)('loadFeatureFrame on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
  })
  afterAll(async () => engine.close())

  it('holds the scope’s timed rows in table order with roles, flags, numbers and codes', async () => {
    await loadInteractions(engine, [
      { timestamp_utc: '2025-01-01 00:00:01', in_history: true, win_role: 'fit', is_failure: true, latency_ms: 10, channel: 'web', model_name: 'b' },
      { timestamp_utc: null, win_role: null, latency_ms: 99, channel: 'web' },
      { timestamp_utc: '2025-01-02 00:00:00', win_role: 'evaluation', latency_ms: null, channel: null, model_name: 'a' },
      { timestamp_utc: '2025-01-01 12:00:00', in_history: true, win_role: 'calibration', latency_ms: 2.5, channel: "it's", model_name: 'b' },
      { timestamp_utc: '2025-01-03 00:00:00', win_role: null, latency_ms: -1, channel: 'api', model_name: 'c' }
    ])
    const ctx = fixtureContext(engine)
    const f = await loadFeatureFrame(ctx, { numeric: ['latency_ms'], categorical: ['channel', 'model_name'] })
    expect(f.n).toBe(4)
    expect(Array.from(f.us)).toEqual(['2025-01-01T00:00:01Z', '2025-01-02T00:00:00Z', '2025-01-01T12:00:00Z', '2025-01-03T00:00:00Z'].map((t) => Date.parse(t) * 1000))
    expect(Array.from(f.role)).toEqual([ROLE_FIT, ROLE_EVALUATION, ROLE_CALIBRATION, ROLE_NONE])
    expect(Array.from(f.inHistory)).toEqual([1, 0, 1, 0])
    expect(Array.from(f.failure)).toEqual([1, 0, 0, 0])
    expect(Array.from(f.numeric.latency_ms)).toEqual([10, NaN, 2.5, -1])
    const decode = (name: string): (string | null)[] => Array.from(f.categorical[name].codes, (c) => (c < 0 ? null : f.categorical[name].dictionary[c]))
    expect(f.categorical.channel.dictionary).toEqual(['api', "it's", 'web'])
    expect(decode('channel')).toEqual(['web', null, "it's", 'api'])
    expect(decode('model_name')).toEqual(['b', 'a', 'b', 'c'])
    // The scope applies; the dictionary stays the whole table's.
    const scoped = await loadFeatureFrame(fixtureContext(engine, { scope: { filters: { channel: ['api', 'web'] } } }), { numeric: [], categorical: ['channel'] })
    expect(scoped.n).toBe(2)
    expect(scoped.categorical.channel.dictionary).toEqual(['api', "it's", 'web'])
  })

  it('joins large dictionaries, packs codes into several columns and keeps table order', async () => {
    await loadInteractions(engine, [])
    // Four dictionaries of 70,000 values: too many to inline, and more than one exact double can hold.
    await engine.run(
      `INSERT INTO interactions (timestamp_utc, win_role, model_name, use_case, channel, region, latency_ms)
       SELECT TIMESTAMP '2025-01-01' + to_seconds((i % 1000)::BIGINT), 'fit',
              'm' || (i % 70000), 'u' || ((i * 7) % 70000), 'c' || ((i * 11) % 70000), CASE WHEN i % 5 = 0 THEN NULL ELSE 'r' || ((i * 13) % 70000) END, i
       FROM range(80000) t(i)`
    )
    const ctx = { ...fixtureContext(engine), memo: new ResultMemo() }
    const cats = ['model_name', 'use_case', 'channel', 'region']
    const f = await loadFeatureFrame(ctx, { numeric: ['latency_ms'], categorical: cats })
    expect(f.n).toBe(80000)
    expect(Array.from(f.numeric.latency_ms.subarray(0, 5))).toEqual([0, 1, 2, 3, 4])
    const want = await engine.columns(`SELECT ${cats.join(', ')} FROM interactions ORDER BY rowid`)
    cats.forEach((c, k) => {
      const got = Array.from(f.categorical[c].codes, (code) => (code < 0 ? null : f.categorical[c].dictionary[code]))
      expect(got, c).toEqual(want.data[k])
    })
    // The dictionaries were computed once for this dataset.
    expect(await categoryDictionaries(ctx, cats)).toBe(await categoryDictionaries(ctx, cats))
  })

  it('shares one frame per scope through the memo: reused, widened, replaced by another scope, not kept when too large', async () => {
    await loadInteractions(engine, [
      { timestamp_utc: '2025-01-01 00:00:01', win_role: 'fit', latency_ms: 10, cost_usd: 0.5, channel: 'web' },
      { timestamp_utc: '2025-01-02 00:00:00', win_role: 'evaluation', latency_ms: 20, cost_usd: 0.25, channel: 'api' },
      { timestamp_utc: '2025-01-03 00:00:00', win_role: 'evaluation', latency_ms: 30, cost_usd: null, channel: 'web' }
    ])
    const memo = new ResultMemo()
    const ctx = { ...fixtureContext(engine), memo }
    const a = await sharedFeatureFrame(ctx, { numeric: ['latency_ms'], categorical: ['channel'] })
    expect(Array.from(a.numeric.latency_ms)).toEqual([10, 20, 30])
    // Same scope, features it holds: the very frame.
    expect(await sharedFeatureFrame(ctx, { numeric: ['latency_ms'], categorical: [] })).toBe(a)
    // More features: one frame with both sets, which then serves the first request too.
    const b = await sharedFeatureFrame(ctx, { numeric: ['cost_usd'], categorical: [] })
    expect(b).not.toBe(a)
    expect(Array.from(b.numeric.latency_ms)).toEqual([10, 20, 30])
    expect(Array.from(b.numeric.cost_usd)).toEqual([0.5, 0.25, NaN])
    expect(Array.from(b.categorical.channel.codes)).toEqual([1, 0, 1])
    expect(await sharedFeatureFrame(ctx, { numeric: ['latency_ms'], categorical: ['channel'] })).toBe(b)
    // Another scope: its own frame, and only the latest scope's is kept.
    const scoped = { ...ctx, scope: { filters: { channel: ['web'] } } }
    const c = await sharedFeatureFrame(scoped, { numeric: ['latency_ms'], categorical: [] })
    expect(Array.from(c.numeric.latency_ms)).toEqual([10, 30])
    expect(memo.peek(['featureFrame', {}])).toBeUndefined()
    expect(await sharedFeatureFrame(scoped, { numeric: ['latency_ms'], categorical: [] })).toBe(c)
    // A frame above the row limit is pulled by each request; without a memo, every call pulls.
    const big1 = await sharedFeatureFrame(ctx, { numeric: ['latency_ms'], categorical: [] }, 2)
    const big2 = await sharedFeatureFrame(ctx, { numeric: ['latency_ms'], categorical: [] }, 2)
    expect(big2).not.toBe(big1)
    expect(Array.from(big2.numeric.latency_ms)).toEqual([10, 20, 30])
    const bare = fixtureContext(engine)
    expect(await sharedFeatureFrame(bare, { numeric: ['latency_ms'], categorical: [] })).not.toBe(await sharedFeatureFrame(bare, { numeric: ['latency_ms'], categorical: [] }))
    // Requests arriving together share one pull.
    memo.clear()
    const [x, y] = await Promise.all([sharedFeatureFrame(ctx, { numeric: ['latency_ms'], categorical: [] }), sharedFeatureFrame(ctx, { numeric: ['latency_ms'], categorical: [] })])
    expect(x).toBe(y)
  })
})
