import { describe, expect, it, vi } from 'vitest'
import { reducerStore } from './reducerStore'

describe('reducerStore', () => {
  const reducer = (s: { n: number }, a: 'inc' | 'same'): { n: number } => (a === 'inc' ? { n: s.n + 1 } : s)

  it('applies actions and tells listeners only of real changes', () => {
    const store = reducerStore(reducer, { n: 0 })
    const heard = vi.fn()
    const off = store.subscribe(heard)
    store.dispatch('inc')
    store.dispatch('same')
    expect(store.get()).toEqual({ n: 1 })
    expect(heard).toHaveBeenCalledTimes(1)
    off()
    store.dispatch('inc')
    expect(store.get()).toEqual({ n: 2 })
    expect(heard).toHaveBeenCalledTimes(1)
  })
})
