/**
 * `npm run bench:pii`: the PII scan's speed targets (issue 11) and the cost of the pii_in_responses gate.
 * Whole process: `pii --data DIR --out OUT` on 100k rows (target <= 20 s) and 1M rows (target <= 60 s),
 * on the generator's default data and on data with planted PII; and, in one process on 1M rows, a bare
 * read_csv, the ingest, and the gate's response pass after it (the gate runs after every load).
 * Medians of --runs (default 3). Writes bench/pii-results.md.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import { createEngine } from '../src/main/engine/engine'
import { ingestFiles } from '../src/main/ingest/ingest'
import { runPiiResponseGate } from '../src/main/pii/gate'
import { createFileSinks, generateDataset } from './generateData'
import { createPiiPlanter } from './piiPlant'

const root = path.resolve(__dirname, '..')
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt
}
const RUNS = Number(arg('runs', '3'))
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function dataset(rows: number, planted: boolean): string {
  const dir = path.join(root, '.bench', `rows-${rows}${planted ? '-pii' : ''}`)
  const marker = path.join(dir, '.complete')
  if (!fs.existsSync(marker)) {
    console.log(`generating ${rows.toLocaleString('en-US')} rows${planted ? ' with planted PII' : ''} into ${dir} ...`)
    const planter = planted ? createPiiPlanter(7, { requestRate: 0.01, responseRate: 0.005, lookalikeRate: 0.015 }) : null
    generateDataset({ rows, seed: 7, textHook: planter?.hook }, createFileSinks(dir).sinks)
    fs.writeFileSync(marker, new Date().toISOString())
  }
  return dir
}

/** Runs the CLI as a user does (`npm run cli` is tsx on src/main/cli.ts) and returns the wall time in ms. */
function cliRun(args: string[]): { ms: number; code: number | null; out: string } {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/main/cli.ts'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 })
  return { ms: performance.now() - t0, code: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') }
}

async function gateCost(dir: string): Promise<{ bare: number[]; ingest: number[]; gate: number[] }> {
  const out = { bare: [] as number[], ingest: [] as number[], gate: [] as number[] }
  const file = path.join(dir, 'llm_system_interactions.csv')
  for (let i = 0; i < RUNS; i++) {
    {
      const { engine } = await createEngine('native')
      const t0 = performance.now()
      await engine.run('CREATE TABLE raw AS SELECT * FROM read_csv(?)', [file])
      out.bare.push(performance.now() - t0)
      await engine.close()
    }
    const { engine } = await createEngine('native')
    const t0 = performance.now()
    const report = await ingestFiles(engine, [file], DEFAULT_KNOBS)
    const t1 = performance.now()
    await runPiiResponseGate(engine, report, DEFAULT_KNOBS)
    const t2 = performance.now()
    out.ingest.push(t1 - t0)
    out.gate.push(t2 - t1)
    await engine.close()
  }
  return out
}

async function main(): Promise<void> {
  const lines: string[] = []
  const say = (s: string): void => {
    console.log(s)
    lines.push(s)
  }
  const load = os.loadavg()
  say('# PII scan benchmark')
  say('')
  say(`- date: ${new Date().toISOString()}`)
  say(`- machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average at start ${load.map((x) => x.toFixed(2)).join(' / ')}`)
  say(`- runs per figure: ${RUNS} (medians); datasets from scripts/generateData.ts, seed 7 (planted: 1% of requests, 0.5% of responses, look-alikes in 1.5% of rows)`)
  say('')
  say('## Whole process: `npm run cli -- pii --data DIR --out OUT` (load, gate pass, scan of every text column, pii_findings.csv)')
  say('| data | rows | median s | runs (s) | findings | target | verdict |')
  say('|---|---|---|---|---|---|---|')
  for (const [rows, target] of [[100_000, 20], [1_000_000, 60]] as const) {
    for (const planted of [false, true]) {
      const dir = dataset(rows, planted)
      const outDir = path.join(root, '.bench', 'pii-out')
      const times: number[] = []
      let findings = ''
      for (let i = 0; i < RUNS; i++) {
        const r = cliRun(['pii', '--data', dir, '--out', outDir])
        if (r.code === 1) throw new Error(r.out)
        times.push(r.ms / 1000)
        findings = /: (\d+) finding/.exec(r.out)?.[1] ?? '?'
      }
      const m = median(times)
      say(`| ${planted ? 'planted PII' : 'default'} | ${rows.toLocaleString('en-US')} | ${m.toFixed(1)} | ${times.map((t) => t.toFixed(1)).join(', ')} | ${findings} | <= ${target} s | ${m <= target ? 'PASS' : 'FAIL'} |`)
    }
  }
  say('')
  say('## The gate pass after a load (1,000,000 rows, default data, one process)')
  const c = await gateCost(dataset(1_000_000, false))
  const bare = median(c.bare)
  say('| step | median ms | runs |')
  say('|---|---|---|')
  say(`| DuckDB bare read_csv | ${bare.toFixed(0)} | ${c.bare.map((x) => x.toFixed(0)).join(', ')} |`)
  say(`| ingest (ingestFiles) | ${median(c.ingest).toFixed(0)} | ${c.ingest.map((x) => x.toFixed(0)).join(', ')} |`)
  say(`| pii_in_responses response pass | ${median(c.gate).toFixed(0)} | ${c.gate.map((x) => x.toFixed(0)).join(', ')} |`)
  say('')
  say(`gate pass / bare read_csv = **${(median(c.gate) / bare).toFixed(3)}x** (what the gate adds to the load ratio); ingest + gate / bare = ${((median(c.ingest) + median(c.gate)) / bare).toFixed(2)}x`)
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true })
  fs.writeFileSync(path.join(root, 'bench', 'pii-results.md'), lines.join('\n') + '\n')
  console.log('\nwritten to bench/pii-results.md')
}

void main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})

