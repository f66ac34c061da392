/**
 * The CLI as a user runs it: `npm run cli` is `node scripts/cli.js`, which runs the built
 * JavaScript in out/cli (rebuilt when missing or older than its sources), never TypeScript.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OUT, buildCli, staleReason } = require('./buildCli.js') as { OUT: string; buildCli: (o?: { quiet?: boolean }) => { ms: number }; staleReason: () => string | null }

const ROOT = path.resolve(__dirname, '..')
const SAMPLE = path.join(ROOT, 'test/fixtures/notebook-sample/input')
const tmp: string[] = []

/** Runs `node scripts/cli.js ...args` as its own process; a preload reports which packages it loaded. */
function runCli(args: string[]): { code: number | null; out: string; err: string; loaded: string[] } {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-')), 'loaded.json')
  tmp.push(path.dirname(report))
  const hook = `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))))`
  const r = spawnSync(process.execPath, ['--require', writeHook(hook), path.join(ROOT, 'scripts/cli.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
  const loaded = fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, 'utf8')) as string[]) : []
  return { code: r.status, out: r.stdout, err: r.stderr, loaded }
}

function writeHook(code: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-hook-'))
  tmp.push(dir)
  const file = path.join(dir, 'hook.js')
  fs.writeFileSync(file, code)
  return file
}

beforeAll(() => {
  buildCli({ quiet: true })
}, 120_000)
afterAll(() => {
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true })
})

describe('the built CLI', () => {
  it('is current right after a build, and stale once a source it was built from changes', () => {
    expect(staleReason()).toBeNull()
    const src = path.join(ROOT, 'src/main/cliArgs.ts')
    const st = fs.statSync(src)
    try {
      const later = new Date(Date.now() + 60_000)
      fs.utimesSync(src, later, later)
      expect(staleReason()).toBe('src/main/cliArgs.ts changed')
    } finally {
      fs.utimesSync(src, st.atime, st.mtime)
    }
    expect(staleReason()).toBeNull()
  })

  it('builds itself when the build is missing, then runs: --help lists every command without loading DuckDB, zod or TypeScript tooling', () => {
    fs.rmSync(OUT, { recursive: true, force: true })
    const first = runCli(['--help'])
    expect(first.err).toMatch(/building the CLI \(no build yet\)/)
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/^ {2}ingest +read the data/m)
    expect(fs.existsSync(path.join(OUT, 'cli.js'))).toBe(true)

    const again = runCli(['--help'])
    expect(again.err).toBe('')
    expect(again.code).toBe(0)
    expect(again.out).toBe(first.out)
    expect(again.loaded.some((f) => f.startsWith(OUT))).toBe(true)
    expect(again.loaded.filter((f) => /node_modules[\\/](@duckdb|zod|tsx|esbuild|typescript)[\\/]/.test(f))).toEqual([])
  }, 120_000)

  it('runs analyze end to end from JavaScript (the triage worker included)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-out-'))
    tmp.push(out)
    const r = runCli(['analyze', '--data', SAMPLE, '--out', out])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/wrote 13 artifacts/)
    const auc = (dir: string): number => JSON.parse(fs.readFileSync(path.join(dir, 'triage_threshold_policy.json'), 'utf8')).metrics.roc_auc
    expect(Math.abs(auc(out) - auc(path.join(ROOT, 'test/fixtures/notebook-sample/expected')))).toBeLessThan(0.005)
    expect(r.loaded.filter((f) => /node_modules[\\/](tsx|esbuild|typescript)[\\/]/.test(f))).toEqual([])
  }, 120_000)

  it('exits 1 naming the file for a header-only interactions file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-empty-'))
    tmp.push(dir)
    fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), fs.readFileSync(path.join(SAMPLE, 'llm_system_interactions.csv'), 'utf8').split('\n')[0] + '\n')
    const r = runCli(['ingest', '--data', dir])
    expect(r.code).toBe(1)
    expect(r.err).toContain('cli: llm_system_interactions.csv: header only, no data rows; there is nothing to analyze')
    // said once: the problem that is the whole message is not listed again under it
    expect(r.err.match(/header only/g)).toHaveLength(1)
    expect(r.out).not.toMatch(/All gates passed/)
  }, 120_000)
})
