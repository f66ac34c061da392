/**
 * `npm run bench:anomalies -- [--data DIR] [--runs K]`: times the anomaly detection (the two scans and
 * the detection over every series) on a loaded dataset, cold each run, and writes bench/anomalies.md.
 * Default data: /work/data/gen-1m when present, else 1,000,000 generated rows under .bench/.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import { anomalyReport } from '../src/main/analysis/anomalies'
import type { AnalysisContext } from '../src/main/analysis/context'
import { createEngine, type Engine } from '../src/main/engine/engine'
import { ingestFiles } from '../src/main/ingest/ingest'
import { createFileSinks, generateDataset } from './generateData'

const root = path.resolve(__dirname, '..')
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt
}
const RUNS = Number(arg('runs', '3'))

function dataDir(): string {
  const given = arg('data', '')
  if (given) return path.resolve(given)
  if (fs.existsSync('/work/data/gen-1m/llm_system_interactions.csv')) return '/work/data/gen-1m'
  const dir = path.join(root, '.bench', 'rows-1000000')
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    generateDataset({ rows: 1_000_000, seed: 7 }, createFileSinks(dir).sinks)
    fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString())
  }
  return dir
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** Times the engine's queries by wrapping `all`. */
function timedEngine(engine: Engine, sink: number[]): Engine {
  return new Proxy(engine, {
    get(target, prop, recv) {
      if (prop !== 'all') return Reflect.get(target, prop, recv)
      return async (sql: string, params?: never[]) => {
        const t0 = performance.now()
        try {
          return await target.all(sql, params)
        } finally {
          sink.push(performance.now() - t0)
        }
      }
    }
  })
}

async function main(): Promise<void> {
  const dir = dataDir()
  const { engine } = await createEngine('native')
  const t0 = performance.now()
  const report = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS })
  const loadMs = performance.now() - t0
  const rows = report.tables.interactions?.rows ?? 0
  const totals: number[] = []
  const scans: number[] = []
  let last: Awaited<ReturnType<typeof anomalyReport>> | null = null
  for (let i = 0; i < RUNS; i++) {
    const queries: number[] = []
    // no memo in the context: every run computes from scratch
    const ctx: AnalysisContext = { engine: timedEngine(engine, queries), knobs: { ...DEFAULT_KNOBS }, scope: {}, report, overrideGates: [] }
    const t = performance.now()
    last = await anomalyReport(ctx)
    totals.push(performance.now() - t)
    scans.push(queries.reduce((a, b) => a + b, 0))
  }
  await engine.close()
  const detect = totals.map((t, i) => t - scans[i])
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ')
  const top = (last?.alarms ?? []).slice(0, 6).map((a) => {
    const h = a.headline
    return `| ${a.rank} | ${h.kind} | ${h.metric} | ${h.dimension === 'all' ? 'all' : `${h.dimension}=${h.value}`} | ${h.date} | ${h.level_reached} | ${h.z.toFixed(1)} | ${h.responsible?.label ?? ''} |`
  })
  const md = [
    '# Anomaly detection benchmark',
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average at the end ${load} (shared machine: other engineers' jobs were running)`,
    `- data: ${dir} (${rows.toLocaleString('en-US')} interactions), loaded in ${(loadMs / 1000).toFixed(1)} s`,
    `- ${last?.series_checked ?? 0} series checked (5 metrics x all, per model, use case and tier) over ${last?.days ?? 0} days; ${last?.findings.length ?? 0} findings in ${last?.alarms.length ?? 0} alarms; each run cold (no memo)`,
    '',
    '| step | median ms | runs |',
    '|---|---|---|',
    `| the two SQL scans (counts with pairs; latency quantiles) | ${median(scans).toFixed(0)} | ${scans.map((x) => x.toFixed(0)).join(', ')} |`,
    `| detection, responsibility, grouping (JS) | ${median(detect).toFixed(0)} | ${detect.map((x) => x.toFixed(0)).join(', ')} |`,
    `| **whole anomalyReport** | **${median(totals).toFixed(0)}** | ${totals.map((x) => x.toFixed(0)).join(', ')} |`,
    '',
    `Target: seconds, not minutes, over 1M rows: ${median(totals) < 10_000 ? 'PASS' : 'FAIL'}.`,
    '',
    'Top alarms of the last run:',
    '',
    '| # | kind | metric | slice | date | level reached | z | responsible |',
    '|---|---|---|---|---|---|---|---|',
    ...top,
    ''
  ].join('\n')
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true })
  fs.writeFileSync(path.join(root, 'bench', 'anomalies.md'), md)
  process.stdout.write(md)
}

void main()
