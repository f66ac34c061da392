// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NoRowsInScopeState } from './NoRowsInScopeState'

afterEach(cleanup)

describe('NoRowsInScopeState', () => {
  it('offers to clear the filters when there are some, and clears every one', () => {
    const onScopeChange = vi.fn()
    render(<NoRowsInScopeState scope={{ filters: { model_name: ['gpt-x'] } }} onScopeChange={onScopeChange} testId="no-rows" />)
    expect(screen.getByTestId('no-rows').textContent).toContain('No requests match these filters')
    fireEvent.click(screen.getByRole('button', { name: 'Clear all filters' }))
    expect(onScopeChange).toHaveBeenCalledWith({})
  })

  it('has no button when no filter is set (nothing to clear)', () => {
    render(<NoRowsInScopeState scope={{}} onScopeChange={() => undefined} testId="no-rows" />)
    expect(screen.getByTestId('no-rows').textContent).toContain('widen the date range')
    expect(screen.queryByRole('button')).toBeNull()
  })
})
