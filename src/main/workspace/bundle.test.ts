import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import yazl from 'yazl'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { createEngine, type Engine } from '../engine/engine'
import { ingestFiles } from '../ingest/ingest'
import { detectText } from '../pii/detect'
import { lockDownEngine, runSql } from '../analysis/explorer'
import { openBundle, loadBundle } from './bundleReader'
import { BUNDLE_MIMETYPE, looksLikeBundleHead, readHead } from './bundleFormat'
import { writeBundle } from './bundleWriter'
import { emptyWorkspaceDoc } from './workspaceDoc'
import { serialiseWorkspace } from './workspaceFormat'
import { cli, scratchDirs } from '../testing/testHarness'

const tmpDir = scratchDirs('twb-bundle-test-')
/** Every artifact of two analyze runs is identical (decision_artifact.json but its time). */
function expectSameArtifacts(a: string, b: string): void {
  const files = fs.readdirSync(a).sort()
  expect(fs.readdirSync(b).sort()).toEqual(files)
  for (const f of files) {
    let x = fs.readFileSync(path.join(a, f), 'utf8')
    let y = fs.readFileSync(path.join(b, f), 'utf8')
    if (f === 'decision_artifact.json') {
      x = x.replace(/"generated_at": "[^"]*"/, '')
      y = y.replace(/"generated_at": "[^"]*"/, '')
    }
    expect(y, f).toBe(x)
  }
}

let data: string
let bundle: string

beforeAll(async () => {
  data = tmpDir()
  const { sinks } = createFileSinks(data)
  generateDataset({ rows: 5000, seed: 23, days: 40 }, sinks)
  // any file name: the bundle is recognised by its content
  bundle = path.join(tmpDir(), 'shared-with-a-colleague')
  const r = await cli(['bundle', '--data', data, '--out', bundle])
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
})

