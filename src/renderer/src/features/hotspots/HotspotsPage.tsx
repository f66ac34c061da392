/** The Hotspots page: where failures and latency concentrate in the history window (PIPELINE.md section 6): the tier x use-case heatmap, the model risk map and a ranked slice table over any two dimensions, each drilling down to the Explorer. */
import { useCallback, useMemo, type ReactElement } from 'react'
import { ARTIFACT_SLICE_DIMENSIONS, type ModelHotspot, type RiskSlice, type SliceDimension } from '../../../../shared/analysis'
import { deriveKnobs } from '../../../../shared/knobs'
import { call } from '../../api/client'
import { nextJobId } from '../../api/jobIds'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { NoDatasetState } from '../../components/NoDatasetState'
import { ErrorState } from '../../components/ErrorState'
import { ExportButton } from '../../components/ExportButton'
import { Icon } from '../../components/Icon'
import { LoadingState } from '../../components/LoadingState'
import { EXPLORER_PAGE_ID, drilldown } from '../../lib/drilldown'
import { RiskHeatmapPanel } from './RiskHeatmapPanel'
import { RiskMapPanel } from './RiskMapPanel'
import { SliceTablePanel } from './SliceTablePanel'
import { drilldownNote, historySelector, historyWindowText, hotspotDrilldown, readSliceSettings, sliceDrilldown, sliceSettingsParams, type Drilldown, type SliceSettings } from './sliceTable'
import './hotspots.css'

/** The heatmap's dimensions: rows are tiers, columns use cases. */
const HEATMAP_DIMENSIONS: [SliceDimension, SliceDimension] = [ARTIFACT_SLICE_DIMENSIONS[1], ARTIFACT_SLICE_DIMENSIONS[0]]
const ARTIFACT_NAMES = ['risk_slices.csv', 'model_hotspots.csv']

export function HotspotsPage({ scope, params, onParamsChange, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const knobs = useQuery('getKnobs', {})
  const heat = useQuery('getRiskSlices', wb.dataset ? { scope, dimensions: HEATMAP_DIMENSIONS, minRequests: 1 } : null)
  const hot = useQuery('getHotspots', wb.dataset ? { scope } : null)
  const settings = useMemo(() => readSliceSettings(params), [params])
  const onSettingsChange = useCallback((s: SliceSettings) => onParamsChange(sliceSettingsParams(s), { replace: true }), [onParamsChange])
  const open = useCallback((d: Drilldown) => navigate(EXPLORER_PAGE_ID, drilldown(scope, d.target, d.label)), [navigate, scope])
  const thresholds = useMemo(() => {
    if (!knobs.data) return null
    return { slaMs: knobs.data.SLA_MS, hotspotFailRate: deriveKnobs(knobs.data).HOTSPOT_FAIL_RATE }
  }, [knobs.data])

  if (!wb.dataset) {
    return (
      <NoDatasetState testId="hotspots-no-data" onOpenData={() => navigate('data')} offerDemo={false}>
        Open telemetry on the Data page to see where failures and latency concentrate.
      </NoDatasetState>
    )
  }

  const canPickFiles = wb.appInfo?.canPickFiles ?? false
  const sel = historySelector(wb.dataset.report.windows)
  return (
    <div className="stack hotspots" data-testid="hotspots">
      <div className="banner banner--neutral hotspots-note" role="note" data-testid="history-note">
        <Icon name="clock" />
        <span className="hotspots-note__text">
          Every number on this page is computed on {historyWindowText(wb.dataset.report.windows)}, within the filters above, as PIPELINE.md section 6 defines.{' '}
          <span data-testid="drilldown-note">{drilldownNote(sel)}</span>
        </span>
        <ExportButton
          label="Export artifacts"
          busyLabel="Computing artifacts…"
          title="risk_slices.csv and model_hotspots.csv exactly as the CLI writes them (the backend computes every analysis for them)"
          canPickFiles={canPickFiles}
          files={async () => {
            const r = await call('exportArtifacts', { jobId: nextJobId(), scope })
            return r.files.filter((f) => ARTIFACT_NAMES.includes(f.name)).map((f) => ({ name: f.name, content: f.content }))
          }}
          testId="hotspots-artifacts"
        />
      </div>
      <div className="hotspots-top">
        {heat.error ? (
          <ErrorState title="Could not compute the heatmap" error={heat.error} onRetry={heat.refetch} testId="heatmap-error" />
        ) : !heat.data || !knobs.data ? (
          <LoadingState label="Computing the heatmap…" />
        ) : (
          <RiskHeatmapPanel
            table={heat.data}
            minSupport={knobs.data.MIN_REQUESTS_SLICE}
            stale={heat.stale || knobs.stale}
            canPickFiles={canPickFiles}
            onDrill={(s: RiskSlice) => open(sliceDrilldown(HEATMAP_DIMENSIONS, s, sel))}
          />
        )}
        {hot.error ? (
          <ErrorState title="Could not compute the model hotspots" error={hot.error} onRetry={hot.refetch} testId="riskmap-error" />
        ) : !hot.data || !thresholds ? (
          <LoadingState label="Computing the model hotspots…" />
        ) : (
          <RiskMapPanel hotspots={hot.data} thresholds={thresholds} stale={hot.stale || knobs.stale} canPickFiles={canPickFiles} onDrill={(m: ModelHotspot) => open(hotspotDrilldown(m, sel))} />
        )}
      </div>
      <SliceTablePanel
        scope={scope}
        settings={settings}
        onSettingsChange={onSettingsChange}
        knobMinSupport={knobs.data?.MIN_REQUESTS_SLICE}
        canPickFiles={canPickFiles}
        onDrill={(dims, s) => open(sliceDrilldown(dims, s, sel))}
      />
    </div>
  )
}
