/** The Triage page: run the calibrated failure model (progress and Cancel), read the chosen review threshold and operating mode, explore other thresholds, compare baselines and ranking curves, and work or export the review queue (PIPELINE.md section 9). */
import { JobProgress } from '../../components/JobProgress'
import { useState, type ReactElement } from 'react'
import type { TriageQueueRow } from '../../../../shared/triage'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { EmptyState } from '../../components/EmptyState'
import { blockingGates, GateBlock } from '../../components/GateBlock'
import { NoDatasetState } from '../../components/NoDatasetState'
import { drilldown, EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { formatInt, formatUsd } from '../../lib/format'
import { sameScope } from '../../lib/scopeUrl'
import { DecisionPanel } from './DecisionPanel'
import { QueuePanel } from './QueuePanel'
import { ReviewPanel } from '../annotations/ReviewPanel'
import { patchWorkspaceUi, useWorkspace } from '../../app/workspaceStore'
import { RankingCurvesPanel } from './RankingCurvesPanel'
import { ThresholdPanel } from './ThresholdPanel'
import { useTriageRun } from './triageRunStore'
import '../routing/routing.css'
import './triage.css'

export function TriagePage({ scope, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const ds = wb.dataset
  const knobs = useQuery('getKnobs', ds ? {} : null)
  const triage = useTriageRun(ds?.id ?? null)
  const [slider, setSlider] = useState<{ runId: number; t: number } | null>(null)
  // the threshold the operator chose is part of the workspace
  const savedThreshold = useWorkspace().ui?.triage_threshold ?? null
  const canPickFiles = wb.appInfo?.canPickFiles ?? false

  if (!ds) {
    return (
      <NoDatasetState testId="triage-empty" onOpenData={() => navigate('data')} offerDemo={false}>
        Triage fits a failure model on the fit rows of a loaded dataset (train when it has a split column, else history minus calibration) and chooses a review threshold on its evaluation window.
      </NoDatasetState>
    )
  }

  const entry = triage.last
  const result = entry?.result ?? null
  const ready = result && result.status === 'ok' ? result : null
  const threshold = ready ? (slider && slider.runId === entry?.runId ? slider.t : (savedThreshold ?? ready.threshold)) : 0
  const status = triage.status
  const running = status.kind === 'running'
  const k = knobs.data
  const runKnobs = entry?.knobs ?? k

  const stale: string[] = []
  if (entry && !sameScope(entry.scope, scope)) stale.push('the filters changed')
  if (entry?.knobs && k && JSON.stringify(entry.knobs) !== JSON.stringify(k)) stale.push('the knobs changed')
  if (result && result.blocked_by.join('\n') !== blockingGates(ds.report).join('\n')) stale.push('the gate overrides changed')

  const openRow = (row: TriageQueueRow): void => {
    const day = row.timestamp_utc.slice(0, 10)
    const d = drilldown(scope, { day, window: 'evaluation' }, { origin: `Triage queue · ${row.interaction_id ?? 'a row without id'} (P(failure) ${row.proba_failure.toFixed(4)})` })
    navigate(EXPLORER_PAGE_ID, { scope: d.scope, params: row.interaction_id ? { ...d.params, id: row.interaction_id } : d.params })
  }

  return (
    <div className="stack triage-page" data-testid="triage">
      <div className="page-head">
        <div className="page-head__info muted" data-testid="triage-economics">
          {runKnobs ? (
            <>
              Economics{entry?.knobs ? ' of the last run' : ''}: REVIEW_COST {formatUsd(runKnobs.REVIEW_COST)} · TRIAGE_FN_COST_USD {formatUsd(runKnobs.TRIAGE_FN_COST_USD)} · CAPACITY_PER_DAY {formatInt(runKnobs.CAPACITY_PER_DAY)} ·
              CAPACITY_P90_GUARD {formatInt(runKnobs.CAPACITY_P90_GUARD)}
            </>
          ) : (
            'Reading the knobs…'
          )}
        </div>
        <div className="page-head__actions">
          <button type="button" className="btn btn--primary btn--sm" disabled={running || !k} onClick={() => triage.run(scope, k ?? null)} data-testid="run-triage">
            {entry ? 'Run again' : 'Run triage'}
          </button>
        </div>
      </div>

      <GateBlock report={ds.report} subject="the triage threshold" />

      {running && (
        <JobProgress
          title={status.cancelling ? 'Cancelling the triage run…' : 'Running triage'}
          phase={status.phase}
          fraction={status.fraction}
          label="Triage progress"
          cancelling={status.cancelling}
          onCancel={triage.cancel}
          testId="triage-progress"
          phaseTestId="triage-phase"
          cancelTestId="cancel-triage"
        />
      )}
      {status.kind === 'cancelled' && (
        <div className="banner banner--neutral" role="status" data-testid="triage-cancelled">
          The triage run was cancelled{entry ? '; the previous result is still shown.' : '.'}
        </div>
      )}
      {status.kind === 'failed' && (
        <div className="banner banner--bad" role="alert" data-testid="triage-error">
          <div className="banner__body">
            <div className="banner__title">The triage run failed</div>
            <div>{status.message}</div>
          </div>
          <button type="button" className="btn btn--sm" onClick={() => triage.run(scope, k ?? null)} disabled={!k}>
            Try again
          </button>
        </div>
      )}
      {stale.length > 0 && !running && (
        <div className="banner banner--warn" role="status" data-testid="triage-stale">
          <span>
            Since this run {stale.join(' and ')}: the numbers below are of the earlier run. Run again to update them.
          </span>
        </div>
      )}

      {!result ? (
        !running && (
          <EmptyState
            title="No triage run yet"
            testId="triage-not-run"
            action={
              <button type="button" className="btn btn--primary" disabled={!k} onClick={() => triage.run(scope, k ?? null)}>
                Run triage
              </button>
            }
          >
            Fits an L2 logistic regression of is_failure on the fit rows, calibrates it (Platt) on the calibration window, then sweeps review thresholds 0.05–0.95 on the evaluation window and picks
            the cheapest one the review capacity can absorb. It runs in a worker and can be cancelled.
          </EmptyState>
        )
      ) : result.status === 'unavailable' ? (
        <EmptyState title="No triage threshold for this scope" testId="triage-unavailable">
          <code>{result.reason}</code>: {result.detail}. Rows: fit {formatInt(result.rows.fit)}, calibration {formatInt(result.rows.calibration)}, evaluation {formatInt(result.rows.evaluation)}.
        </EmptyState>
      ) : (
        ready &&
        entry && (
          <div className={`stack${running ? ' is-stale' : ''}`}>
            <DecisionPanel result={ready} />
            <ThresholdPanel
              result={ready}
              capacityPerDay={runKnobs?.CAPACITY_PER_DAY ?? 0}
              capacityP90Guard={runKnobs?.CAPACITY_P90_GUARD ?? 0}
              threshold={threshold}
              onThreshold={(t) => {
                setSlider({ runId: entry.runId, t })
                patchWorkspaceUi({ triage_threshold: Math.abs(t - ready.threshold) < 1e-9 ? null : t })
              }}
              canPickFiles={canPickFiles}
            />
            <RankingCurvesPanel result={ready} threshold={threshold} canPickFiles={canPickFiles} />
            <ReviewPanel runId={entry.runId} reviewTotal={ready.selected_policy_metrics.reviewed_rows} onOpen={openRow} />
            <QueuePanel
              runId={entry.runId}
              total={result.queue_total}
              reviewTotal={ready.selected_policy_metrics.reviewed_rows}
              scope={entry.scope}
              canPickFiles={canPickFiles}
              onOpenRow={openRow}
              onOpenInteraction={(id) => navigate(EXPLORER_PAGE_ID, { params: { id } })}
            />
          </div>
        )
      )}
    </div>
  )
}
