import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { createEngine, type Engine } from '../engine/engine'
import { IngestCancelled, ingestFiles, type IngestProgress, sha256File } from './ingest'

const SAMPLE = path.resolve(__dirname, '../../../test/fixtures/notebook-sample/input')
const COMPANIONS = path.resolve(__dirname, '../../../test/fixtures/kaggle-companions')

describe('ingest progress, cancel and the shipped data', () => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine('native')).engine
  })
  afterAll(async () => engine.close())

  it('reports progress by bytes, ending at 1', async () => {
    const events: IngestProgress[] = []
    await ingestFiles(engine, [SAMPLE], { ...DEFAULT_KNOBS }, { onProgress: (p) => events.push(p) })
    const fractions = events.map((e) => e.fraction).filter((f): f is number => f !== null)
    expect(events.some((e) => e.phase.startsWith('reading llm_system_interactions.csv') && /bytes$/.test(e.detail ?? ''))).toBe(true)
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
    expect(fractions[fractions.length - 1]).toBe(1)
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    const run = ingestFiles(engine, [SAMPLE], { ...DEFAULT_KNOBS }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase.startsWith('reading')) controller.abort()
      }
    })
    await expect(run).rejects.toBeInstanceOf(IngestCancelled)
  })

  it('opens the public companion tables beside an interactions file, with their gates', async () => {
    const report = await ingestFiles(engine, [path.join(SAMPLE, 'llm_system_interactions.csv'), path.join(COMPANIONS, 'llm_system_prompts_lookup.csv')], { ...DEFAULT_KNOBS })
    expect(report.tables.prompts?.rows).toBe(36)
    expect(report.tables_absent).toEqual(['sessions', 'users', 'samples'])
    expect(report.gates.find((g) => g.gate === 'fk_interactions_session_id_in_sessions')?.status).toBe('skipped')
  })

  it('runs the foreign-key gates against the public sessions and users tables (their ids do not match the sample)', async () => {
    const report = await ingestFiles(engine, [path.join(SAMPLE, 'llm_system_interactions.csv'), path.join(COMPANIONS, 'llm_system_sessions_summary.csv'), path.join(COMPANIONS, 'llm_system_users_summary.csv')], { ...DEFAULT_KNOBS })
    expect(report.tables.sessions?.rows).toBe(1595)
    expect(report.tables.users?.rows).toBe(438)
    const fk = report.gates.find((g) => g.gate === 'fk_interactions_session_id_in_sessions')!
    expect(fk.status).toBe('fail')
    expect(fk.offending_count).toBe(2400)
    expect(fk.examples).toHaveLength(5)
    expect(report.blocked).toBe(true)
  })
})

