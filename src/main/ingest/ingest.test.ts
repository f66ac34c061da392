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
})
