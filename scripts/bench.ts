/**
 * `npm run bench`: load and analysis timings on generated data, reported as medians of a few runs
 * and as ratios within one run (the machine is shared, so absolute times are noisy).
 * Writes bench/results.md. Flags: --rows N (default 1,000,000), --runs K (default 3), --big (also 10M rows, memory).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import { AnalyticsClient, forkChild } from '../src/main/backend/analyticsClient'
import { createEngine, type Engine } from '../src/main/engine/engine'
import { ingestFiles } from '../src/main/ingest/ingest'
import { runCli } from '../src/main/cli'
import type { IntegrityReport } from '../src/shared/types'
import { benchAnalyses } from './benchAnalyses'
import { createFileSinks, generateDataset } from './generateData'

const root = path.resolve(__dirname, '..')
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt
}
const ROWS = Number(arg('rows', '1000000'))
const RUNS = Number(arg('runs', '3'))
const BIG = process.argv.includes('--big')

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function dataset(rows: number): string {
  const dir = path.join(root, '.bench', `rows-${rows}`)
  const marker = path.join(dir, '.complete')
  if (!fs.existsSync(marker)) {
    console.log(`generating ${rows.toLocaleString('en-US')} rows into ${dir} ...`)
    const { sinks } = createFileSinks(dir)
    generateDataset({ rows, seed: 7 }, sinks)
    fs.writeFileSync(marker, new Date().toISOString())
  }
  return dir
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const v = await fn()
  return [performance.now() - t0, v]
}

async function bareReadCsv(file: string): Promise<number> {
  const { engine } = await createEngine('native')
  try {
    const [ms] = await timed(() => engine.run('CREATE TABLE raw AS SELECT * FROM read_csv(?)', [file]))
    return ms
  } finally {
    await engine.close()
  }
}

async function ourLoad(dir: string): Promise<{ ms: number; engine: Engine; report: IntegrityReport }> {
  const { engine } = await createEngine('native')
  const [ms, report] = await timed(() => ingestFiles(engine, [path.join(dir, 'llm_system_interactions.csv')], { ...DEFAULT_KNOBS }))
  return { ms, engine, report }
}

/** Loads through the analytics process (as the app does) and measures the host's event-loop stalls. */
async function hostResponsiveness(dir: string): Promise<{ maxStallMs: number; p99StallMs: number }> {
  const client = new AnalyticsClient(forkChild, ['--mode', 'web'])
  const h = monitorEventLoopDelay({ resolution: 5 })
  h.enable()
  const r = await client.call('loadDataset', { jobId: 1, paths: [dir] })
  h.disable()
  client.close()
  if (!r.ok) throw new Error(r.error.message)
  return { maxStallMs: h.max / 1e6, p99StallMs: h.percentile(99) / 1e6 }
}

function peakMemoryOfLoad(dir: string): { ms: number; maxRssMb: number } {
  const script = `
    const { createEngine } = require(${JSON.stringify(path.join(root, 'src/main/engine/engine.ts'))});
    const { ingestFiles } = require(${JSON.stringify(path.join(root, 'src/main/ingest/ingest.ts'))});
    const { DEFAULT_KNOBS } = require(${JSON.stringify(path.join(root, 'src/shared/knobs.ts'))});
    (async () => {
      const { engine } = await createEngine('native', { memoryLimit: '3GB', tempDirectory: ${JSON.stringify(path.join(root, '.bench', 'spill'))} });
      const t0 = Date.now();
      await ingestFiles(engine, [${JSON.stringify(dir)}], { ...DEFAULT_KNOBS });
      console.log(JSON.stringify({ ms: Date.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
    })();`
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 })
  return JSON.parse(out.trim().split('\n').pop()!)
}

async function main(): Promise<void> {
  const lines: string[] = []
  const say = (s: string): void => {
    console.log(s)
    lines.push(s)
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu'
  say(`# Benchmark results`)
  say('')
  say(`- date: ${new Date().toISOString()}`)
  say(`- machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`)
  say(`- engine: native DuckDB (@duckdb/node-api); runs per figure: ${RUNS} (medians)`)
  const dir = dataset(ROWS)
  const file = path.join(dir, 'llm_system_interactions.csv')
  const mb = fs.statSync(file).size / 2 ** 20
  say(`- dataset: ${ROWS.toLocaleString('en-US')} interactions, ${mb.toFixed(0)} MiB CSV (generated, seed 7)`)
  say('')
  say('## Load (interactions CSV to a normalised, gate-checked, windowed table)')
  const bare: number[] = []
  const ours: number[] = []
  let engine: Engine | null = null
  let report: IntegrityReport | null = null
  for (let i = 0; i < RUNS; i++) {
    bare.push(await bareReadCsv(file))
    const r = await ourLoad(dir)
    ours.push(r.ms)
    if (engine) await engine.close()
    engine = r.engine
    report = r.report
  }
  const ratio = median(ours) / median(bare)
  say(`| step | median ms | runs |`)
  say(`|---|---|---|`)
  say(`| DuckDB bare read_csv (CREATE TABLE AS) | ${median(bare).toFixed(0)} | ${bare.map((x) => x.toFixed(0)).join(', ')} |`)
  say(`| Workbench ingest (read + normalise + gates + windows) | ${median(ours).toFixed(0)} | ${ours.map((x) => x.toFixed(0)).join(', ')} |`)
  say('')
  say(`ingest / bare read_csv = **${ratio.toFixed(2)}x** (target <= 1.5x): ${ratio <= 1.5 ? 'PASS' : 'FAIL'}`)
  const resp = await hostResponsiveness(dir)
  say('')
  say(`Host event loop during a load through the analytics process: max stall ${resp.maxStallMs.toFixed(1)} ms, p99 ${resp.p99StallMs.toFixed(1)} ms (target < 50 ms): ${resp.maxStallMs < 50 ? 'PASS' : 'FAIL'}`)
  say('')
  say('## Analyses (loaded data, median of runs)')
  say(await benchAnalyses(engine!, report!, RUNS))
  await engine!.close()
  say('')
  const outDir = path.join(root, '.bench', 'analyze-out')
  const [analyzeMs, code] = await timed(() => runCli(['analyze', '--data', dir, '--out', outDir], { out: () => undefined, err: (s) => console.error(s) }))
  say(`Whole \`analyze\` command (load + every analysis + every artifact): ${(analyzeMs / 1000).toFixed(1)} s, exit ${code} (target < 20 s): ${analyzeMs < 20_000 && code !== 1 ? 'PASS' : 'FAIL'}`)
  if (BIG) {
    say('')
    say('## 10,000,000 rows: peak memory of a load (memory_limit 3GB, spill to .bench/spill)')
    const big = dataset(10_000_000)
    const m = peakMemoryOfLoad(big)
    say(`load ${(m.ms / 1000).toFixed(1)} s, peak RSS ${m.maxRssMb.toFixed(0)} MiB (target < 4096 MiB): ${m.maxRssMb < 4096 ? 'PASS' : 'FAIL'}`)
  }
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true })
  fs.writeFileSync(path.join(root, 'bench', 'results.md'), lines.join('\n') + '\n')
  console.log(`\nwritten to bench/results.md`)
}

void main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
