// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SearchBox } from './SearchBox'

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const box = (): HTMLInputElement => screen.getByRole('searchbox', { name: 'Search request text' }) as HTMLInputElement

describe('SearchBox', () => {
  it('applies typed text after a pause, once', () => {
    const onChange = vi.fn()
    render(<SearchBox value={undefined} onChange={onChange} delayMs={300} />)
    fireEvent.change(box(), { target: { value: 'ref' } })
    fireEvent.change(box(), { target: { value: 'refund' } })
    act(() => vi.advanceTimersByTime(299))
    expect(onChange).not.toHaveBeenCalled()
    act(() => vi.advanceTimersByTime(1))
    expect(onChange).toHaveBeenCalledTimes(1)
    expect(onChange).toHaveBeenCalledWith('refund')
  })

  it('applies at once on Enter and clears on Escape', () => {
    const onChange = vi.fn()
    render(<SearchBox value={undefined} onChange={onChange} />)
    fireEvent.change(box(), { target: { value: 'refund' } })
    fireEvent.keyDown(box(), { key: 'Enter' })
    expect(onChange).toHaveBeenLastCalledWith('refund')
    fireEvent.keyDown(box(), { key: 'Escape' })
    expect(onChange).toHaveBeenLastCalledWith(undefined)
    expect(box().value).toBe('')
    act(() => vi.advanceTimersByTime(1000))
    expect(onChange).toHaveBeenCalledTimes(2)
  })

  it('follows a change from outside, but keeps typing that its own echo would undo', () => {
    const onChange = vi.fn()
    const { rerender } = render(<SearchBox value="refund" onChange={onChange} delayMs={300} />)
    expect(box().value).toBe('refund')
    // a removed chip
    rerender(<SearchBox value={undefined} onChange={onChange} delayMs={300} />)
    expect(box().value).toBe('')
    // typed text is sent, the user types on, then the URL echoes the sent text
    fireEvent.change(box(), { target: { value: 'abc' } })
    act(() => vi.advanceTimersByTime(300))
    expect(onChange).toHaveBeenLastCalledWith('abc')
    fireEvent.change(box(), { target: { value: 'abcd' } })
    rerender(<SearchBox value="abc" onChange={onChange} delayMs={300} />)
    expect(box().value).toBe('abcd')
    act(() => vi.advanceTimersByTime(300))
    expect(onChange).toHaveBeenLastCalledWith('abcd')
  })
})
