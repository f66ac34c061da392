// @vitest-environment jsdom
import { act, cleanup, render, renderHook, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { queryCache } from './queryCache'
import { useQuery } from './useQuery'

const calls: { method: string; req: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = []

vi.mock('./client', () => ({
  call: (method: string, req: unknown) =>
    new Promise((resolve, reject) => {
      calls.push({ method, req, resolve, reject })
    })
}))

beforeEach(() => {
  calls.length = 0
  queryCache.clear()
})
afterEach(cleanup)

describe('useQuery', () => {
  it('loads, then serves equal requests from the cache', async () => {
    const { result } = renderHook(() => useQuery('getKnobs', {}))
    expect(result.current.loading).toBe(true)
    expect(calls).toHaveLength(1)
    await act(async () => calls[0].resolve({ SLA_MS: 2200 }))
    expect(result.current.data).toEqual({ SLA_MS: 2200 })
    expect(result.current.loading).toBe(false)

    const second = renderHook(() => useQuery('getKnobs', {}))
    expect(second.result.current.data).toEqual({ SLA_MS: 2200 })
    expect(second.result.current.loading).toBe(false)
    expect(calls).toHaveLength(1)
  })

  it('ignores a response that arrives after the request changed', async () => {
    const { result, rerender } = renderHook(({ to }) => useQuery('getHealth', { scope: { to } }), { initialProps: { to: '2025-01-01' } })
    rerender({ to: '2025-02-01' })
    expect(calls).toHaveLength(2)
    await act(async () => calls[1].resolve({ interactions: 2 }))
    expect(result.current.data).toEqual({ interactions: 2 })
    await act(async () => calls[0].resolve({ interactions: 1 }))
    expect(result.current.data).toEqual({ interactions: 2 })
    expect(result.current.stale).toBe(false)
  })

  it('keeps the previous value, marked stale, while the next request loads', async () => {
    const { result, rerender } = renderHook(({ to }) => useQuery('getHealth', { scope: { to } }), { initialProps: { to: '2025-01-01' } })
    await act(async () => calls[0].resolve({ interactions: 1 }))
    rerender({ to: '2025-02-01' })
    expect(result.current.loading).toBe(true)
    expect(result.current.stale).toBe(true)
    expect(result.current.data).toEqual({ interactions: 1 })
  })

  it('reports errors and can retry', async () => {
    const { result } = renderHook(() => useQuery('getHealth', { scope: {} }))
    await act(async () => calls[0].reject(new Error('no dataset')))
    expect(result.current.error?.message).toBe('no dataset')
    expect(result.current.data).toBeUndefined()
    act(() => result.current.refetch())
    expect(calls).toHaveLength(2)
    await act(async () => calls[1].resolve({ interactions: 5 }))
    expect(result.current.error).toBeNull()
    expect(result.current.data).toEqual({ interactions: 5 })
  })

  it('loads again when the cache is cleared (the dataset changed)', async () => {
    const { result } = renderHook(() => useQuery('getHealth', { scope: {} }))
    await act(async () => calls[0].resolve({ interactions: 1 }))
    act(() => queryCache.clear())
    await waitFor(() => expect(calls).toHaveLength(2))
    await act(async () => calls[1].resolve({ interactions: 9 }))
    expect(result.current.data).toEqual({ interactions: 9 })
  })

  it('does nothing for a null request and ignores answers after unmount', async () => {
    const { result } = renderHook(() => useQuery('getHealth', null))
    expect(calls).toHaveLength(0)
    expect(result.current.loading).toBe(false)
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { unmount } = render(<Probe />)
    unmount()
    await act(async () => calls[0].resolve({ interactions: 1 }))
    expect(errors).not.toHaveBeenCalled()
    errors.mockRestore()
  })
})

function Probe(): null {
  useQuery('getHealth', { scope: { text: 'x' } })
  return null
}
