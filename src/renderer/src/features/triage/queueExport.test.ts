import { describe, expect, it } from 'vitest'
import type { TriageQueueRow } from '../../../../shared/triage'
import { fetchWholeQueue, queueCsv, queueJson } from './queueExport'

function row(i: number): TriageQueueRow {
  return { interaction_id: `i${i}`, timestamp_utc: '2025-01-03 00:00:00+00:00', use_case: 'chat', model_provider: 'acme', model_name: 'm', cost_usd: 0.002, latency_ms: 1200, proba_failure: 0.9 - i / 1000, action_review: i < 3 }
}

describe('fetchWholeQueue', () => {
  it('reads every page in order', async () => {
    const all = Array.from({ length: 12 }, (_, i) => row(i))
    const asked: [number, number][] = []
    const progress: number[] = []
    const got = await fetchWholeQueue(
      async (offset, limit) => {
        asked.push([offset, limit])
        return { total: all.length, rows: all.slice(offset, offset + limit) }
      },
      5,
      (done) => progress.push(done)
    )
    expect(got.map((r) => r.interaction_id)).toEqual(all.map((r) => r.interaction_id))
    expect(asked).toEqual([
      [0, 5],
      [5, 5],
      [10, 5]
    ])
    expect(progress).toEqual([5, 10, 12])
  })

  it('refuses to mix two runs', async () => {
    let total = 8
    await expect(
      fetchWholeQueue(async (offset, limit) => {
        const r = { total, rows: Array.from({ length: Math.min(limit, total - offset) }, (_, i) => row(offset + i)) }
        total = 9
        return r
      }, 4)
    ).rejects.toThrow(/changed while it was exported/)
  })

  it('handles an empty queue', async () => {
    expect(await fetchWholeQueue(async () => ({ total: 0, rows: [] }))).toEqual([])
  })
})

describe('queue files', () => {
  it('writes the artifact columns, floats and booleans as the artifact does, nulls empty', () => {
    const csv = queueCsv([row(0), { ...row(5), interaction_id: 'b,1', cost_usd: null, latency_ms: 1500 }])
    expect(csv).toBe(
      'interaction_id,timestamp_utc,use_case,model_provider,model_name,cost_usd,latency_ms,proba_failure,action_review\n' +
        'i0,2025-01-03 00:00:00+00:00,chat,acme,m,0.002,1200.0,0.9,True\n' +
        '"b,1",2025-01-03 00:00:00+00:00,chat,acme,m,,1500.0,0.895,False\n'
    )
  })

  it('writes JSON that reads back to the same rows', () => {
    const rows = [row(1), row(2)]
    expect(JSON.parse(queueJson(rows))).toEqual(rows)
  })
})