describe('ingest on concurrent connections', () => {
  it('gives the report the one-connection ingest gives, problems in the same order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-concurrent-'))
    const { engine } = await createEngine('native')
    const { engine: other } = await createEngine('native')
    try {
      for (const f of fs.readdirSync(SAMPLE)) fs.copyFileSync(path.join(SAMPLE, f), path.join(dir, f))
      // problems in several files: a ragged sessions row, a duplicate users column, an unrecognised file
      const sessions = path.join(dir, 'llm_system_sessions_summary.csv')
      fs.appendFileSync(sessions, 'ragged,row\n')
      const users = path.join(dir, 'llm_system_users_summary.csv')
      const [header, ...rest] = fs.readFileSync(users, 'utf8').split('\n')
      fs.writeFileSync(users, [header + ',user_id', ...rest.map((l) => (l ? l + ',x' : l))].join('\n'))
      fs.writeFileSync(path.join(dir, 'notes.csv'), 'a,b\n1,2\n')
      fs.copyFileSync(path.join(COMPANIONS, 'llm_system_prompts_lookup.csv'), path.join(dir, 'llm_system_prompts_lookup.csv'))
      // the same engine class without connect(): every read one after the other on one connection
      const sequential: Engine = Object.assign(Object.create(other) as Engine, { connect: undefined })
      const concurrent = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS })
      const oneByOne = await ingestFiles(sequential, [dir], { ...DEFAULT_KNOBS })
      expect(concurrent).toEqual(oneByOne)
      expect(concurrent.problems.map((p) => p.file)).toEqual(['notes.csv', 'llm_system_sessions_summary.csv', 'llm_system_users_summary.csv'])
      expect(concurrent.tables.sessions?.rejected_rows).toBe(1)
    } finally {
      await engine.close()
      await other.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps the first interactions file in file order though the one named like it is sniffed and loaded first', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-first-'))
    const { engine } = await createEngine('native')
    const { engine: other } = await createEngine('native')
    try {
      const source = path.join(SAMPLE, 'llm_system_interactions.csv')
      // recognised by its columns, and before the named file in file order
      const lines = fs.readFileSync(source, 'utf8').split('\n')
      fs.writeFileSync(path.join(dir, 'a_dump.csv'), lines.slice(0, 11).join('\n') + '\n')
      fs.copyFileSync(source, path.join(dir, 'llm_system_interactions.csv'))
      const sequential: Engine = Object.assign(Object.create(other) as Engine, { connect: undefined })
      const concurrent = await ingestFiles(engine, [dir], { ...DEFAULT_KNOBS })
      expect(concurrent.tables.interactions).toMatchObject({ file: 'a_dump.csv', rows: 10 })
      expect(concurrent.problems.map((p) => p.message)).toEqual(['llm_system_interactions.csv: a second interactions table (a_dump.csv is already used); ignored'])
      expect(await ingestFiles(sequential, [dir], { ...DEFAULT_KNOBS })).toEqual(concurrent)
    } finally {
      await engine.close()
      await other.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('stops when cancelled while the files are sniffed, and the engine takes the next ingest', async () => {
    const { engine } = await createEngine('native')
    try {
      const controller = new AbortController()
      const run = ingestFiles(engine, [SAMPLE, COMPANIONS], { ...DEFAULT_KNOBS }, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'discovering files') queueMicrotask(() => controller.abort())
        }
      })
      await expect(run).rejects.toBeInstanceOf(IngestCancelled)
      const report = await ingestFiles(engine, [SAMPLE], { ...DEFAULT_KNOBS })
      const [{ n }] = await engine.all<{ n: number }>('SELECT count(*)::BIGINT AS n FROM interactions')
      expect(n).toBe(report.tables.interactions!.rows)
      expect(n).toBeGreaterThan(0)
    } finally {
      await engine.close()
    }
  })

  it('runs the alongside work on its own connection once interactions is loaded, and waits for it', async () => {
    const { engine } = await createEngine('native')
    try {
      let seen: { root: Engine | undefined; present: boolean; rows: number; done: boolean } | null = null
      const report = await ingestFiles(engine, [SAMPLE], { ...DEFAULT_KNOBS }, {
        alongside: async (conn, present) => {
          const [{ n }] = await conn.all<{ n: number }>('SELECT count(*)::BIGINT AS n FROM interactions')
          seen = { root: conn.root, present: present.has('interaction_id'), rows: n, done: false }
          await new Promise((resolve) => setImmediate(resolve))
          seen.done = true
        }
      })
      expect(seen).toEqual({ root: engine, present: true, rows: report.tables.interactions!.rows, done: true })
      // a failing alongside job is the caller's to repeat, not an ingest failure
      const again = await ingestFiles(engine, [SAMPLE], { ...DEFAULT_KNOBS }, { alongside: () => Promise.reject(new Error('scan failed')) })
      expect(again.tables.interactions?.rows).toBe(report.tables.interactions!.rows)
    } finally {
      await engine.close()
    }
  })
})

describe('sha256File', () => {
  it('hashes on its own thread what crypto hashes in one go, reporting bytes, and rejects a missing file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sha-'))
    try {
      const file = path.join(dir, 'x.bin')
      const data = Buffer.alloc((40 << 20) + 123)
      for (let i = 0; i < data.length; i += 4099) data[i] = i & 0xff
      fs.writeFileSync(file, data)
      const seen: number[] = []
      expect(await sha256File(file, (n) => seen.push(n))).toBe(createHash('sha256').update(data).digest('hex'))
      expect(seen[seen.length - 1]).toBe(data.length)
      expect(await sha256File(path.join(dir, 'empty'), undefined).catch((e: Error) => e.message)).toMatch(/ENOENT/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('hashes files asked for at once one after the other on one thread, each with its own digest, progress and error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-sha-'))
    try {
      const sizes = [(33 << 20) + 7, 0, 1, 5000]
      const files = sizes.map((n, k) => {
        const file = path.join(dir, `f${k}.bin`)
        const data = Buffer.alloc(n)
        for (let i = 0; i < n; i += 977) data[i] = (i + k) & 0xff
        fs.writeFileSync(file, data)
        return { file, digest: createHash('sha256').update(data).digest('hex') }
      })
      const seen = files.map(() => [] as number[])
      const finished: number[] = []
      const jobs = [
        ...files.map((f, k) => sha256File(f.file, (n) => seen[k].push(n)).then((d) => (finished.push(k), d))),
        sha256File(path.join(dir, 'missing')).catch((e: Error) => e.message)
      ]
      const digests = await Promise.all(jobs)
      expect(digests.slice(0, files.length)).toEqual(files.map((f) => f.digest))
      expect(digests[files.length]).toMatch(/ENOENT/)
      // in the order asked, the large file's progress before its digest
      expect(finished).toEqual([0, 1, 2, 3])
      expect(seen[0]).toEqual([32 << 20, sizes[0]])
      expect(seen.slice(1).map((s) => s[s.length - 1])).toEqual(sizes.slice(1))
      // the thread goes on after an error
      expect(await sha256File(files[3].file)).toBe(files[3].digest)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
