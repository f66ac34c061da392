import { describe, expect, it, vi } from 'vitest'
import { ResultMemo } from './resultMemo'

describe('ResultMemo', () => {
  it('computes once per key, whatever the key order of its objects', async () => {
    const memo = new ResultMemo()
    const compute = vi.fn(async () => 42)
    const a = memo.get(['health', { from: 'a', to: 'b' }], compute)
    const b = memo.get(['health', { to: 'b', from: 'a' }], compute)
    expect(await a).toBe(42)
    expect(await b).toBe(42)
    expect(compute).toHaveBeenCalledTimes(1)
    await memo.get(['burn', { from: 'a', to: 'b' }], compute)
    expect(compute).toHaveBeenCalledTimes(2)
  })

  it('shares a computation still running', async () => {
    const memo = new ResultMemo()
    let resolve!: (v: number) => void
    const compute = vi.fn(() => new Promise<number>((r) => (resolve = r)))
    const a = memo.get(['k'], compute)
    const b = memo.get(['k'], compute)
    resolve(7)
    expect(await Promise.all([a, b])).toEqual([7, 7])
    expect(compute).toHaveBeenCalledTimes(1)
  })

  it('forgets a failure so the next caller computes again', async () => {
    const memo = new ResultMemo()
    await expect(memo.get(['k'], () => Promise.reject(new Error('interrupted')))).rejects.toThrow('interrupted')
    expect(await memo.get(['k'], async () => 1)).toBe(1)
  })

  it('drops the least recently used result beyond its capacity', async () => {
    const memo = new ResultMemo(2)
    const compute = vi.fn(async () => 0)
    await memo.get(['a'], compute)
    await memo.get(['b'], compute)
    await memo.get(['a'], compute) // a is now the most recent
    await memo.get(['c'], compute) // drops b
    expect(memo.size).toBe(2)
    await memo.get(['a'], compute)
    expect(compute).toHaveBeenCalledTimes(3)
    await memo.get(['b'], compute)
    expect(compute).toHaveBeenCalledTimes(4)
  })

  it('clear forgets everything', async () => {
    const memo = new ResultMemo()
    const compute = vi.fn(async () => 0)
    await memo.get(['a'], compute)
    memo.clear()
    await memo.get(['a'], compute)
    expect(compute).toHaveBeenCalledTimes(2)
  })
})
