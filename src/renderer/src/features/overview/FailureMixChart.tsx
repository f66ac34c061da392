/** The failure-type mix panel: the bar chart (click a bar to filter to that type), a toggle for the 'none' bar, CSV and PNG export. */
import { useMemo, useState, type ReactElement } from 'react'
import type { FailureTypeShare } from '../../../../shared/types'
import { Chart } from '../../components/Chart'
import { EmptyState } from '../../components/EmptyState'
import { Panel } from '../../components/Panel'
import { toCsv } from '../../lib/csv'
import { downloadText } from '../../lib/download'
import { formatPercent } from '../../lib/format'
import { buildFailureMixOption, failureMixHeight, failureMixRows } from './buildFailureMixOption'

export interface FailureMixChartProps {
  mix: readonly FailureTypeShare[]
  onSelectType?: (failureType: string) => void
  stale?: boolean
}

export function FailureMixChart({ mix, onSelectType, stale }: FailureMixChartProps): ReactElement {
  const [includeNone, setIncludeNone] = useState(false)
  const option = useMemo(() => buildFailureMixOption(mix, { includeNone }), [mix, includeNone])
  const rows = failureMixRows(mix, { includeNone })
  const none = mix.find((m) => m.failure_type === 'none')
  return (
    <Panel
      title="Failure-type mix"
      subtitle={
        <>
          Share of all requests in scope per failure_type (top 12).{' '}
          {none && !includeNone && (
            <span>
              <code>none</code> (no failure): {formatPercent(none.share)}.
            </span>
          )}
          {onSelectType && ' Click a bar to filter to it.'}
        </>
      }
      actions={
        <>
          <label className="check check--inline">
            <input type="checkbox" checked={includeNone} onChange={(e) => setIncludeNone(e.target.checked)} />
            <span>show none</span>
          </label>
          <button
            type="button"
            className="btn btn--xs btn--ghost"
            title="Download the mix as CSV"
            onClick={() =>
              downloadText(
                'failure_type_mix.csv',
                toCsv(
                  ['failure_type', 'count', 'share'],
                  mix.map((m) => [m.failure_type, m.count, m.share])
                ),
                'text/csv;charset=utf-8'
              )
            }
          >
            CSV
          </button>
        </>
      }
      testId="failure-mix"
      className={stale ? 'is-stale' : undefined}
    >
      {rows.length === 0 ? (
        <EmptyState compact title="No failures in scope" testId="failure-mix-empty">
          Every request in scope has failure_type <code>none</code>. Widen the filters to compare failure types.
        </EmptyState>
      ) : (
        <Chart
          option={option}
          height={failureMixHeight(rows.length)}
          ariaLabel={`Failure-type mix: ${rows.map((r) => `${r.failure_type} ${formatPercent(r.share)}`).join(', ')}`}
          exportName="failure_type_mix"
          onItemClick={onSelectType ? (p) => p.name && onSelectType(String(p.name)) : undefined}
          testId="failure-mix-chart"
        />
      )}
    </Panel>
  )
}
