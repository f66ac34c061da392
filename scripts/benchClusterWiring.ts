/**
 * What clusters add to the features they are wired into: the anomaly alarms with the cluster slices
 * against without them, and the report's top-failure-clusters section (10 diagnoses), on generated
 * datasets. Writes bench/cluster-wiring-results.md. Usage: npx tsx scripts/benchClusterWiring.ts [DIR...] [--runs N]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import { anomalyReport } from '../src/main/analysis/anomalies'
import { computeClusters } from '../src/main/cli/clusterRun'
import { createEngine } from '../src/main/engine/engine'
import { ingestFiles } from '../src/main/ingest/ingest'
import { topFailureClusters } from '../src/main/report/clusterReportSection'

const args = process.argv.slice(2)
const runsAt = args.indexOf('--runs')
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3
const dirs = args.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1))
const DATASETS = dirs.length ? dirs : ['/work/data/gen-100k', '/work/data/gen-1m']

async function timed(f: () => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = Date.now()
    await f()
    out.push(Date.now() - t)
  }
  return out
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main(): Promise<void> {
  const lines = [
    '# Clusters wired into the alarms and the report',
    '',
    `${new Date().toISOString()}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} at the start; medians of ${RUNS} runs (the report section: 1 run).`,
    '',
    '| data | rows | clusters | anomalies without clusters (ms) | with clusters (ms) | ratio | report section, 10 diagnoses (ms) |',
    '|---|---|---|---|---|---|---|'
  ]
  for (const dir of DATASETS) {
    const { engine } = await createEngine('native')
    try {
      const knobs = { ...DEFAULT_KNOBS }
      const report = await ingestFiles(engine, [dir], knobs)
      const base = { engine, knobs, scope: {}, report, overrideGates: [] as string[] }
      const { store, info } = await computeClusters({ out: () => {}, err: () => {} }, { engine, report, knobs }, { k: null, seed: knobs.RANDOM_SEED, text: 'request', vectors: 'auto' }, { withMap: false })
      // alternate the two, so the machine's load falls on both alike
      const without: number[] = []
      const withC: number[] = []
      for (let i = 0; i < RUNS; i++) {
        without.push(...(await timed(() => anomalyReport(base), 1)))
        withC.push(...(await timed(() => anomalyReport({ ...base, clusters: store }), 1)))
      }
      const section = await timed(() => topFailureClusters({ ...base, clusters: store }), 1)
      const row = `| ${path.basename(dir)} | ${info.rows.toLocaleString('en-US')} | ${info.k} | ${median(without)} | ${median(withC)} | ${(median(withC) / median(without)).toFixed(2)} | ${section[0]} |`
      console.log(row)
      lines.push(row)
    } finally {
      await engine.close()
    }
  }
  lines.push('', 'The cluster slices add a join on the interactions rowid and three more dimension pairs to the two scans. The report section runs the evidence diagnosis of each listed cluster.', '')
  fs.mkdirSync('bench', { recursive: true })
  fs.writeFileSync(path.join('bench', 'cluster-wiring-results.md'), lines.join('\n'))
  console.log('wrote bench/cluster-wiring-results.md')
}
void main()
