import { describe, expect, it, vi } from 'vitest'
import type { InteractionPage } from '../../../../shared/explorer'
import { collectCsv, exportFileName, exportPlan } from './exportInteractions'

/** A server of `total` rows (id, score), answering pages like queryInteractions. */
function server(total: number) {
  return vi.fn(
    async (offset: number, limit: number): Promise<InteractionPage> => ({
      columns: ['interaction_id', 'note', 'ok'],
      rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => [`i${offset + i}`, (offset + i) % 2 ? 'a, "quoted"' : null, true]),
      total: -1,
      offset
    })
  )
}

describe('collectCsv', () => {
  it('pages through the view and writes one CSV with a header', async () => {
    const fetch = server(12)
    const progress: number[] = []
    const out = await collectCsv(fetch, { total: 12, pageSize: 5, onProgress: (done) => progress.push(done) })
    expect(fetch.mock.calls).toEqual([
      [0, 5],
      [5, 5],
      [10, 2]
    ])
    expect(progress).toEqual([5, 10, 12])
    expect(out.rows).toBe(12)
    expect(out.truncated).toBe(false)
    const lines = out.csv.trimEnd().split('\n')
    expect(lines).toHaveLength(13)
    expect(lines[0]).toBe('interaction_id,note,ok')
    expect(lines[1]).toBe('i0,,true')
    expect(lines[2]).toBe('i1,"a, ""quoted""",true')
  })

  it('stops at the row limit and says the view was cut', async () => {
    const fetch = server(1_000_000)
    const out = await collectCsv(fetch, { total: 1_000_000, limit: 10, pageSize: 4 })
    expect(out.rows).toBe(10)
    expect(out.truncated).toBe(true)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(exportPlan(250_000)).toEqual({ rows: 100_000, truncated: true })
    expect(exportPlan(2400)).toEqual({ rows: 2400, truncated: false })
  })

  it('asks nothing for an empty view, and stops when the data shrinks', async () => {
    const none = server(0)
    const empty = await collectCsv(none, { total: 0 })
    expect(none).not.toHaveBeenCalled()
    expect(empty.rows).toBe(0)
    const shrunk = await collectCsv(server(3), { total: 10, pageSize: 3 })
    expect(shrunk.rows).toBe(3)
  })

  it('can be cancelled between pages', async () => {
    const abort = new AbortController()
    const fetch = server(100)
    const run = collectCsv(fetch, { total: 100, pageSize: 10, signal: abort.signal, onProgress: (done) => done >= 20 && abort.abort() })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    expect(fetch).toHaveBeenCalledTimes(2)
  })
})

describe('exportFileName', () => {
  it('names the file after the UTC minute', () => {
    expect(exportFileName(new Date('2025-01-15T09:30:12Z'))).toBe('interactions_2025-01-15_0930.csv')
    expect(exportFileName(new Date('2025-01-15T23:05:00Z'), 'query')).toBe('query_2025-01-15_2305.csv')
  })
})
