/** Worker entry of the drift report's numeric features: once the window bits are written, takes features off the counter it shares with the calling thread and returns their rows (PIPELINE.md section 8). */
import type { DriftFeatureRow } from '../../shared/drift'
import { type DriftWorkerInput, type DriftWorkerOutput, takeNumericFeatures } from '../analysis/driftNumeric'
import { serveWorker } from './runWorker'

serveWorker<DriftWorkerInput, DriftWorkerOutput>((input) => {
  Atomics.wait(input.ready, 0, 0)
  const rows: [number, DriftFeatureRow[]][] = []
  if (Atomics.load(input.ready, 0) === 1) takeNumericFeatures(input, (j, r) => rows.push([j, r]))
  return { value: { rows } }
})
