/** What a page shows when the global filters select no interactions: how to widen them, and a button clearing every filter. */
import type { ReactElement } from 'react'
import { isEmptyScope, type Scope } from '../../../shared/scope'
import { EmptyState } from './EmptyState'

export interface NoRowsInScopeStateProps {
  scope: Scope
  onScopeChange: (scope: Scope) => void
  testId: string
}

export function NoRowsInScopeState({ scope, onScopeChange, testId }: NoRowsInScopeStateProps): ReactElement {
  return (
    <EmptyState
      title="No requests match these filters"
      testId={testId}
      action={
        !isEmptyScope(scope) && (
          <button type="button" className="btn" onClick={() => onScopeChange({})}>
            Clear all filters
          </button>
        )
      }
    >
      The scope selects no interactions. Remove a filter chip above or widen the date range.
    </EmptyState>
  )
}
