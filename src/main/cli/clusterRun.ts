/**
 * Clusters for the CLI commands: the run settings from the flags (`--k`, `--seed`, `--text`,
 * `--vectors`) over a workspace's saved ones, and one cluster run over the opened data with its
 * phases on stderr. Used by `cluster`, and by `anomalies` and `report` with `--with-clusters`.
 */
import { ClusterSettingsSchema, type ClusterRunInfo, type ClusterSettings } from '../../shared/clusters'
import { readClusterWorkspaceSettings, savedRunSettings } from '../../shared/clusterWorkspace'
import type { Knobs } from '../../shared/knobs'
import type { IntegrityReport } from '../../shared/types'
import type { WorkspaceDoc } from '../../shared/workspace'
import { detectEmbeddingColumn } from '../analysis/clusterInput'
import { ClusterStore } from '../analysis/clusterRuns'
import { ensureClusterTables } from '../analysis/clusterTables'
import { UsageError } from '../cliArgs'
import type { Engine } from '../engine/engine'
import { CLUSTER_RUN_FLAGS } from './commands'
import type { Io } from './types'

export function intFlag(flags: Record<string, string | true>, name: string, min: number, max: number): number | null {
  const v = flags[name]
  if (v === undefined) return null
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim())) throw new UsageError(`--${name} must be a whole number, got "${String(v)}"`)
  const n = Number(v)
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`)
  return n
}

export function enumFlag<T extends string>(flags: Record<string, string | true>, name: string, allowed: readonly T[], fallback: T): T {
  const v = flags[name]
  if (v === undefined) return fallback
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${String(v)}"`)
  return v as T
}

/**
 * The run settings: each flag given wins, else the workspace's saved run (what the Clusters page
 * computed when it was saved, so the clusters and their ids are the same), else the defaults.
 */
export function clusterSettingsFromFlags(flags: Record<string, string | true>, workspace: WorkspaceDoc | null = null): ClusterSettings {
  const saved = workspace ? savedRunSettings(readClusterWorkspaceSettings(workspace.ui.cluster_settings)) : null
  const base = saved ?? ClusterSettingsSchema.parse({})
  const k = intFlag(flags, 'k', 2, 200)
  const seed = intFlag(flags, 'seed', 0, 4294967295)
  return ClusterSettingsSchema.parse({
    k: k ?? base.k,
    seed: seed ?? base.seed,
    text: enumFlag(flags, 'text', ['request', 'request_and_response'] as const, base.text),
    vectors: enumFlag(flags, 'vectors', ['auto', 'lexical', 'embeddings'] as const, base.vectors)
  })
}

/** One line about a run: rows, clusters, how K was chosen, the seed and the vectors. */
export function runSummary(info: ClusterRunInfo): string {
  return `${info.rows} requests in ${info.k} clusters (K ${info.settings.k === null ? 'by shared vocabulary' : `${info.settings.k} given`}, seed ${info.settings.seed}, ${info.vector_source} vectors)`
}

/** Refuses the run flags without `--with-clusters` (they would silently do nothing). */
export function requireWithClusters(flags: Record<string, string | true>, command: string): void {
  if (flags['with-clusters']) return
  const given = Object.keys(CLUSTER_RUN_FLAGS).filter((f) => flags[f] !== undefined)
  if (given.length) throw new UsageError(`${command}: --${given.join(', --')} only apply with --with-clusters`)
}

/**
 * Clusters the opened data and makes the run active (its assignment is what the cluster filter and
 * the cluster slices read). With `withMap` it waits for the UMAP map too; without, the map stage is
 * stopped once the clusters are ready (anomalies and the report do not draw it).
 */
export async function computeClusters(
  io: Io,
  data: { engine: Engine; report: IntegrityReport; knobs: Knobs },
  settings: ClusterSettings,
  opts: { withMap: boolean; inProcess?: boolean }
): Promise<{ store: ClusterStore; info: ClusterRunInfo }> {
  await ensureClusterTables(data.engine)
  const store = new ClusterStore(data.engine, data.report, await detectEmbeddingColumn(data.engine, data.report))
  let lastPhase = ''
  const started = Date.now()
  const { done, map } = store.run(settings, data.knobs, {
    jobId: 0,
    signal: new AbortController().signal,
    inProcess: opts.inProcess,
    onProgress: (phase) => {
      if (phase === lastPhase) return
      lastPhase = phase
      io.err(`cluster: ${phase} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    }
  })
  if (opts.withMap) return { store, info: await map }
  const info = await done
  // the clusters are active; the map is not needed here
  store.cancel()
  await map.catch(() => undefined)
  return { store, info }
}
