/** The Drift page: the drift report (PIPELINE.md section 8) for history vs evaluation, early vs recent, or two date ranges the operator picks, with severities, PSI / TV / KS / chi-square, and each feature's distributions overlaid. */
import { useMemo, type ReactElement } from 'react'
import type { DriftBlock, DriftWindowKind } from '../../../../shared/drift'
import { exportFiles } from '../../api/exportFiles'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { patchWorkspaceUi, useWorkspace } from '../../app/workspaceStore'
import { Badge } from '../../components/Badge'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { LoadingState } from '../../components/LoadingState'
import { NoDatasetState } from '../../components/NoDatasetState'
import { Panel } from '../../components/Panel'
import { drilldown, EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { formatInt, formatUtc } from '../../lib/format'
import { ClusterDriftPanel } from '../clusters/ClusterDriftPanel'
import { DateRangesForm } from './DateRangesForm'
import { DistributionPanel } from './DistributionPanel'
import { DRIFT_REPORT_FILE, driftReportCsv, SEVERITY_ORDER, SEVERITY_TONE, severityCounts } from './driftReport'
import { DriftTable } from './DriftTable'
import { dayBounds, defaultDateRanges, describeWindow, DRIFT_WINDOW_KINDS, DRIFT_WINDOW_LABEL, paramsFromView, viewFromParams, type DriftView } from './driftWindows'
import '../routing/routing.css'
import './drift.css'

function WindowBounds({ block }: { block: DriftBlock }): ReactElement {
  const w = block.window
  return (
    <dl className="drift-bounds" data-testid="drift-bounds">
      <div>
        <dt>Reference</dt>
        <dd>
          <span className="mono">
            {formatUtc(w.reference_start_timestamp_utc, false)} – {formatUtc(w.reference_end_timestamp_utc, false)}
          </span>{' '}
          · <span data-testid="drift-reference-rows">{formatInt(w.reference_rows)}</span> rows
        </dd>
      </div>
      <div>
        <dt>Current</dt>
        <dd>
          <span className="mono">
            {formatUtc(w.current_start_timestamp_utc, false)} – {formatUtc(w.current_end_timestamp_utc, false)}
          </span>{' '}
          · <span data-testid="drift-current-rows">{formatInt(w.current_rows)}</span> rows
        </dd>
      </div>
      <div>
        <dt>Method</dt>
        <dd>
          <code data-testid="drift-method">{w.windowing_method}</code>
        </dd>
      </div>
    </dl>
  )
}

export function DriftPage({ scope, params, onParamsChange, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const ds = wb.dataset
  const view = useMemo(() => viewFromParams(params), [params])
  const bounds = ds ? dayBounds(ds.timeRange) : null
  // applied ranges stay in the request on every tab: switching tabs is then instant and the export holds all blocks shown
  const report = useQuery('getDrift', ds ? { scope, ...(view.ranges ? { dateRanges: view.ranges } : {}) } : null)
  // the operator's two date ranges are part of the workspace: kept when picked, offered again when the page opens without them
  const savedRanges = useWorkspace().ui?.drift_date_ranges ?? null
  const setView = (v: DriftView, replace = false): void => {
    onParamsChange(paramsFromView(v), { replace })
    if (v.ranges) patchWorkspaceUi({ drift_date_ranges: v.ranges })
  }
  const canPickFiles = wb.appInfo?.canPickFiles ?? false

  if (!ds) {
    return (
      <NoDatasetState testId="drift-empty" onOpenData={() => navigate('data')} offerDemo={false}>
        Drift compares the windows of a loaded dataset.
      </NoDatasetState>
    )
  }

  const blocks = report.data ?? []
  const block = blocks.find((b) => b.window.kind === view.kind) ?? null
  const selected = block ? (block.features.find((f) => f.feature === view.feature) ?? block.features[0] ?? null) : null
  const counts = block ? severityCounts(block.features) : null
  const suggestion = view.ranges ?? savedRanges ?? (bounds ? defaultDateRanges(bounds) : null)

  return (
    <div className="stack drift-page" data-testid="drift">
      <div className="page-head">
        <div className="drift-tabs" role="tablist" aria-label="Windows to compare">
          {DRIFT_WINDOW_KINDS.map((k: DriftWindowKind) => (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={view.kind === k}
              className={`btn btn--sm${view.kind === k ? ' btn--active' : ''}`}
              onClick={() => setView({ ...view, kind: k, feature: null })}
              data-testid={`drift-tab-${k}`}
            >
              {DRIFT_WINDOW_LABEL[k]}
            </button>
          ))}
        </div>
        <div className="page-head__info muted" data-testid="drift-window-description">
          {describeWindow(view.kind, block?.window.windowing_method ?? ds.report.windows.windowing_method)}
        </div>
        <div className="page-head__actions">
          <button
            type="button"
            className="btn btn--sm"
            disabled={blocks.length === 0}
            onClick={() => void exportFiles([{ name: DRIFT_REPORT_FILE, content: driftReportCsv(blocks) }], canPickFiles)}
            title={view.ranges ? 'drift_report.csv with all three window pairs' : 'drift_report.csv (history vs evaluation, early vs recent)'}
            data-testid="export-drift-csv"
          >
            drift_report.csv
          </button>
        </div>
      </div>

      {view.kind === 'date_ranges' && suggestion && (
        <DateRangesForm
          key={JSON.stringify(view.ranges)}
          bounds={bounds}
          initial={suggestion}
          applied={view.ranges !== null}
          busy={report.loading}
          onApply={(ranges) => setView({ ...view, ranges, feature: null })}
        />
      )}
      {view.kind === 'date_ranges' && !bounds && (
        <EmptyState title="No timed rows" compact>
          The data has no parsed timestamps, so there are no days to pick.
        </EmptyState>
      )}

      {report.error ? (
        <ErrorState title="Could not compute the drift report" error={report.error} onRetry={report.refetch} testId="drift-error" />
      ) : view.kind === 'date_ranges' && !view.ranges ? (
        <EmptyState title="Pick two date ranges" testId="drift-pick-ranges">
          Choose the reference and current days above and press Compare.
        </EmptyState>
      ) : !block ? (
        <LoadingState label="Computing the drift report: PSI and KS for numeric features, TV distance and chi-square for categorical ones, per window pair…" />
      ) : (
        <div className="drift-grid">
          <Panel
            title={DRIFT_WINDOW_LABEL[view.kind]}
            subtitle={<WindowBounds block={block} />}
            actions={
              counts && (
                <span className="drift-counts" data-testid="drift-counts">
                  {SEVERITY_ORDER.filter((s) => counts[s] > 0).map((s) => (
                    <Badge key={s} tone={SEVERITY_TONE[s]}>
                      {counts[s]} {s === 'insufficient_data' ? 'insufficient' : s}
                    </Badge>
                  ))}
                </span>
              )
            }
            flush
            testId="drift-report"
            className={report.stale ? 'is-stale' : undefined}
          >
            {block.features.length === 0 ? (
              <EmptyState compact title="No drift features">
                The interactions file has none of the drift features.
              </EmptyState>
            ) : (
              <DriftTable features={block.features} selected={selected?.feature ?? null} onSelect={(feature) => setView({ ...view, feature }, true)} />
            )}
          </Panel>
          {selected && (
            <DistributionPanel
              block={block}
              feature={selected}
              canPickFiles={canPickFiles}
              onDrilldown={(target, label) => navigate(EXPLORER_PAGE_ID, drilldown(scope, target, label))}
            />
          )}
        </div>
      )}
      <ClusterDriftPanel scope={scope} ranges={view.kind === 'date_ranges' ? view.ranges : null} canPickFiles={canPickFiles} onOpenCluster={(params) => navigate('clusters', { params })} />
    </div>
  )
}
