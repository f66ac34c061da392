/**
 * Cluster runs of one dataset: resolves the settings, reads the texts, runs the two worker stages
 * (clusters with the PCA map, then the UMAP map), keeps the results per settings (reopening is
 * instant), and makes one run active: its assignment is the cluster filter every page uses.
 */
import { stableStringify } from '../../shared/stableStringify'
import type { ClusterRunInfo, ClusterSettings, EmbeddingColumnInfo, MapColorBy } from '../../shared/clusters'
import type { Knobs } from '../../shared/knobs'
import type { IntegrityReport } from '../../shared/types'
import { ApiError } from '../backend/errors'
import type { Engine } from '../engine/engine'
import { rowMap, type PipelineClusters } from '../ml/clusterPipeline'
import { runWorker, WorkerCancelled } from '../workers/runWorker'
import { runClusterStage, type ClusterWorkerInput, type ClusterWorkerOutput } from '../workers/clusterWorker'
import { readClusterUnits } from './clusterInput'
import type { SimilarIndex } from './clusterSimilar'
import { writeAssignment } from './clusterTables'
import { presentInteractionColumns } from './drift'

/** The largest K the automatic choice considers (the k-means cells are at most 64). */
export const AUTO_MAX_K = 64
/** Finished runs kept per dataset (each holds its vectors). */
const KEEP_RUNS = 2

/** Everything one run computed, held in the analytics process. */
export interface ClusterRunData {
  info: ClusterRunInfo
  /** rowids of interactions, in row order */
  rowIds: Float64Array
  rowUnit: Int32Array
  unitCount: Float64Array
  unitFirstRow: Int32Array
  /** per row: its cluster */
  rowCluster: Int32Array
  /** per cluster: rows in the whole dataset */
  clusterSizes: Float64Array
  clusters: PipelineClusters
  /** rows x 2: the current map (PCA until the UMAP stage ends) */
  rowXY: Float32Array
  /** units by cluster with their radii, for the similar search (built on first use) */
  similarIndex?: SimilarIndex
  /** per unit: failed rows (computed on first use) */
  unitFailures?: Float64Array
  /** per colouring: categories and one code per row */
  colors: Map<MapColorBy, { categories: (string | null)[]; codes: Uint8Array }>
}

export interface ResolvedSettings {
  k: number | null
  seed: number
  text: ClusterSettings['text']
  vectors: ClusterSettings['vectors']
  /** the vectors actually used */
  source: 'lexical' | 'embeddings'
}

/** Fills in the seed (RANDOM_SEED) and picks the vectors: the dump's embeddings under 'auto' when it has them. */
export function resolveSettings(settings: ClusterSettings, knobs: Knobs, embeddings: EmbeddingColumnInfo | null): ResolvedSettings {
  if (settings.vectors === 'embeddings' && !embeddings) throw new ApiError('invalid_request', 'this dataset has no embeddings column (a column of number lists of one length): use lexical vectors')
  const source = settings.vectors === 'lexical' || !embeddings ? 'lexical' : 'embeddings'
  return { k: settings.k, seed: settings.seed ?? knobs.RANDOM_SEED, text: settings.text, vectors: settings.vectors, source }
}

export function settingsKey(r: ResolvedSettings): string {
  return stableStringify(['clusters/v1', r.k, r.seed, r.text, r.source])
}

export interface RunOptions {
  jobId: number
  signal: AbortSignal
  onProgress: (phase: string, fraction: number | null) => void
  /** the run's assignment changed what the cluster filter selects (a new active run) */
  onActivated?: (info: ClusterRunInfo) => void
  /** the UMAP map replaced the PCA one */
  onMapReady?: (info: ClusterRunInfo) => void
  /** run both stages on this thread (tests, tiny data) */
  inProcess?: boolean
}

/** The runs of one loaded dataset. */
export class ClusterStore {
  private readonly runs = new Map<string, ClusterRunData>()
  private current: ClusterRunData | null = null
  private inFlight: { key: string; jobId: number; controller: AbortController; done: Promise<ClusterRunData>; map: Promise<ClusterRunData> } | null = null
  private nextSelection = 1

  constructor(
    private readonly engine: Engine,
    private readonly report: IntegrityReport,
    readonly embeddings: EmbeddingColumnInfo | null
  ) {}

  get active(): ClusterRunData | null {
    return this.current
  }