describe('bundle on generated data', () => {
  it('is one file, recognised by its first bytes, at most 0.4x the size of the CSVs', () => {
    expect(looksLikeBundleHead(readHead(bundle))).toBe(true)
    const csvBytes = fs.readdirSync(data).reduce((s, f) => s + fs.statSync(path.join(data, f)).size, 0)
    expect(fs.statSync(bundle).size).toBeLessThanOrEqual(0.4 * csvBytes)
  })

  it('analyze --data BUNDLE writes exactly the artifacts of analyze --data DIR', async () => {
    const a = tmpDir()
    const b = tmpDir()
    expect((await cli(['analyze', '--data', data, '--out', a])).code).not.toBe(1)
    const r = await cli(['analyze', '--data', bundle, '--out', b])
    expect(r.code).not.toBe(1)
    expectSameArtifacts(a, b)
  })

  it('ingest --json gives the same integrity report (input hashes and row counts included)', async () => {
    const a = await cli(['ingest', '--data', data, '--json'])
    const b = await cli(['ingest', '--data', bundle, '--json'])
    expect(b.code).toBe(a.code)
    expect(JSON.parse(b.out)).toEqual(JSON.parse(a.out))
    const { archive, contents } = await openBundle(bundle)
    archive.close()
    const report = JSON.parse(a.out) as { tables: Record<string, { sha256: string; rows: number; file: string }> }
    expect(contents.manifest.inputs.map((i) => [i.file, i.sha256, i.rows]).sort()).toEqual(Object.values(report.tables).map((t) => [t.file, t.sha256, t.rows]).sort())
  })

  it('carries its knobs: a bundle made with --knobs analyzes like the CSVs with them, and --knobs still wins', async () => {
    const knobsFile = path.join(tmpDir(), 'knobs.json')
    fs.writeFileSync(knobsFile, JSON.stringify({ SLA_MS: 1500, MAX_LATENCY_MISSING_RATE: 0.001 }))
    const withKnobs = path.join(tmpDir(), 'k.twbundle')
    expect((await cli(['bundle', '--data', data, '--out', withKnobs, '--knobs', knobsFile])).code).toBe(0)
    const a = tmpDir()
    const b = tmpDir()
    await cli(['analyze', '--data', data, '--out', a, '--knobs', knobsFile])
    const r = await cli(['analyze', '--data', withKnobs, '--out', b])
    expect(r.err).toContain('knobs')
    expectSameArtifacts(a, b)
    // another knob file over the bundle: the same as over the CSVs
    const other = path.join(tmpDir(), 'other.json')
    fs.writeFileSync(other, JSON.stringify({ SLA_MS: 3000, MAX_LATENCY_MISSING_RATE: 0.05 }))
    const c = tmpDir()
    const d = tmpDir()
    await cli(['analyze', '--data', data, '--out', c, '--knobs', other])
    await cli(['analyze', '--data', withKnobs, '--out', d, '--knobs', other])
    expectSameArtifacts(c, d)
  })

  it('--mask-text masks and --drop-text drops the free-text columns, and says which', async () => {
    const masked = path.join(tmpDir(), 'm.twbundle')
    const r = await cli(['bundle', '--data', data, '--out', masked, '--mask-text'])
    expect(r.out).toMatch(/masked text columns: .*interactions\.request_text/)
    const { engine } = await createEngine('native')
    try {
      const c = await loadBundle(engine, masked)
      // the PII scan's masker (issue 11): findings are replaced by type tags, other text stays as it was
      expect(c.manifest.masked_columns).toContainEqual({ table: 'interactions', column: 'request_text', method: 'pii_tags' })
      const texts = await engine.all<{ t: string }>(`SELECT request_text AS t FROM interactions WHERE request_text IS NOT NULL`)
      expect(texts.length).toBeGreaterThan(0)
      for (const { t } of texts) expect(detectText(t)).toEqual([])
    } finally {
      await engine.close()
    }
    const dropped = path.join(tmpDir(), 'd.twbundle')
    await cli(['bundle', '--data', data, '--out', dropped, '--drop-text'])
    const { engine: e2 } = await createEngine('native')
    try {
      await loadBundle(e2, dropped)
      const cols = (await e2.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE interactions)`)).map((c) => c.column_name)
      expect(cols).not.toContain('request_text')
      expect(cols).toContain('interaction_id')
    } finally {
      await e2.close()
    }
  })
})

describe('writing from a locked engine', () => {
  let engine: Engine
  let staging: string
  beforeAll(async () => {
    ;({ engine } = await createEngine('native'))
    const report = await ingestFiles(engine, [data], { ...DEFAULT_KNOBS })
    staging = tmpDir()
    await lockDownEngine(engine, { writableDir: staging })
    ;(globalThis as { __report?: unknown }).__report = report
  })
  afterAll(() => engine.close())

  it('writes the bundle, while the SQL console can still neither read nor write any other file', async () => {
    const report = (globalThis as { __report?: Parameters<typeof writeBundle>[0]['report'] }).__report!
    const file = path.join(tmpDir(), 'locked.twbundle')
    const w = await writeBundle({ engine, file, stagingDir: staging, report, reportKnobs: { ...DEFAULT_KNOBS }, workspaceJson: serialiseWorkspace(emptyWorkspaceDoc(), { savedAt: 'x', appVersion: 'y' }), annotationsJsonl: '' })
    expect(w.tables.interactions).toBe(5000)
    // the staging folder is left empty
    expect(fs.readdirSync(staging)).toEqual([])
    const outside = path.join(tmpDir(), 'secret.csv')
    fs.writeFileSync(outside, 'a,b\n1,2\n')
    await expect(runSql(engine, `SELECT * FROM read_csv('${outside}')`, 10)).rejects.toThrow(/disabled by configuration|Permission/)
    await expect(runSql(engine, `SELECT * FROM read_csv('/etc/passwd')`, 10)).rejects.toThrow(/disabled by configuration|Permission/)
    await expect(runSql(engine, `SELECT * FROM read_csv('${staging}/../${path.basename(path.dirname(outside))}/secret.csv')`, 10)).rejects.toThrow(/disabled by configuration|Permission/)
    await expect(runSql(engine, `COPY interactions TO '${path.join(path.dirname(outside), 'x.csv')}'`, 10)).rejects.toThrow()
    await expect(engine.run(`COPY interactions TO '${path.join(path.dirname(outside), 'y.parquet')}' (FORMAT parquet)`)).rejects.toThrow(/disabled by configuration|Permission/)
    await expect(runSql(engine, `SELECT current_setting('allowed_directories') AS s`, 10)).resolves.toBeTruthy()
    await expect(engine.run(`SET allowed_directories = ['/']`)).rejects.toThrow(/locked/)
    expect(fs.existsSync(path.join(path.dirname(outside), 'y.parquet'))).toBe(false)
  })
})

// ---- hostile and damaged bundles ------------------------------------------------------------

async function zipOf(entries: { name: string; data: string | Buffer; compress?: boolean }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  for (const e of entries) zip.addBuffer(Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data), e.name, { compress: e.compress ?? false })
  zip.end()
  const chunks: Buffer[] = []
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c)
  return Buffer.concat(chunks)
}

/** Replaces every occurrence of `from` (same length) in the archive's bytes: local header and central directory. */
function patchName(buf: Buffer, from: string, to: string): Buffer {
  expect(to.length).toBe(from.length)
  const out = Buffer.from(buf)
  let i = out.indexOf(from)
  expect(i).toBeGreaterThanOrEqual(0)
  while (i >= 0) {
    out.write(to, i, 'latin1')
    i = out.indexOf(from, i + 1)
  }
  return out
}

/** Central directory records: offset of each, by file name. */
function centralRecords(buf: Buffer): Map<string, number> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  let p = buf.readUInt32LE(eocd + 16)
  const n = buf.readUInt16LE(eocd + 10)
  const out = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const nameLen = buf.readUInt16LE(p + 28)
    const extra = buf.readUInt16LE(p + 30)
    const comment = buf.readUInt16LE(p + 32)
    out.set(buf.subarray(p + 46, p + 46 + nameLen).toString('latin1'), p)
    p += 46 + nameLen + extra + comment
  }
  return out
}

async function openError(buf: Buffer, name = 'hostile.twbundle'): Promise<string> {
  const file = path.join(tmpDir(), name)
  fs.writeFileSync(file, buf)
  const { engine } = await createEngine('native')
  try {
    await loadBundle(engine, file)
  } catch (err) {
    return (err as Error).message
  } finally {
    await engine.close()
  }
  throw new Error('the bundle opened')
}

describe('hostile and damaged bundles are errors naming the file', () => {
  let good: Buffer
  beforeAll(() => {
    good = fs.readFileSync(bundle)
  })

  it('a file that is not a ZIP', async () => {
    expect(await openError(Buffer.from('interaction_id,latency_ms\n1,2\n'))).toMatch(/^hostile\.twbundle: damaged or not a valid bundle \(not a ZIP file\)/)
  })

  it('a ZIP that is not a bundle', async () => {
    const zip = await zipOf([{ name: 'readme.txt', data: 'hello' }])
    expect(await openError(zip)).toMatch(/hostile\.twbundle: .*first entry is not the bundle marker/)
  })

  it('truncated anywhere: half, and missing its last bytes', async () => {
    expect(await openError(good.subarray(0, Math.floor(good.length / 2)))).toMatch(/hostile\.twbundle: damaged or not a valid bundle/)
    expect(await openError(good.subarray(0, good.length - 10))).toMatch(/hostile\.twbundle: damaged or not a valid bundle/)
  })

  it('a flipped byte in the data, in the manifest, and in the central directory', async () => {
    const { archive, contents } = await openBundle(bundle)
    const dataEntry = archive.entries.get(contents.manifest.tables[0].entry)!
    const manifestEntry = archive.entries.get('manifest.json')!
    archive.close()
    const flip = (at: number): Buffer => {
      const b = Buffer.from(good)
      b[at] ^= 0x5a
      return b
    }
    // a byte in the middle of the interactions Parquet: its SHA-256 and CRC-32 no longer match
    expect(await openError(flip(dataEntry.relativeOffsetOfLocalHeader + 30 + dataEntry.fileNameLength + Math.floor(dataEntry.compressedSize / 2)))).toMatch(/hostile\.twbundle: .*data\/interactions\.parquet (fails its CRC-32 check|does not match the SHA-256)/)
    expect(await openError(flip(manifestEntry.relativeOffsetOfLocalHeader + 30 + manifestEntry.fileNameLength + 5))).toMatch(/hostile\.twbundle: damaged or not a valid bundle/)
    const cd = centralRecords(good).get('workspace.json')!
    expect(await openError(flip(cd + 20))).toMatch(/hostile\.twbundle: damaged or not a valid bundle/)
  })

  it('path-traversal and absolute entry names are refused, and nothing is written outside', async () => {
    const target = path.join(tmpDir(), 'escaped')
    for (const evil of ['../../../../../../escape', '/tmp/absolute-names-here'.slice(0, 25)]) {
      const placeholder = 'x'.repeat(evil.length)
      const zip = await zipOf([
        { name: 'mimetype', data: BUNDLE_MIMETYPE },
        { name: placeholder, data: 'owned' }
      ])
      expect(await openError(patchName(zip, placeholder, evil))).toMatch(/hostile\.twbundle: damaged or not a valid bundle \((unexpected entry|invalid relative path|absolute path)/)
    }
    expect(fs.existsSync(target)).toBe(false)
    expect(fs.existsSync(path.resolve(os.tmpdir(), '../escape'))).toBe(false)
  })

  it('huge declared sizes: a JSON entry over its limit, a data entry larger than the file', async () => {
    const cds = centralRecords(good)
    const big = Buffer.from(good)
    big.writeUInt32LE(0xfffffff0, cds.get('workspace.json')! + 24)
    expect(await openError(big)).toMatch(/hostile\.twbundle: damaged or not a valid bundle/)
    const data = Buffer.from(good)
    const rec = cds.get('data/interactions.parquet')!
    data.writeUInt32LE(0x7ffffff0, rec + 20)
    data.writeUInt32LE(0x7ffffff0, rec + 24)
    expect(await openError(data)).toMatch(/hostile\.twbundle: damaged or not a valid bundle/)
  })

  it('duplicate names, deflated data entries, unexpected entries', async () => {
    const dup = await zipOf([
      { name: 'mimetype', data: BUNDLE_MIMETYPE },
      { name: 'manifest.json', data: '{}' },
      { name: 'manifest.json', data: '{}' }
    ])
    expect(await openError(dup)).toMatch(/entry manifest\.json appears twice/)
    const deflated = await zipOf([
      { name: 'mimetype', data: BUNDLE_MIMETYPE },
      { name: 'data/interactions.parquet', data: Buffer.alloc(1000), compress: true }
    ])
    expect(await openError(deflated)).toMatch(/data entry data\/interactions\.parquet is not stored uncompressed/)
    const extra = await zipOf([
      { name: 'mimetype', data: BUNDLE_MIMETYPE },
      { name: 'run-me.sh', data: 'rm -rf ~' }
    ])
    expect(await openError(extra)).toMatch(/unexpected entry "run-me\.sh"/)
  })

  it('a bundle of a newer format says so', async () => {
    const zip = await zipOf([
      { name: 'mimetype', data: BUNDLE_MIMETYPE },
      { name: 'manifest.json', data: JSON.stringify({ format: 'telemetry-workbench-bundle', version: 99 }) }
    ])
    expect(await openError(zip)).toMatch(/hostile\.twbundle was written by a newer Telemetry Workbench \(bundle format 99/)
  })

  it('the CLI exits 1 and names the file', async () => {
    const file = path.join(tmpDir(), 'broken-bundle.zip')
    fs.writeFileSync(file, good.subarray(0, 1000))
    const r = await cli(['analyze', '--data', file, '--out', tmpDir()])
    expect(r.code).toBe(1)
    expect(r.err).toContain('broken-bundle.zip')
  })
})

describe('ZIP64', () => {
  it('reads a bundle written with ZIP64 records (the format of files over 4 GB)', async () => {
    const { engine } = await createEngine('native')
    try {
      const report = await ingestFiles(engine, [data], { ...DEFAULT_KNOBS })
      const staging = tmpDir()
      const file = path.join(tmpDir(), 'z64.twbundle')
      await writeBundle({ engine, file, stagingDir: staging, report, reportKnobs: { ...DEFAULT_KNOBS }, workspaceJson: serialiseWorkspace(emptyWorkspaceDoc(), { savedAt: 'x', appVersion: 'y' }), annotationsJsonl: '', forceZip64: true })
      const buf = fs.readFileSync(file)
      // the ZIP64 end of central directory record is there
      expect(buf.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBeGreaterThan(0)
      const { engine: e2 } = await createEngine('native')
      try {
        const c = await loadBundle(e2, file)
        expect(c.manifest.tables.find((t) => t.name === 'interactions')?.rows).toBe(5000)
      } finally {
        await e2.close()
      }
    } finally {
      await engine.close()
    }
  })
})

describe('engines', () => {
  it('duckdb-wasm says plainly that bundles need the native engine', async () => {
    const { engine } = await createEngine('wasm')
    try {
      await expect(loadBundle(engine, bundle)).rejects.toThrow(/shared-with-a-colleague: opening a bundle needs the native DuckDB engine/)
    } finally {
      await engine.close()
    }
  })
})
