/**
 * The Clusters page: every request clustered by meaning, the map of every row beside the ranked
 * cluster list (failing families first), a cluster's diagnosis and breakdowns, lasso selections
 * into the Explorer, "requests like this phrase", and the report of PIPELINE.md section 12.
 */
import { JobProgress } from '../../components/JobProgress'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { CLUSTER_TEXT_SOURCES, CLUSTER_VECTOR_SOURCES, type ClusterSettingsInput, type MapColorBy, type MapSelection } from '../../../../shared/clusters'
import type { Scope } from '../../../../shared/scope'
import { call } from '../../api/client'
import { nextJobId } from '../../api/jobIds'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ExportButton } from '../../components/ExportButton'
import { LoadingState } from '../../components/LoadingState'
import { NoDatasetState } from '../../components/NoDatasetState'
import { Panel } from '../../components/Panel'
import { drilldown, drilldownScope, EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { formatDuration, formatInt } from '../../lib/format'
import { onEvent } from '../../api/client'
import { ClusterDetailPanel } from './ClusterDetailPanel'
import { ClusterListPanel } from './ClusterListPanel'
import { ClusterMapPanel, type MapSelectionState } from './ClusterMapPanel'
import { clustersParams, readClustersParams, type ClustersParamDefaults } from './clustersView'
import { claimAutoStart, useClusterJob } from './clusterRunStore'
import { localModelOf, runSettingsOf, sameRun, saveClusterSettings, useClusterWorkspaceSettings } from './clusterWorkspace'
import { useWorkspace } from '../../app/workspaceStore'
import { savedColorBy, savedRanking, savedRunSettings } from '../../../../shared/clusterWorkspace'
import { BulkAnnotateButton } from '../annotations/BulkAnnotateButton'
import { DiagnosisCard } from './DiagnosisCard'
import { LocalModelSettings } from './LocalModelSettings'
import { SimilarRequests } from './SimilarRequests'
import './clusters.css'

const TEXT_LABELS: Record<(typeof CLUSTER_TEXT_SOURCES)[number], string> = { request: 'Request text', request_and_response: 'Request + response snippet' }
const VECTOR_LABELS: Record<(typeof CLUSTER_VECTOR_SOURCES)[number], string> = { auto: 'Auto (the dump’s embeddings if any)', lexical: 'Lexical (TF-IDF + SVD)', embeddings: 'The dump’s embeddings' }

export function ClustersPage({ scope, params, onParamsChange, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const ds = wb.dataset
  const canPickFiles = wb.appInfo?.canPickFiles ?? false
  // the workspace's saved settings stand where the URL says nothing; changes go to both
  const ui = useWorkspace().ui
  const saved = useClusterWorkspaceSettings()
  const savedRankingValue = savedRanking(saved)
  const defaults: ClustersParamDefaults = useMemo(() => ({ ranking: savedRankingValue, colorBy: savedColorBy(saved) }), [savedRankingValue.strategy, savedRankingValue.minSize, saved.color_by]) // eslint-disable-line react-hooks/exhaustive-deps
  const settings = useMemo(() => readClustersParams(params, defaults), [params, defaults])
  const setSettings = useCallback(
    (patch: Partial<typeof settings>) => {
      const next = { ...settings, ...patch }
      onParamsChange(clustersParams(next, defaults), { replace: true })
      saveClusterSettings(ui, { ranking: next.ranking, color_by: next.colorBy })
    },
    [onParamsChange, settings, defaults, ui]
  )
  const savedRun = savedRunSettings(saved)
  const job = useClusterJob()
  const status = useQuery('getClusterStatus', ds ? {} : null)
  const diagnosisModel = useQuery('getDiagnosisModel', {})
  const modelEndpoint = diagnosisModel.data?.endpoint ?? null
  const active = status.data?.active ?? null
  const running = job.status.kind === 'running'
  const [form, setForm] = useState<ClusterSettingsInput>(() => savedRun ?? { k: null, seed: null, text: 'request', vectors: 'auto' })
  const [selection, setSelection] = useState<MapSelectionState>({ polygons: [], count: 0 })
  const [selectionDiagnosis, setSelectionDiagnosis] = useState<number | null>(null)
  const [phrase, setPhrase] = useState('')
  const [phraseQuery, setPhraseQuery] = useState<string | null>(null)
  const statusRefetch = useRef(status.refetch)
  statusRefetch.current = status.refetch

  // the form starts from the active run's settings, and the workspace records them (its clusters are recomputed on open)
  useEffect(() => {
    if (!active) return
    setForm({ k: active.settings.k, seed: active.settings.seed, text: active.settings.text, vectors: active.settings.vectors })
    if (!sameRun(saved.run, runSettingsOf(active))) saveClusterSettings(ui, { run: runSettingsOf(active) })
  }, [active?.key]) // eslint-disable-line react-hooks/exhaustive-deps

  // the UMAP map and new runs arrive as events
  useEffect(
    () =>
      onEvent((e) => {
        if (e.type === 'clustersChanged') statusRefetch.current()
      }),
    []
  )
  const clustersReady = job.status.kind === 'running' && job.status.clustersReady
  useEffect(() => {
    if (clustersReady) statusRefetch.current()
  }, [clustersReady])

  // first visit of a dataset: compute with the workspace's settings, else the defaults (cancellable, and not restarted after a cancel)
  useEffect(() => {
    if (!ds || !status.data || status.data.active || status.data.running || running || !claimAutoStart(ds.id)) return
    job.run(savedRun ?? { k: null, seed: null, text: 'request', vectors: 'auto' })
  }, [ds, status.data, running, job]) // eslint-disable-line react-hooks/exhaustive-deps

  const list = useQuery('getClusters', active ? { scope, ranking: settings.ranking } : null)
  const clusters = list.data?.clusters ?? []
  const selectedId = settings.cluster !== null && clusters.some((c) => c.cluster_id === settings.cluster) ? settings.cluster : (clusters[0]?.cluster_id ?? null)
  const selected = clusters.find((c) => c.cluster_id === selectedId) ?? null

  if (!ds) {
    return (
      <NoDatasetState testId="clusters-no-data" onOpenData={() => navigate('data')} offerDemo={false}>
        Open telemetry on the Data page to cluster its requests by meaning.
      </NoDatasetState>
    )
  }

  /** The lassos as a map selection (a map_selection filter value) and its rows within the filters. */
  const createSelection = (): Promise<MapSelection> => call('createMapSelection', { key: active!.key, polygons: selection.polygons.map((p) => p.map(([x, y]): [number, number] => [x, y])), scope })
  const openSelection = async (): Promise<void> => {
    if (!active || selection.polygons.length === 0) return
    const sel = await createSelection()
    navigate(EXPLORER_PAGE_ID, drilldown(scope, { filters: { map_selection: [String(sel.selection_id)] } }, { origin: `Clusters map · lasso of ${formatInt(sel.in_scope)} requests`, expected: sel.in_scope }))
  }
  const diagnoseSelection = async (): Promise<void> => {
    if (!active || selection.polygons.length === 0) return
    const sel = await createSelection()
    setSelectionDiagnosis(sel.selection_id)
  }
  /** What "Annotate N…" of the lasso bar targets: the selection within the filters, as the Explorer would show it. */
  const selectionTarget = async (): Promise<{ scope: Scope; total: number }> => {
    const sel = await createSelection()
    return { scope: drilldownScope(scope, { filters: { map_selection: [String(sel.selection_id)] } }), total: sel.in_scope }
  }

  const embeddings = status.data?.embeddings ?? null
  return (
    <div className="stack clusters-page" data-testid="clusters">
      <div className="page-head">
        <div className="page-head__info muted" data-testid="cluster-vectors">
          {active ? (
            <>
              <b>{formatInt(active.k)}</b> clusters of {formatInt(active.rows)} requests ({formatInt(active.distinct_texts)} distinct texts) · vectors: {active.vector_description} · K {active.settings.k === null ? `chosen by shared vocabulary over ${active.cells} k-means cells` : 'set by you'} · seed {active.settings.seed} ·
              computed in {formatDuration(Object.values(active.timings_ms).reduce((s, x) => s + x, 0))}
            </>
          ) : embeddings ? (
            <>This dump carries its own embeddings (column {embeddings.column}, {embeddings.dims} dimensions, {formatInt(embeddings.rows_with_vector)} rows): they are used unless you choose lexical vectors.</>
          ) : (
            <>Vectors: lexical (TF-IDF of words, word pairs and character trigrams, reduced by SVD), computed here; nothing leaves the machine.</>
          )}
        </div>
        <div className="page-head__actions">
          {active && (
            <ExportButton
              label="Export report"
              busyLabel="Writing the report…"
              title="clusters.csv, cluster_summary.json and cluster_report.md of the whole dataset, as `npm run cli -- cluster` writes them"
              canPickFiles={canPickFiles}
              files={async () => (await call('exportClusterReport', { jobId: nextJobId(), ranking: settings.ranking })).files}
              testId="cluster-export"
            />
          )}
        </div>
      </div>

      <form className="cluster-settings" aria-label="Cluster settings" onSubmit={(e) => (e.preventDefault(), job.run(form))} data-testid="cluster-settings">
        <label className="cluster-settings__field">
          <span className="field-label">Clusters (K)</span>
          <input
            className="input input--sm mono"
            placeholder="auto"
            value={form.k ?? ''}
            onChange={(e) => setForm({ ...form, k: /^\d+$/.test(e.target.value) ? Math.min(200, Math.max(2, Number(e.target.value))) : null })}
            inputMode="numeric"
            data-testid="cluster-k"
          />
        </label>
        <label className="cluster-settings__field">
          <span className="field-label">Text</span>
          <select className="input input--sm" value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value as ClusterSettingsInput['text'] })}>
            {CLUSTER_TEXT_SOURCES.map((t) => (
              <option key={t} value={t}>
                {TEXT_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="cluster-settings__field">
          <span className="field-label">Vectors</span>
          <select className="input input--sm" value={form.vectors} onChange={(e) => setForm({ ...form, vectors: e.target.value as ClusterSettingsInput['vectors'] })}>
            {CLUSTER_VECTOR_SOURCES.map((v) => (
              <option key={v} value={v} disabled={v === 'embeddings' && !embeddings}>
                {VECTOR_LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        <label className="cluster-settings__field">
          <span className="field-label">Seed</span>
          <input className="input input--sm mono" placeholder="RANDOM_SEED" value={form.seed ?? ''} onChange={(e) => setForm({ ...form, seed: /^\d+$/.test(e.target.value) ? Number(e.target.value) : null })} inputMode="numeric" />
        </label>
        <button type="submit" className="btn btn--primary btn--sm" disabled={running} data-testid="cluster-run">
          {active ? 'Recompute' : 'Compute clusters'}
        </button>
      </form>

      {running && job.status.kind === 'running' && (
        <JobProgress
          title={job.status.cancelling ? 'Cancelling the clustering run' : job.status.clustersReady ? 'Clusters ready; drawing the UMAP map' : 'Clustering every request'}
          phase={job.status.phase}
          fraction={job.status.fraction}
          label="Clustering progress"
          cancelling={job.status.cancelling}
          onCancel={job.cancel}
          testId="cluster-progress"
          phaseTestId="cluster-phase"
          cancelTestId="cluster-cancel"
        />
      )}
      {job.status.kind === 'failed' && (
        <div className="banner banner--bad" role="alert" data-testid="cluster-error">
          <div className="banner__body">
            <div className="banner__title">Clustering failed</div>
            <div>{job.status.message}</div>
          </div>
        </div>
      )}
      {job.status.kind === 'cancelled' && (
        <div className="banner banner--neutral" role="status" data-testid="cluster-cancelled">
          Clustering was cancelled{active ? '; the previous clusters are still shown.' : '.'}
        </div>
      )}

      {status.error ? (
        <ErrorState title="Could not read the cluster status" error={status.error} onRetry={status.refetch} />
      ) : !active ? (
        !running && (
          <EmptyState
            title="Clusters are not computed yet"
            testId="clusters-not-computed"
            action={
              <button type="button" className="btn btn--primary btn--sm" onClick={() => job.run(form)}>
                Compute clusters
              </button>
            }
          >
            Every request gets a text vector, requests are clustered and labelled, and the clusters that fail are ranked first. The cluster filter of every page works once they are computed.
          </EmptyState>
        )
      ) : (
        <>
          <div className="clusters-top">
            <ClusterMapPanel
              run={active}
              scope={scope}
              colorBy={settings.colorBy}
              onColorByChange={(c: MapColorBy) => setSettings({ colorBy: c })}
              selection={selection}
              onSelectionChange={(s) => {
                setSelection(s)
                setSelectionDiagnosis(null)
              }}
              onPickCluster={(id) => setSettings({ cluster: id })}
              canPickFiles={canPickFiles}
              selectionActions={
                <>
                  <button type="button" className="btn btn--xs btn--primary" onClick={() => void openSelection()} disabled={selection.count === 0} data-testid="map-selection-open">
                    Open in Explorer
                  </button>
                  <button type="button" className="btn btn--xs" onClick={() => void diagnoseSelection()} disabled={selection.count === 0} data-testid="map-selection-diagnose">
                    Diagnose selection
                  </button>
                  {selection.count > 0 && (
                    <BulkAnnotateButton
                      scope={scope}
                      total={selection.count}
                      label={`Annotate ${formatInt(selection.count)}…`}
                      what="Every request inside the lassos, within the filters"
                      resolve={selectionTarget}
                      buttonClassName="btn btn--xs"
                      testId="map-selection-annotate"
                    />
                  )}
                </>
              }
            />
            {list.error ? (
              <ErrorState title="Could not rank the clusters" error={list.error} onRetry={list.refetch} />
            ) : !list.data ? (
              <LoadingState label="Ranking the clusters…" />
            ) : (
              <ClusterListPanel list={list.data} stale={list.stale} ranking={settings.ranking} onRankingChange={(r) => setSettings({ ranking: r })} selected={selectedId} onSelect={(id) => setSettings({ cluster: id })} canPickFiles={canPickFiles} />
            )}
          </div>
          {selectionDiagnosis !== null && (
            <Panel title={`Lasso selection #${selectionDiagnosis}`} subtitle="The requests inside the lassos, against the rest of the scope." testId="selection-diagnosis">
              <DiagnosisCard scope={scope} target={{ selection_id: selectionDiagnosis }} navigate={navigate} canPickFiles={canPickFiles} modelEndpoint={modelEndpoint} testId="selection-diagnosis-card" />
            </Panel>
          )}
          {selected && <ClusterDetailPanel key={selected.cluster_id} scope={scope} cluster={selected} canPickFiles={canPickFiles} navigate={navigate} modelEndpoint={modelEndpoint} />}
          <Panel title="Find requests like this phrase" subtitle="The phrase is vectorised like the requests; the nearest requests by cosine are listed with their failure status." testId="phrase-search">
            <form
              className="phrase-search"
              onSubmit={(e) => {
                e.preventDefault()
                setPhraseQuery(phrase.trim() || null)
              }}
            >
              <input className="input" value={phrase} onChange={(e) => setPhrase(e.target.value)} placeholder="e.g. refund charged twice" aria-label="Phrase" data-testid="phrase-input" />
              <button type="submit" className="btn btn--sm" data-testid="phrase-search-button">
                Find similar
              </button>
            </form>
            {phraseQuery && <SimilarRequests key={phraseQuery} text={phraseQuery} onOpen={(id) => navigate(EXPLORER_PAGE_ID, { params: { id } })} testId="phrase-similar" />}
          </Panel>
          <LocalModelSettings
            current={diagnosisModel}
            keyToRetype={!!saved.local_model?.api_key_set && saved.local_model.endpoint === modelEndpoint && diagnosisModel.data?.api_key_set === false}
            onSaved={(m) => saveClusterSettings(ui, { local_model: localModelOf(m) })}
          />
        </>
      )}
    </div>
  )
}
