/**
 * `npm run bench:workspace`: workspace and bundle timings against the targets of docs/workspaces.md:
 * save and open of a workspace with 10,000 annotations (<= 200 ms), a bundle of the 1M-row dataset
 * written in <= 1.5x DuckDB's bare COPY of the interactions table to zstd Parquet, and opened in
 * <= 1.2x the time of loading the CSVs. Medians of --runs K (default 3), ratios within each run
 * (the machine is shared). Writes bench/workspace-results.md. Flags: --data DIR (default the 1M set),
 * --workspace-only (skip the bundle timings).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_KNOBS } from '../src/shared/knobs'
import { createEngine } from '../src/main/engine/engine'
import { ingestFiles } from '../src/main/ingest/ingest'
import { literal } from '../src/main/ingest/sql'
import { Workbench } from '../src/main/backend/workbench'
import { AnnotationStore } from '../src/main/workspace/annotationStore'
import { createAnnotationTable, replaceAnnotationStatuses } from '../src/main/workspace/annotationTable'
import { loadBundle } from '../src/main/workspace/bundleReader'
import { writeBundle } from '../src/main/workspace/bundleWriter'
import { emptyWorkspaceDoc } from '../src/main/workspace/workspaceDoc'
import { parseWorkspace, serialiseWorkspace } from '../src/main/workspace/workspaceFormat'

const root = path.resolve(__dirname, '..')
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt
}
const DATA = path.resolve(arg('data', '/work/data/gen-1m'))
const RUNS = Number(arg('runs', '3'))
const SAMPLE = path.join(root, 'test/fixtures/notebook-sample/input')
const WORKSPACE_ONLY = process.argv.includes('--workspace-only')

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const ms = (x: number): string => `${x.toFixed(0)} ms`

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const v = await fn()
  return [performance.now() - t0, v]
}

/** Save (the app's saveWorkspace: compose, serialise, atomic write with fsync and .bak) and open (read, parse, index, mirror into DuckDB) of 10,000 annotations. */
async function workspaceTimings(dir: string): Promise<{ save: number[]; open: number[]; bytes: number }> {
  const wb = new Workbench({ mode: 'web', stateDir: null })
  await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
  const ids = Array.from({ length: 10_000 }, (_, i) => `i${String(i).padStart(7, '0')}`)
  await wb.annotateMany({ target: { interaction_ids: ids }, edit: { status: 'confirmed_failure', addLabels: ['bench'], note: 'a note of some length for the benchmark' } })
  const file = path.join(dir, 'bench.twb.json')
  const save: number[] = []
  const open: number[] = []
  const { engine } = await createEngine('native')
  await createAnnotationTable(engine)
  for (let r = 0; r < RUNS; r++) {
    await wb.updateWorkspaceUi({ ui: { notes: `run ${r}` } })
    save.push((await timed(() => wb.saveWorkspace({ path: file })))[0])
    open.push(
      (
        await timed(async () => {
          const doc = parseWorkspace(fs.readFileSync(file, 'utf8'), 'bench').doc
          const store = new AnnotationStore(doc.annotations)
          await replaceAnnotationStatuses(
            engine,
            store.all().map((a) => ({ interaction_id: a.interaction_id, status: a.status }))
          )
          return store.size
        })
      )[0]
    )
  }
  await engine.close()
  await wb.dispose()
  return { save, open, bytes: fs.statSync(file).size }
}

