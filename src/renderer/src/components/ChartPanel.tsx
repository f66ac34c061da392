/** A panel around one chart: title and actions, a Chart / Table toggle when the numbers also come as a table, CSV and PNG export, and the stale, loading, error and empty states. */
import { useRef, useState, type ReactElement, type ReactNode, type RefObject } from 'react'
import type { ExportFile } from '../api/exportFiles'
import type { ChartHandle } from './Chart'
import { ErrorState } from './ErrorState'
import { ExportButton, chartPngFile } from './ExportButton'
import { LoadingState } from './LoadingState'
import { Panel, type PanelProps } from './Panel'
import { useTheme } from './ThemeProvider'
import { ViewToggle } from './ViewToggle'

export type ChartPanelView = 'chart' | 'table'

const VIEW_OPTIONS: readonly { value: ChartPanelView; label: string }[] = [
  { value: 'chart', label: 'Chart' },
  { value: 'table', label: 'Table' }
]

export interface ChartPanelProps extends Omit<PanelProps, 'children' | 'actions'> {
  /** the chart view; `ref` goes on the Chart the PNG export draws (the view may hold more than the chart) */
  chart: (ref: RefObject<ChartHandle | null>) => ReactNode
  /** the same numbers as a table: adds the Chart / Table toggle */
  table?: {
    render: () => ReactNode
    /** names the toggle for screen readers, e.g. "Cost by day view" */
    toggleLabel: string
    toggleTestId?: string
  }
  /** the panel's own controls, before the toggle and the export buttons */
  actions?: ReactNode
  /** true in the desktop app, where the exports open a save dialog */
  canPickFiles: boolean
  csv?: { file: () => ExportFile; title: string; disabled?: boolean; testId?: string }
  /** `name` is the file name (".png" is added when missing) */
  png?: { name: string; title?: string; testId?: string }
  /** the numbers shown are being recomputed */
  stale?: boolean
  /** no data yet: a spinner instead of the body (a string is its label) */
  loading?: boolean | string
  /** the data could not be computed: shown instead of the body, with a retry */
  error?: { title: string; error: Error; onRetry?: () => void; testId?: string } | null
  /** nothing to draw: shown instead of the chart and the table (an EmptyState) */
  empty?: ReactNode
  /** a line above the body, in every state (e.g. why a click did nothing) */
  notice?: ReactNode
}

export function ChartPanel({ chart, table, actions, canPickFiles, csv, png, stale, loading, error, empty, notice, className, ...panel }: ChartPanelProps): ReactElement {
  const { theme } = useTheme()
  const [view, setView] = useState<ChartPanelView>('chart')
  const chartRef = useRef<ChartHandle>(null)
  const shown = table ? view : 'chart'
  const noData = !!error || !!loading
  const noChart = noData || !!empty || shown !== 'chart'
  const cls = [className, stale && 'is-stale'].filter(Boolean).join(' ') || undefined
  return (
    <Panel
      {...panel}
      className={cls}
      actions={
        (actions || table || csv || png) && (
          <>
            {actions}
            {table && <ViewToggle value={view} onChange={setView} options={VIEW_OPTIONS} ariaLabel={table.toggleLabel} testId={table.toggleTestId} />}
            {csv && <ExportButton label="CSV" title={csv.title} canPickFiles={canPickFiles} disabled={noData || csv.disabled} files={() => [csv.file()]} testId={csv.testId} />}
            {png && (
              <ExportButton label="PNG" title={png.title ?? 'Download the chart as PNG'} canPickFiles={canPickFiles} disabled={noChart} files={() => [chartPngFile(chartRef, png.name, theme)]} testId={png.testId} />
            )}
          </>
        )
      }
    >
      {notice}
      {error ? (
        <ErrorState title={error.title} error={error.error} onRetry={error.onRetry} compact testId={error.testId} />
      ) : loading ? (
        <LoadingState label={typeof loading === 'string' ? loading : undefined} compact />
      ) : empty ? (
        empty
      ) : shown === 'table' && table ? (
        table.render()
      ) : (
        chart(chartRef)
      )}
    </Panel>
  )
}
