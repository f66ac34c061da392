/**
 * `npm run bench:sampling`: timings of the sampling policy on generated data: the first policy (hashing
 * every interaction_id in a worker beside the SQL frame, the anomaly detector for the boost rule), a
 * recompute after a budget change (JS only), the sample's export (lines written by DuckDB), and weighted
 * vs plain health KPIs; with the first policy's stages (StageClock) to show where the time goes.
 * Medians of a few runs; the machine is shared, so compare ratios within one run. Writes
 * bench/sampling-results.md. Flags: --data DIR (a dump to use) or --rows N (generated, default
 * 1,000,000), --runs K (default 3).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import { SamplingInputsSchema } from '../src/shared/sampling'
import { healthSnapshot } from '../src/main/analysis/health'
import { ResultMemo } from '../src/main/analysis/resultMemo'
import { computeSampling, type StageClock } from '../src/main/analysis/sampling'
import { sampledInteractionsCsv } from '../src/main/artifacts/samplingArtifacts'
import { createEngine, type Engine } from '../src/main/engine/engine'
import { ingestFiles } from '../src/main/ingest/ingest'
import { createFileSinks, generateDataset } from './generateData'

const root = path.resolve(__dirname, '..')
const arg = (name: string, dflt: string | null): string | null => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt
}
const RUNS = Number(arg('runs', '3'))

function dataset(): string {
  const given = arg('data', null)
  if (given) return path.resolve(given)
  const rows = Number(arg('rows', '1000000'))
  const dir = path.join(root, '.bench', `rows-${rows}`)
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    console.log(`generating ${rows.toLocaleString('en-US')} rows into ${dir} ...`)
    generateDataset({ rows, seed: 7 }, createFileSinks(dir).sinks)
    fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString())
  }
  return dir
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const v = await fn()
  return [performance.now() - t0, v]
}

async function main(): Promise<void> {
  const dir = dataset()
  const lines: string[] = []
  const log = (s: string): void => {
    console.log(s)
    lines.push(s)
  }
  const rows: Record<string, number[]> = {}
  const add = (k: string, ms: number): void => {
    ;(rows[k] ??= []).push(ms)
  }
  const stages: Record<string, number[]> = {}
  const clock = (): StageClock => {
    let last = performance.now()
    return {
      mark(stage: string): void {
        const now = performance.now()
        ;(stages[stage] ??= []).push(now - last)
        last = now
      }
    }
  }
  let n = 0
  for (let run = 0; run < RUNS; run++) {
    let engine: Engine | null = null
    try {
      engine = (await createEngine('native')).engine
      const report = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS })
      n = report.tables.interactions?.rows ?? 0
      // as in the app: results shared between requests over one dataset (the anomaly report among them)
      const ctx = { engine, knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [], memo: new ResultMemo() }
      const at = (share: number) => SamplingInputsSchema.parse({ budget: { kind: 'keep_share', keep_share: share } })
      const [first, c] = await timed(() => computeSampling(ctx, at(0.2), clock()))
      add('first policy (hash ids in a worker beside the SQL frame + anomaly detector + solve + backtest)', first)
      const [again] = await timed(() => computeSampling(ctx, at(0.3)))
      add('recompute after a budget change (frame cached: JS on the analytics thread)', again)
      const [csv] = await timed(() => sampledInteractionsCsv(ctx, c))
      add(`export the sample (${c.result.projection.total.sampled_rows.toLocaleString('en-US')} rows)`, csv)
      const [plain] = await timed(() => healthSnapshot(ctx))
      add('health snapshot, plain', plain)
      const weighted = { ...ctx, memo: new ResultMemo(), report: { ...report, sample_rate: { source_column: 'sample_rate', valid_rows: n, invalid_rows: 0, weighted_rows: n, min: 1, max: 1 } } }
      // the same rows read as a weighted dump (every weight 1): the weighted SQL path's cost
      await engine.run('ALTER TABLE interactions ADD COLUMN IF NOT EXISTS sample_rate DOUBLE DEFAULT 1')
      const [w] = await timed(() => healthSnapshot(weighted))
      add('health snapshot, weighted by sample_rate (all 1)', w)
    } finally {
      await engine?.close()
    }
  }
  log(`# Sampling benchmark`)
  log('')
  log(`${n.toLocaleString('en-US')} interactions (${path.basename(dir)}), ${RUNS} runs, median ms; ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end.`)
  log('')
  log('| step | median ms | runs |')
  log('|---|---:|---|')
  for (const [k, v] of Object.entries(rows)) log(`| ${k} | ${median(v).toFixed(0)} | ${v.map((x) => x.toFixed(0)).join(', ')} |`)
  log('')
  log('Stages of the first policy (ms from the previous stage; the hash worker runs beside the SQL, so its line is only what is left to wait for):')
  log('')
  log('| stage | median ms | runs |')
  log('|---|---:|---|')
  for (const [k, v] of Object.entries(stages)) log(`| ${k} | ${median(v).toFixed(0)} | ${v.map((x) => x.toFixed(0)).join(', ')} |`)
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true })
  fs.writeFileSync(path.join(root, 'bench', 'sampling-results.md'), lines.join('\n') + '\n')
}

void main()
