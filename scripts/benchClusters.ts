/**
 * `npm run bench:clusters`: the failure-mode clusters against the targets. The whole
 * `cluster` command (ingest, vectors, clusters, labels, ranking, UMAP map of every row, report) on
 * 100,000 and 1,000,000 generated interactions with wall time and peak RSS; similar-search latency
 * in the analytics code on 1,000,000 rows; and in headless Chromium, web mode with 1,000,000 rows:
 * the map's load, panning frame rate and long tasks. Medians of a few runs; writes
 * bench/clusters-results.md. Needs `npm run build:only` (out/main/cli.js, out/main/serve.js).
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { createFileSinks, generateDataset } from './generateData'
import { DEFAULT_KNOBS } from '../src/shared/knobs'

const root = path.resolve(__dirname, '..')
const PORT = 4793
const TOKEN = 'bench-clusters'
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const RUNS_100K = arg('runs', 3)
const RUNS_1M = arg('runs-1m', 1)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))]
const fmt = (x: number, d = 1): string => x.toFixed(d)

/** The generator's default dataset of `rows` rows: /work/data/gen-* when there, else generated into .bench/. */
function dataset(rows: number): string {
  const shared = { 100_000: '/work/data/gen-100k', 1_000_000: '/work/data/gen-1m' }[rows]
  if (shared && fs.existsSync(path.join(shared, 'llm_system_interactions.csv'))) return shared
  const dir = path.join(root, '.bench', `rows-${rows}`)
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    generateDataset({ rows, seed: 7 }, createFileSinks(dir).sinks)
    fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString())
  }
  return dir
}

function load(): string {
  return os.loadavg().map((x) => x.toFixed(1)).join(' / ')
}

interface ProcessRun {
  wallS: number
  peakRssMb: number
  /** when the command said the UMAP map was done */
  clustersAndMapS: number | null
  k: string
}

/** The whole `cluster` command as an operator runs it, timed by /usr/bin/time (wall, peak RSS). */
function runClusterCommand(dir: string): ProcessRun {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cluster-'))
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', process.execPath, path.join(root, 'out/main/cli.js'), 'cluster', '--data', dir, '--out', out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  fs.rmSync(out, { recursive: true, force: true })
  if (r.status !== 0) throw new Error(`cluster failed: ${r.stderr}`)
  const time = /TIME ([\d.]+) (\d+)/.exec(r.stderr)
  const done = /cluster: done \(([\d.]+) s\)/.exec(r.stderr)
  const k = /(\d+) clusters/.exec(r.stdout)
  return { wallS: Number(time?.[1]), peakRssMb: Number(time?.[2]) / 1024, clustersAndMapS: done ? Number(done[1]) : null, k: k?.[1] ?? '?' }
}

/** Similar-search latency in the analytics code (what the backend runs per request), on a loaded 1M dataset. */
async function similarLatency(dir: string, queries: number): Promise<{ medianMs: number; p95Ms: number; textMedianMs: number }> {
  const [{ createEngine }, { ingestFiles }, { ClusterStore }, { ensureClusterTables }, { similarRequests }] = await Promise.all([
    import('../src/main/engine/engine'),
    import('../src/main/ingest/ingest'),
    import('../src/main/analysis/clusterRuns'),
    import('../src/main/analysis/clusterTables'),
    import('../src/main/analysis/clusterSimilar')
  ])
  const { engine } = await createEngine('native')
  try {
    const report = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS })
    await ensureClusterTables(engine)
    const store = new ClusterStore(engine, report, null)
    await store.run({ k: null, seed: null, text: 'request', vectors: 'auto' }, { ...DEFAULT_KNOBS }, { jobId: 1, signal: new AbortController().signal, onProgress: () => {} }).done
    const ids = (await engine.columns(`SELECT CAST(interaction_id AS VARCHAR) FROM interactions USING SAMPLE ${queries} ROWS (reservoir, 7)`)).data[0] as string[]
    const times: number[] = []
    for (const id of ids) {
      const t = performance.now()
      await similarRequests(engine, store, { interaction_id: id, limit: 20 })
      times.push(performance.now() - t)
    }
    const textTimes: number[] = []
    for (const phrase of ['refund charged twice', 'python function parse csv', 'reset password', 'sql query by region', 'policy on remote work']) {
      const t = performance.now()
      await similarRequests(engine, store, { text: phrase, limit: 20 })
      textTimes.push(performance.now() - t)
    }
    return { medianMs: median(times), p95Ms: p95(times), textMedianMs: median(textTimes) }
  } finally {
    await engine.close()
  }
}

