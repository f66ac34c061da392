// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useDebouncedValue } from './useDebouncedValue'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('useDebouncedValue', () => {
  it('follows the input once it rests, skipping the values typed in between', () => {
    const { result, rerender } = renderHook(({ v }) => useDebouncedValue(v, JSON.stringify(v), 300), { initialProps: { v: { SLA_MS: 2200 } } })
    expect(result.current).toEqual({ SLA_MS: 2200 })
    rerender({ v: { SLA_MS: 3 } })
    act(() => void vi.advanceTimersByTime(200))
    rerender({ v: { SLA_MS: 3000 } })
    act(() => void vi.advanceTimersByTime(200))
    expect(result.current).toEqual({ SLA_MS: 2200 })
    act(() => void vi.advanceTimersByTime(100))
    expect(result.current).toEqual({ SLA_MS: 3000 })
  })

  it('keeps the same value for an equal key', () => {
    const first = { a: 1 }
    const { result, rerender } = renderHook(({ v }) => useDebouncedValue(v, JSON.stringify(v), 300), { initialProps: { v: first } })
    rerender({ v: { a: 1 } })
    act(() => void vi.advanceTimersByTime(1000))
    expect(result.current).toBe(first)
  })
})
