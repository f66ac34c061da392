/** Worker entry of the PII scan and masking: validates a batch of candidate texts (findings with offsets and masked previews), or masks a batch of texts, off the analytics process's event loop. */
import type { MaskMode } from '../../shared/pii'
import { findInBatch, type BatchFinding, type TextBatch } from '../pii/findTexts'
import { maskText } from '../pii/mask'
import { serveWorker } from './runWorker'

export type PiiWorkerInput = { op: 'find'; batch: TextBatch } | { op: 'mask'; texts: (string | null)[]; mode: MaskMode; key?: Uint8Array }
export type PiiWorkerOutput = BatchFinding[] | (string | null)[]

/** The worker's work, callable in-process too (small batches, tests). */
export function piiWork(input: PiiWorkerInput): PiiWorkerOutput {
  if (input.op === 'find') return findInBatch(input.batch)
  const opts = { mode: input.mode, key: input.key ? Buffer.from(input.key) : undefined }
  return input.texts.map((t) => maskText(t, opts))
}

serveWorker<PiiWorkerInput, PiiWorkerOutput>((input) => ({ value: piiWork(input) }))