interface UiRun {
  loadS: number
  fps: number
  longestFrameMs: number
  longTasksLoad: number
  longestTaskLoadMs: number
  longTasksPan: number
  longestTaskPanMs: number
  rows: number
}

/** Polls until the map is the UMAP one with every point loaded (page.evaluate: the app's CSP forbids the string predicates of waitForFunction). */
async function mapComplete(page: Page, timeoutMs: number, everyMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const done = `(() => { const el = document.querySelector('[data-testid=cluster-map-box]'); return !!el && el.getAttribute('data-method') === 'umap' && Number(el.getAttribute('data-rows')) > 0 && el.getAttribute('data-loaded') === el.getAttribute('data-rows') })()`
  while (!((await page.evaluate(done)) as boolean)) {
    if (Date.now() > deadline) throw new Error('the map did not finish loading')
    await page.waitForTimeout(everyMs)
  }
}

/** Web mode with the dataset: open Clusters, wait for the whole UMAP map, then pan for 3 s. */
async function uiRun(dir: string): Promise<UiRun> {
  const server = spawn(process.execPath, [path.join(root, 'out/main/serve.js'), '--port', String(PORT), '--token', TOKEN, '--data', dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => {
        if (/loaded /.test(String(d))) resolve()
        if (/could not load/.test(String(d))) reject(new Error(String(d)))
      })
    })
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] })
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
      await page.addInitScript(`(() => {
        window.__long = []
        new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push({ t: e.startTime, d: e.duration }) }).observe({ type: 'longtask', buffered: true })
      })()`)
      await page.goto(`http://127.0.0.1:${PORT}/?token=${TOKEN}#/clusters`)
      // the first visit computes the clusters; the map is complete when its method is UMAP and every point is loaded
      await mapComplete(page, 900_000, 250)
      // a page load of the computed map: reopen and time until every point is drawn
      const t0 = Date.now()
      await page.reload()
      await mapComplete(page, 300_000, 50)
      await page.waitForTimeout(500)
      const loadS = (Date.now() - t0) / 1000
      const rows = Number(await page.getAttribute('[data-testid=cluster-map-box]', 'data-rows'))
      const longLoad = (await page.evaluate('window.__long.splice(0)')) as { t: number; d: number }[]
      const box = (await page.locator('[data-testid=map-canvas]').boundingBox())!
      const cx = box.x + box.width / 2
      const cy = box.y + box.height / 2
      await page.evaluate(`(() => {
        window.__frames = []
        const tick = (t) => { window.__frames.push(t); if (window.__frames.length < 100000) requestAnimationFrame(tick) }
        requestAnimationFrame(tick)
      })()`)
      await page.mouse.move(cx, cy)
      await page.mouse.down()
      const start = Date.now()
      let i = 0
      while (Date.now() - start < 3000) {
        const a = (i++ / 20) * Math.PI
        await page.mouse.move(cx + 150 * Math.cos(a), cy + 100 * Math.sin(a))
      }
      await page.mouse.up()
      const frames = (await page.evaluate('window.__frames.splice(0)')) as number[]
      const longPan = (await page.evaluate('window.__long.splice(0)')) as { t: number; d: number }[]
      const span = frames[frames.length - 1] - frames[0]
      let longest = 0
      for (let k = 1; k < frames.length; k++) longest = Math.max(longest, frames[k] - frames[k - 1])
      return {
        loadS,
        fps: span > 0 ? ((frames.length - 1) * 1000) / span : 0,
        longestFrameMs: longest,
        longTasksLoad: longLoad.length,
        longestTaskLoadMs: Math.max(0, ...longLoad.map((x) => x.d)),
        longTasksPan: longPan.length,
        longestTaskPanMs: Math.max(0, ...longPan.map((x) => x.d)),
        rows
      }
    } finally {
      await browser.close()
    }
  } finally {
    server.kill()
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'out/main/cli.js'))) throw new Error('build first: npm run build:only')
  const lines: string[] = []
  const say = (s: string): void => {
    process.stdout.write(s + '\n')
    lines.push(s)
  }
  say('# Clusters benchmark')
  say('')
  say(`Run ${new Date().toISOString()} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), ${fmt(os.totalmem() / 2 ** 30, 0)} GiB. Load average at start: ${load()} (the machine is shared).`)
  say('')

  const d100k = dataset(100_000)
  const runs100k: ProcessRun[] = []
  for (let r = 0; r < RUNS_100K; r++) runs100k.push(runClusterCommand(d100k))
  const d1m = dataset(1_000_000)
  const runs1m: ProcessRun[] = []
  for (let r = 0; r < RUNS_1M; r++) runs1m.push(runClusterCommand(d1m))
  say('## The whole `cluster` command (wall time of the process: start, ingest, clusters, UMAP map of every row, the three report files)')
  say('')
  say('| rows | runs | wall, median (s) | target | clusters + map inside (s) | peak RSS, max (MB) | target | K |')
  say('|---|---|---|---|---|---|---|---|')
  say(`| 100,000 | ${runs100k.length} | ${fmt(median(runs100k.map((r) => r.wallS)))} (${runs100k.map((r) => fmt(r.wallS)).join(', ')}) | <= 30 | ${fmt(median(runs100k.map((r) => r.clustersAndMapS ?? NaN)))} | ${fmt(Math.max(...runs100k.map((r) => r.peakRssMb)), 0)} | | ${runs100k.map((r) => r.k).join(', ')} |`)
  say(`| 1,000,000 | ${runs1m.length} | ${fmt(median(runs1m.map((r) => r.wallS)))} (${runs1m.map((r) => fmt(r.wallS)).join(', ')}) | <= 180 | ${fmt(median(runs1m.map((r) => r.clustersAndMapS ?? NaN)))} | ${fmt(Math.max(...runs1m.map((r) => r.peakRssMb)), 0)} | <= 3,072 | ${runs1m.map((r) => r.k).join(', ')} |`)
  say('')
  say(`Load average after: ${load()}.`)
  say('')

  const sim = await similarLatency(d1m, 50)
  say('## Similar requests on 1,000,000 rows (analytics code, 50 random requests; 5 phrases)')
  say('')
  say(`- from a request: median ${fmt(sim.medianMs)} ms, p95 ${fmt(sim.p95Ms)} ms (target <= 100 ms)`)
  say(`- from a phrase: median ${fmt(sim.textMedianMs)} ms`)
  say('')

  const ui = await uiRun(d1m)
  say(`## The map in headless Chromium (web mode, ${ui.rows.toLocaleString('en-US')} points)`)
  say('')
  say(`- reopening the page until every point of the UMAP map is drawn: ${fmt(ui.loadS)} s`)
  say(`- panning for 3 s: ${fmt(ui.fps)} frames per second (target >= 30), longest frame ${fmt(ui.longestFrameMs, 0)} ms`)
  say(`- long tasks (> 50 ms) while the map loads: ${ui.longTasksLoad}, longest ${fmt(ui.longestTaskLoadMs, 0)} ms; while panning: ${ui.longTasksPan}, longest ${fmt(ui.longestTaskPanMs, 0)} ms (target: none over 50 ms)`)
  say('')
  say(`Load average at the end: ${load()}.`)
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true })
  fs.writeFileSync(path.join(root, 'bench', 'clusters-results.md'), lines.join('\n') + '\n')
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:clusters failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
