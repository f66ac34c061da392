/** Worker entry of the clusters: stage 'clusters' (vectors, K, k-means, labels, PCA map) and stage 'map' (UMAP of every row), run off the analytics thread. */
import type { TransferListItem } from 'node:worker_threads'
import { clusterUnits, umapMap, type PipelineClusters, type PipelineInput, type PipelineMap } from '../ml/clusterPipeline'
import { serveWorker } from './runWorker'

export type ClusterWorkerInput =
  | ({ stage: 'clusters' } & PipelineInput)
  | {
      stage: 'map'
      /** shared with the analytics thread: read, not copied */
      vectors: Float32Array
      dims: number
      hasVector: Uint8Array
      unitCluster: Int32Array
      clusterCount: number
      unitCount: Float64Array
      rowUnit: Int32Array
      seed: number
    }

export type ClusterWorkerOutput = { stage: 'clusters'; result: PipelineClusters } | { stage: 'map'; result: PipelineMap }

/** The buffers of a result that move (not copy) back to the caller; the shared vectors stay shared. */
function transferables(out: ClusterWorkerOutput): TransferListItem[] {
  if (out.stage === 'map') return [out.result.rowXY.buffer as ArrayBuffer, out.result.unitXY.buffer as ArrayBuffer]
  const r = out.result
  const list: ArrayBuffer[] = [r.hasVector.buffer as ArrayBuffer, r.unitCluster.buffer as ArrayBuffer, r.centers.buffer as ArrayBuffer, r.unitXY.buffer as ArrayBuffer]
  if (r.model) list.push(r.model.idf.idf.buffer as ArrayBuffer, r.model.column.buffer as ArrayBuffer, r.model.svd.components.buffer as ArrayBuffer, r.model.components32.buffer as ArrayBuffer)
  return list
}

/** Runs one stage; exported for in-thread use (tests, small data). */
export function runClusterStage(input: ClusterWorkerInput, progress: (phase: string, fraction: number | null) => void = () => {}): ClusterWorkerOutput {
  if (input.stage === 'clusters') return { stage: 'clusters', result: clusterUnits(input, progress) }
  const result = umapMap(input, input.unitCount, input.rowUnit, input.seed, progress)
  return { stage: 'map', result }
}

serveWorker<ClusterWorkerInput, ClusterWorkerOutput>((input, progress) => {
  const value = runClusterStage(input, progress)
  return { value, transfer: transferables(value) }
})
