/**
 * Builds the headless CLI into plain JavaScript (out/cli/: cli.js and the worker entries it starts)
 * with esbuild, and tells whether the build on disk is older than its sources. `scripts/cli.js`
 * (what `npm run cli` runs) uses both; `npm run build:cli` builds on demand. `node
 * scripts/buildCli.js bench` builds the benchmark the same way (out/bench/), so `npm run bench`
 * times built code, its worker threads included.
 */
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node as is (no build step before the build) */
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..')
const OUT = path.join(ROOT, 'out', 'cli')
/** Written last by a build: the sources it read (from esbuild's metafile) and when it started. */
const STAMP = path.join(OUT, 'build-stamp.json')
/** Files that change what a build produces besides the sources esbuild reads. */
const BUILD_INPUTS = ['scripts/buildCli.js', 'package.json', 'tsconfig.json', 'tsconfig.node.json']

/** Every worker_threads entry (src/main/workers/*Worker.ts), by bundle name. */
function workerEntries() {
  const workers = path.join(ROOT, 'src', 'main', 'workers')
  const entries = {}
  for (const f of fs.readdirSync(workers).sort()) {
    if (/Worker\.ts$/.test(f) && f !== 'runWorker.ts') entries[f.replace(/\.ts$/, '')] = path.join(workers, f)
  }
  return entries
}

/** The entry points: the CLI and every worker entry it may start. */
function entryPoints() {
  return { cli: path.join(ROOT, 'src', 'main', 'cli.ts'), ...workerEntries() }
}

/**
 * Why the CLI must be (re)built, or null when out/cli is current: no build yet, a source it was
 * built from changed or disappeared, a new worker entry, or the build configuration changed. Costs
 * one stat per source file (a few milliseconds), so it runs before every CLI start.
 */
function staleReason() {
  let stamp
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'))
  } catch {
    return 'no build yet'
  }
  if (!stamp || !Array.isArray(stamp.inputs) || typeof stamp.startedAt !== 'number') return 'unreadable build stamp'
  for (const rel of [...stamp.inputs, ...BUILD_INPUTS]) {
    let st
    try {
      st = fs.statSync(path.join(ROOT, rel))
    } catch {
      if (BUILD_INPUTS.includes(rel)) continue
      return `${rel} is gone`
    }
    if (st.mtimeMs > stamp.startedAt) return `${rel} changed`
  }
  const built = new Set(stamp.entries ?? [])
  for (const name of Object.keys(entryPoints())) if (!built.has(name)) return `new entry ${name}`
  return null
}

/**
 * Builds out/cli/ from src/main/cli.ts: one CommonJS file per entry, dependencies left in
 * node_modules (DuckDB's native and wasm files load from there). The result is written to a
 * temporary folder and swapped in whole, so a CLI starting meanwhile never reads half a build.
 */
function buildCli({ quiet = false } = {}) {
  return bundle(entryPoints(), OUT, quiet)
}

/** Bundles `entries` into `out` (CommonJS, dependencies external), swapped in whole, with its build stamp. */
function bundle(entries, out, quiet) {
  const esbuild = require('esbuild')
  const startedAt = Date.now()
  const tmp = `${out}.tmp-${process.pid}-${startedAt}`
  const result = esbuild.buildSync({
    entryPoints: entries,
    outdir: tmp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'silent' : 'warning',
    absWorkingDir: ROOT
  })
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'))
  fs.writeFileSync(path.join(tmp, 'build-stamp.json'), JSON.stringify({ startedAt, entries: Object.keys(entries), inputs }, null, 1) + '\n')
  const old = `${out}.old-${process.pid}-${startedAt}`
  let moved = false
  try {
    fs.renameSync(out, old)
    moved = true
  } catch (err) {
    if (err.code !== 'ENOENT') throw err
  }
  fs.renameSync(tmp, out)
  if (moved) fs.rmSync(old, { recursive: true, force: true })
  return { ms: Date.now() - startedAt, inputs: inputs.length }
}

module.exports = { OUT, STAMP, buildCli, staleReason, entryPoints }

if (require.main === module) {
  if (process.argv[2] === 'bench') {
    const out = path.join(ROOT, 'out', 'bench')
    const r = bundle({ bench: path.join(ROOT, 'scripts', 'bench.ts'), ...workerEntries() }, out, false)
    console.log(`built ${path.relative(ROOT, out)} from ${r.inputs} sources in ${r.ms} ms`)
  } else {
    const r = buildCli()
    console.log(`built ${path.relative(ROOT, OUT)} from ${r.inputs} sources in ${r.ms} ms`)
  }
}