  get running(): { jobId: number; key: string } | null {
    return this.inFlight ? { jobId: this.inFlight.jobId, key: this.inFlight.key } : null
  }

  /** The active run, or an error saying clusters are not computed yet. */
  requireActive(): ClusterRunData {
    if (!this.current) throw new ApiError('not_found', 'clusters are not computed yet for this dataset: open the Clusters page and compute them (or run `npm run cli -- cluster`)')
    return this.current
  }

  /** A new id for a map selection. */
  newSelectionId(): number {
    return this.nextSelection++
  }

  /** Cancels the run in flight (if any). */
  cancel(): void {
    this.inFlight?.controller.abort()
  }

  /**
   * Runs (or reuses) the clusters for `settings` and makes them active. Resolves once the clusters
   * and the PCA map are ready; `map` resolves when the UMAP map has replaced the PCA one.
   */
  run(settings: ClusterSettings, knobs: Knobs, opts: RunOptions): { done: Promise<ClusterRunInfo>; map: Promise<ClusterRunInfo> } {
    const resolved = resolveSettings(settings, knobs, this.embeddings)
    const key = settingsKey(resolved)
    const cached = this.runs.get(key)
    if (cached && !(this.inFlight && this.inFlight.key === key)) {
      // switching back to computed settings: a run in flight for others would replace them when done
      this.inFlight?.controller.abort()
      const done = this.activate(cached, opts).then(() => cached.info)
      return { done, map: done }
    }
    if (this.inFlight && this.inFlight.key === key) {
      const f = this.inFlight
      return { done: f.done.then((r) => r.info), map: f.map.then((r) => r.info) }
    }
    // other settings supersede a run in flight
    this.inFlight?.controller.abort()
    const controller = new AbortController()
    const onAbort = (): void => controller.abort()
    opts.signal.addEventListener('abort', onAbort, { once: true })
    const done = this.compute(resolved, key, controller.signal, opts)
    let resolveMap!: (r: ClusterRunData) => void
    let rejectMap!: (e: unknown) => void
    const map = new Promise<ClusterRunData>((res, rej) => {
      resolveMap = res
      rejectMap = rej
    })
    map.catch(() => undefined)
    const flight = { key, jobId: opts.jobId, controller, done, map }
    this.inFlight = flight
    const finish = (): void => {
      opts.signal.removeEventListener('abort', onAbort)
      if (this.inFlight === flight) this.inFlight = null
    }
    done.then(
      (run) =>
        this.umapStage(run, controller.signal, opts).then(
          (r) => {
            finish()
            resolveMap(r)
          },
          (err: unknown) => {
            finish()
            // the PCA map stays; the run is still usable
            run.info = { ...run.info, map_pending: false }
            opts.onMapReady?.(run.info)
            rejectMap(err)
          }
        ),
      (err: unknown) => {
        finish()
        rejectMap(err)
      }
    )
    return { done: done.then((r) => r.info), map: map.then((r) => r.info) }
  }

  private async activate(run: ClusterRunData, opts: Pick<RunOptions, 'onActivated'>): Promise<void> {
    if (this.current === run) return
    await writeAssignment(this.engine, run.rowIds, run.rowCluster)
    this.current = run
    opts.onActivated?.(run.info)
  }

