// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Scope, ScopeDimension } from '../../../shared/scope'
import { FilterBar, scopeChips } from './FilterBar'
import type { FilterOption } from './MultiSelect'

afterEach(cleanup)

function Harness({ initial = {}, loadOptions, onScope }: { initial?: Scope; loadOptions: (d: ScopeDimension, s: Scope) => Promise<FilterOption[]>; onScope?: (s: Scope) => void }) {
  const [scope, setScope] = useState<Scope>(initial)
  return (
    <FilterBar
      scope={scope}
      onChange={(s) => {
        setScope(s)
        onScope?.(s)
      }}
      loadOptions={loadOptions}
    />
  )
}

describe('scopeChips', () => {
  it('lists every restriction', () => {
    const labels = scopeChips({ from: '2025-01-01', filters: { use_case: ['a'], region: [null] }, text: 'x', is_failure: true }).map((c) => c.label)
    expect(labels).toEqual(['2025-01-01 → … UTC', 'Use case: a', 'Region: (empty)', 'Text contains “x”', 'Failed requests only'])
  })

  it('shows the annotation status filter as review chips, each removable', () => {
    const chips = scopeChips({ annotation: ['unreviewed', 'confirmed_failure'] })
    expect(chips.map((c) => c.label)).toEqual(['Review: Not reviewed', 'Review: Confirmed failure'])
    expect(chips[0].remove({ annotation: ['unreviewed', 'confirmed_failure'] })).toEqual({ annotation: ['confirmed_failure'] })
  })
})

describe('FilterBar', () => {
  it('loads options for a dimension under the other filters and applies a selection', async () => {
    const loadOptions = vi.fn(async (): Promise<FilterOption[]> => [
      { value: 'coding', count: 480 },
      { value: 'search', count: 120 },
      { value: null, count: 3 }
    ])
    const onScope = vi.fn()
    render(<Harness initial={{ filters: { region: ['eu'], use_case: ['old'] } }} loadOptions={loadOptions} onScope={onScope} />)
    fireEvent.click(screen.getByTestId('filter-use_case'))
    // the option list is asked for use_case without its own current selection
    expect(loadOptions).toHaveBeenCalledWith('use_case', { filters: { region: ['eu'] } })
    fireEvent.click(await screen.findByRole('checkbox', { name: /coding/ }))
    expect(onScope).toHaveBeenLastCalledWith({ filters: { use_case: ['old', 'coding'], region: ['eu'] } })
    fireEvent.click(screen.getByRole('checkbox', { name: /\(empty\)/ }))
    expect(onScope).toHaveBeenLastCalledWith({ filters: { use_case: ['old', 'coding', null], region: ['eu'] } })
    expect(screen.getByText('Use case: coding')).toBeTruthy()
    expect(screen.getByText('480')).toBeTruthy()
  })

  it('removes a filter from its chip and clears all', () => {
    const onScope = vi.fn()
    render(<Harness initial={{ from: '2025-01-01', to: '2025-01-31', filters: { channel: ['api', 'web'] } }} loadOptions={async () => []} onScope={onScope} />)
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter Channel: api' }))
    expect(onScope).toHaveBeenLastCalledWith({ from: '2025-01-01', to: '2025-01-31', filters: { channel: ['web'] } })
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter 2025-01-01 → 2025-01-31 UTC' }))
    expect(onScope).toHaveBeenLastCalledWith({ filters: { channel: ['web'] } })
    fireEvent.click(screen.getByRole('button', { name: 'Clear all' }))
    expect(onScope).toHaveBeenLastCalledWith({})
    expect(screen.queryByRole('list', { name: 'Active filters' })).toBeNull()
  })

  it('sets the date range', () => {
    const onScope = vi.fn()
    render(<Harness loadOptions={async () => []} onScope={onScope} />)
    fireEvent.change(screen.getByLabelText('From day (UTC)'), { target: { value: '2025-02-01' } })
    expect(onScope).toHaveBeenLastCalledWith({ from: '2025-02-01' })
    fireEvent.change(screen.getByLabelText('To day (UTC)'), { target: { value: '2025-02-10' } })
    expect(onScope).toHaveBeenLastCalledWith({ from: '2025-02-01', to: '2025-02-10' })
  })

  it('accepts a typed value when the options cannot be listed', async () => {
    const onScope = vi.fn()
    render(<Harness loadOptions={() => Promise.reject(new Error('no dataset'))} onScope={onScope} />)
    fireEvent.click(screen.getByTestId('filter-model_name'))
    await waitFor(() => expect(screen.getByText(/Could not list values \(no dataset\)/)).toBeTruthy())
    const search = screen.getByRole('textbox', { name: 'Search Model' })
    fireEvent.change(search, { target: { value: 'gpt-4o-mini' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    expect(onScope).toHaveBeenLastCalledWith({ filters: { model_name: ['gpt-4o-mini'] } })
  })

  it('closes the option list on Escape', async () => {
    render(<Harness loadOptions={async () => [{ value: 'a' }]} />)
    fireEvent.click(screen.getByTestId('filter-region'))
    const box = await screen.findByRole('textbox', { name: 'Search Region' })
    fireEvent.keyDown(box, { key: 'Escape' })
    expect(screen.queryByRole('textbox', { name: 'Search Region' })).toBeNull()
    expect(screen.getByTestId('filter-region').getAttribute('aria-expanded')).toBe('false')
  })
})
