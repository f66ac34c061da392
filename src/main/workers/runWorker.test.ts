// Tests of the worker helper with the real triage worker: results and progress across the thread, errors, and cancellation of a running fit.

import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runWorker, WorkerCancelled, type WorkerProgress, workerEntry } from './runWorker'
import { trainAndScore, type TriageRowsIn, type TriageWorkerInput, type TriageWorkerOutput } from './triageWorker'

/** Deterministic rows: two numeric features and one categorical; failures follow the first feature. */
function rows(n: number, seed: number): TriageRowsIn {
  let s = seed >>> 0
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
  const a = new Float64Array(n)
  const b = new Float64Array(n)
  const c = new Int32Array(n)
  const y = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    a[i] = rnd() < 0.02 ? NaN : rnd() * 10
    b[i] = rnd() * 3
    c[i] = rnd() < 0.05 ? -1 : Math.floor(rnd() * 3)
    y[i] = rnd() < 1 / (1 + Math.exp(-(a[i] - 6))) ? 1 : 0
  }
  return { n, num: [a, b], cat: [c], y }
}

function input(nFit: number): TriageWorkerInput {
  return {
    featuresNum: ['a', 'b'],
    featuresCat: ['k'],
    dictionaries: [['x', 'y', 'z']],
    fit: rows(nFit, 1),
    calibration: rows(Math.ceil(nFit / 4), 2),
    evaluation: rows(Math.ceil(nFit / 4), 3)
  }
}

function buffers(inp: TriageWorkerInput): ArrayBuffer[] {
  return [inp.fit, inp.calibration, inp.evaluation].flatMap((r) => [...r.num, ...r.cat, r.y].map((t) => t.buffer as ArrayBuffer))
}

describe('workerEntry', () => {
  it('starts the TypeScript entry through tsx when running from sources', () => {
    const entry = workerEntry('triageWorker')
    expect(entry.eval).toBe(true)
    const [api, file] = [...entry.filename.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])
    expect(existsSync(api)).toBe(true)
    expect(file.endsWith('src/main/workers/triageWorker.ts')).toBe(true)
  })
})

describe('runWorker with the triage worker', () => {
  it('returns what the same code returns on this thread, with progress on the way', async () => {
    const local = trainAndScore(input(2000))
    const progress: WorkerProgress[] = []
    const sent = input(2000)
    const remote = await runWorker<TriageWorkerInput, TriageWorkerOutput>('triageWorker', sent, {
      onProgress: (p) => progress.push(p),
      transfer: buffers(sent)
    })
    expect(remote).toEqual(local)
    expect(remote.proba).toBeInstanceOf(Float64Array)
    // The input buffers moved to the worker instead of being copied.
    expect(sent.fit.y.byteLength).toBe(0)
    expect(progress[0]).toEqual({ phase: 'preparing features', fraction: 0 })
    expect(progress.map((p) => p.phase)).toContain('fitting model')
    const fractions = progress.map((p) => p.fraction as number)
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
  })

  it('rejects with the worker error', async () => {
    const bad = input(50)
    bad.featuresNum = ['a', 'b', 'missing']
    await expect(runWorker('triageWorker', bad)).rejects.toThrow(/^triageWorker: /)
  })

  it('cancels a running fit by terminating the worker, and the next run still works', async () => {
    const controller = new AbortController()
    let fitting = false
    const big = input(150_000)
    const started = performance.now()
    const run = runWorker('triageWorker', big, {
      transfer: buffers(big),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'fitting model' && !fitting) {
          fitting = true
          controller.abort()
        }
      }
    })
    await expect(run).rejects.toBeInstanceOf(WorkerCancelled)
    expect(fitting).toBe(true)
    expect(performance.now() - started).toBeLessThan(30_000)
    const again = await runWorker<TriageWorkerInput, TriageWorkerOutput>('triageWorker', input(500))
    expect(again.proba).toHaveLength(125)
  })

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(runWorker('triageWorker', input(10), { signal: controller.signal })).rejects.toBeInstanceOf(WorkerCancelled)
  })
})