  private async compute(r: ResolvedSettings, key: string, signal: AbortSignal, opts: RunOptions): Promise<ClusterRunData> {
    const timings: Record<string, number> = {}
    let t = Date.now()
    const lap = (name: string): void => {
      const now = Date.now()
      timings[name] = now - t
      t = now
    }
    const check = (): void => {
      if (signal.aborted) throw new ApiError('cancelled', 'clustering cancelled')
    }
    const present = presentInteractionColumns(this.report)
    opts.onProgress('reading texts', 0)
    const units = await readClusterUnits(
      this.engine,
      { includeResponse: r.text === 'request_and_response', embedding: r.source === 'embeddings' ? this.embeddings : null, hasResponseColumn: present.has('response_text_snippet') },
      (f) => opts.onProgress('reading texts', 0.05 * f)
    )
    check()
    lap('read_texts')
    const input: ClusterWorkerInput = {
      stage: 'clusters',
      request: units.request,
      response: units.response,
      unitCount: units.unitCount,
      rowUnit: units.rowUnit,
      embedding: units.embedding,
      k: r.k,
      seed: r.seed,
      maxK: AUTO_MAX_K
    }
    const out = await this.stage(input, signal, (phase, f) => opts.onProgress(phase, f === null ? null : 0.05 + 0.85 * f), opts.inProcess)
    if (out.stage !== 'clusters') throw new Error('cluster worker answered the wrong stage')
    const c = out.result
    lap('clusters')
    const n = units.rowUnit.length
    const rowCluster = new Int32Array(n)
    const clusterSizes = new Float64Array(c.clusterCount)
    for (let i = 0; i < n; i++) {
      const k = c.unitCluster[units.rowUnit[i]]
      rowCluster[i] = k
      clusterSizes[k]++
    }
    const info: ClusterRunInfo = {
      key,
      settings: { k: r.k, seed: r.seed, text: r.text, vectors: r.vectors },
      vector_source: c.vectorSource,
      vector_description:
        c.vectorSource === 'embeddings'
          ? `the dump's own embeddings (column ${this.embeddings?.column}, ${this.embeddings?.dims} dimensions${c.dims !== this.embeddings?.dims ? `, reduced to ${c.dims} by SVD` : ''})`
          : `lexical: TF-IDF of word uni/bigrams and character trigrams of the ${r.text === 'request' ? 'request text' : 'request text and response snippet'}, reduced to ${c.dims} dimensions by randomized SVD`,
      embedding_column: c.vectorSource === 'embeddings' ? (this.embeddings?.column ?? null) : null,
      dims: c.dims,
      k: c.clusterCount,
      cells: c.kChoice?.cells ?? c.k,
      k_scores: c.kChoice?.scores ?? [],
      labels: c.labels,
      rows: n,
      distinct_texts: units.unitCount.length,
      special_cluster: c.specialCluster,
      map_method: 'pca',
      map_pending: true,
      timings_ms: timings,
      computed_at: new Date().toISOString()
    }
    const run: ClusterRunData = {
      info,
      rowIds: units.rowIds,
      rowUnit: units.rowUnit,
      unitCount: units.unitCount,
      unitFirstRow: units.unitFirstRow,
      rowCluster,
      clusterSizes,
      clusters: c,
      rowXY: rowMap(c.unitXY, units.rowUnit, r.seed),
      colors: new Map()
    }
    check()
    opts.onProgress('saving the clusters', 0.92)
    this.runs.set(key, run)
    while (this.runs.size > KEEP_RUNS) {
      const oldest = [...this.runs.keys()].find((k) => this.runs.get(k) !== run && this.runs.get(k) !== this.current)
      if (!oldest) break
      this.runs.delete(oldest)
    }
    await this.activate(run, opts)
    lap('save')
    info.timings_ms = { ...timings }
    opts.onProgress('map: UMAP', 0.93)
    return run
  }

  private async umapStage(run: ClusterRunData, signal: AbortSignal, opts: RunOptions): Promise<ClusterRunData> {
    const t0 = Date.now()
    const c = run.clusters
    const out = await this.stage(
      {
        stage: 'map',
        vectors: c.vectors,
        dims: c.dims,
        hasVector: c.hasVector,
        unitCluster: c.unitCluster,
        clusterCount: c.clusterCount,
        unitCount: run.unitCount,
        rowUnit: run.rowUnit,
        seed: run.info.settings.seed
      },
      signal,
      (phase, f) => opts.onProgress(phase, f === null ? null : 0.93 + 0.07 * f),
      opts.inProcess
    )
    if (out.stage !== 'map') throw new Error('cluster worker answered the wrong stage')
    run.rowXY = out.result.rowXY
    run.info = { ...run.info, map_method: 'umap', map_pending: false, timings_ms: { ...run.info.timings_ms, map_umap: Date.now() - t0 } }
    opts.onProgress('done', 1)
    opts.onMapReady?.(run.info)
    return run
  }

  private async stage(input: ClusterWorkerInput, signal: AbortSignal, progress: (phase: string, f: number | null) => void, inProcess?: boolean): Promise<ClusterWorkerOutput> {
    if (signal.aborted) throw new ApiError('cancelled', 'clustering cancelled')
    if (inProcess) return runClusterStage(input, progress)
    try {
      return await runWorker<ClusterWorkerInput, ClusterWorkerOutput>('clusterWorker', input, { signal, onProgress: (p) => progress(p.phase, p.fraction) })
    } catch (err) {
      if (err instanceof WorkerCancelled) throw new ApiError('cancelled', 'clustering cancelled')
      throw err
    }
  }
}
