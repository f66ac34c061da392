/** The failure-type mix panel: the bar chart (click a bar to open those requests), a toggle for the 'none' bar, CSV and PNG export. */
import { useMemo, useState, type ReactElement } from 'react'
import type { FailureTypeShare } from '../../../../shared/types'
import { Chart } from '../../components/Chart'
import { EmptyState } from '../../components/EmptyState'
import { ChartPanel } from '../../components/ChartPanel'
import { toCsv } from '../../lib/csv'
import { formatPercent } from '../../lib/format'
import { buildFailureMixOption, failureMixHeight, failureMixRows } from './buildFailureMixOption'

export interface FailureMixChartProps {
  mix: readonly FailureTypeShare[]
  /** a click on a bar: the failure type and its request count */
  onSelectType?: (failureType: string, count: number) => void
  stale?: boolean
  /** desktop: save through the native dialog */
  canPickFiles?: boolean
}

export function FailureMixChart({ mix, onSelectType, stale, canPickFiles = false }: FailureMixChartProps): ReactElement {
  const [includeNone, setIncludeNone] = useState(false)
  const option = useMemo(() => buildFailureMixOption(mix, { includeNone }), [mix, includeNone])
  const rows = failureMixRows(mix, { includeNone })
  const none = mix.find((m) => m.failure_type === 'none')
  return (
    <ChartPanel
      title="Failure-type mix"
      subtitle={
        <>
          Share of all requests in scope per failure_type (top 12).{' '}
          {none && !includeNone && (
            <span>
              <code>none</code> (no failure): {formatPercent(none.share)}.
            </span>
          )}
          {onSelectType && ' Click a bar to open those requests in the Explorer.'}
        </>
      }
      actions={
        <label className="check check--inline">
          <input type="checkbox" checked={includeNone} onChange={(e) => setIncludeNone(e.target.checked)} />
          <span>show none</span>
        </label>
      }
      canPickFiles={canPickFiles}
      csv={{
        title: 'Save the mix as CSV',
        file: () => ({
          name: 'failure_type_mix.csv',
          content: toCsv(
            ['failure_type', 'count', 'share'],
            mix.map((m) => [m.failure_type, m.count, m.share])
          )
        })
      }}
      png={{ name: 'failure_type_mix.png', title: 'Save the chart as PNG' }}
      stale={stale}
      empty={
        rows.length === 0 && (
          <EmptyState compact title="No failures in scope" testId="failure-mix-empty">
            Every request in scope has failure_type <code>none</code>. Widen the filters to compare failure types.
          </EmptyState>
        )
      }
      chart={(ref) => (
        <Chart
          ref={ref}
          option={option}
          height={failureMixHeight(rows.length)}
          ariaLabel={`Failure-type mix: ${rows.map((r) => `${r.failure_type} ${formatPercent(r.share)}`).join(', ')}`}
          onItemClick={
            onSelectType
              ? (p) => {
                  const row = rows.find((r) => r.failure_type === String(p.name))
                  if (row) onSelectType(row.failure_type, row.count)
                }
              : undefined
          }
          testId="failure-mix-chart"
        />
      )}
      testId="failure-mix"
    />
  )
}