async function bundleTimings(dir: string): Promise<{ load: number[]; copy: number[]; copyDefault: number[]; write: number[]; open: number[]; bundleBytes: number; csvBytes: number; rows: number }> {
  const out = { load: [] as number[], copy: [] as number[], copyDefault: [] as number[], write: [] as number[], open: [] as number[], bundleBytes: 0, csvBytes: 0, rows: 0 }
  out.csvBytes = fs.readdirSync(DATA).reduce((s, f) => s + fs.statSync(path.join(DATA, f)).size, 0)
  const bundle = path.join(dir, 'bench.twbundle')
  const workspaceJson = serialiseWorkspace(emptyWorkspaceDoc(), { savedAt: new Date().toISOString(), appVersion: 'bench' })
  for (let r = 0; r < RUNS; r++) {
    const { engine } = await createEngine('native', { memoryLimit: '4GB' })
    try {
      const [loadMs, report] = await timed(() => ingestFiles(engine, [DATA], { ...DEFAULT_KNOBS }))
      out.load.push(loadMs)
      out.rows = report.tables.interactions?.rows ?? 0
      const staging = fs.mkdtempSync(path.join(dir, 'staging-'))
      // the yardstick: DuckDB alone writing the interactions table as zstd Parquet
      const bare = path.join(staging, 'bare.parquet')
      out.copy.push((await timed(() => engine.run(`COPY interactions TO ${literal(bare)} (FORMAT parquet, COMPRESSION zstd)`)))[0])
      fs.rmSync(bare)
      out.copyDefault.push((await timed(() => engine.run(`COPY interactions TO ${literal(bare)} (FORMAT parquet)`)))[0])
      fs.rmSync(bare)
      out.write.push((await timed(() => writeBundle({ engine, file: bundle, stagingDir: staging, report, reportKnobs: { ...DEFAULT_KNOBS }, workspaceJson, annotationsJsonl: '' })))[0])
      out.bundleBytes = fs.statSync(bundle).size
      fs.rmSync(staging, { recursive: true, force: true })
    } finally {
      await engine.close()
    }
    const { engine: e2 } = await createEngine('native', { memoryLimit: '4GB' })
    try {
      out.open.push((await timed(() => loadBundle(e2, bundle, { tempDir: dir })))[0])
    } finally {
      await e2.close()
    }
    fs.rmSync(bundle + '.bak', { force: true })
  }
  return out
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twb-bench-'))
  try {
    const load = os.loadavg()
    console.log(`workspace with 10,000 annotations (${RUNS} runs) ...`)
    const w = await workspaceTimings(dir)
    if (WORKSPACE_ONLY) {
      console.log(`save ${w.save.map(ms).join(', ')} (median ${ms(median(w.save))}); open ${w.open.map(ms).join(', ')} (median ${ms(median(w.open))}); load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`)
      return
    }
    console.log(`bundle of ${DATA} (${RUNS} runs) ...`)
    const b = await bundleTimings(dir)
    const ratios = b.write.map((x, i) => x / b.copy[i])
    const ratiosDefault = b.write.map((x, i) => x / b.copyDefault[i])
    const openRatios = b.open.map((x, i) => x / b.load[i])
    const lines = [
      '# Workspace and bundle timings',
      '',
      `Generated ${new Date().toISOString()} on ${os.cpus().length} cores (load average at start ${load.map((x) => x.toFixed(1)).join(' / ')}, at end ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')}). Medians of ${RUNS} runs; ratios are taken within each run, then the median.`,
      '',
      '| measure | median | target | runs |',
      '|---|---|---|---|',
      `| save a workspace with 10,000 annotations (${(w.bytes / 1e6).toFixed(1)} MB, fsync + .bak) | ${ms(median(w.save))} | <= 200 ms | ${w.save.map(ms).join(', ')} |`,
      `| open it (read, parse, index, mirror into DuckDB) | ${ms(median(w.open))} | <= 200 ms | ${w.open.map(ms).join(', ')} |`,
      `| load the CSVs (${b.rows.toLocaleString('en-US')} interactions, ${(b.csvBytes / 1e6).toFixed(0)} MB) | ${ms(median(b.load))} | | ${b.load.map(ms).join(', ')} |`,
      `| bare COPY of interactions to zstd Parquet (DuckDB's default level) | ${ms(median(b.copy))} | | ${b.copy.map(ms).join(', ')} |`,
      `| bare COPY of interactions to Parquet with DuckDB's defaults (snappy) | ${ms(median(b.copyDefault))} | | ${b.copyDefault.map(ms).join(', ')} |`,
      `| write the bundle (every table as zstd level 1, manifest, ZIP) | ${ms(median(b.write))} | | ${b.write.map(ms).join(', ')} |`,
      `| write / bare zstd COPY | ${median(ratios).toFixed(2)}x | <= 1.5x | ${ratios.map((x) => x.toFixed(2)).join(', ')} |`,
      `| write / bare default COPY | ${median(ratiosDefault).toFixed(2)}x | <= 1.5x | ${ratiosDefault.map((x) => x.toFixed(2)).join(', ')} |`,
      `| open the bundle | ${ms(median(b.open))} | | ${b.open.map(ms).join(', ')} |`,
      `| open / load the CSVs | ${median(openRatios).toFixed(2)}x | <= 1.2x | ${openRatios.map((x) => x.toFixed(2)).join(', ')} |`,
      `| bundle size / CSV size | ${(b.bundleBytes / b.csvBytes).toFixed(3)}x (${(b.bundleBytes / 1e6).toFixed(0)} MB) | <= 0.4x | |`,
      ''
    ]
    fs.mkdirSync(path.join(root, 'bench'), { recursive: true })
    fs.writeFileSync(path.join(root, 'bench', 'workspace-results.md'), lines.join('\n'))
    console.log(lines.join('\n'))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
