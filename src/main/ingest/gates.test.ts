import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine, type EngineKind } from '../engine/engine'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { runGates } from './gates'

describe.each<EngineKind>(['native', 'wasm'])('integrity gates on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    // 6 interactions: i2 twice, one null id; sessions s1 and s2 (s2 twice), so s3 and a null session are absent
    await engine.run(`CREATE TABLE interactions AS SELECT * FROM (VALUES
      ('i1', 's1', 10.0, 4.0, 6.0, 1.0, 0.5), ('i2', 's2', 10.0, 4.0, 5.0, NULL, 0.5), ('i2', 's3', NULL, 4.0, 6.0, 2.0, NULL),
      (NULL, NULL, 10.0, 4.0, 6.0, 3.0, 0.5), ('i5', 's1', 10.4, 4.0, 6.0, 4.0, 0.5), ('i6', 's2', 11.0, 4.0, 6.0, 5.0, 0.5)
    ) t(interaction_id, session_id, total_tokens, prompt_tokens, completion_tokens, latency_ms, cost_usd)`)
    await engine.run(`CREATE TABLE sessions AS SELECT * FROM (VALUES ('s1'), ('s2'), ('s2')) t(session_id)`)
    // samples: i1 twice, i9 unknown, one null
    await engine.run(`CREATE TABLE samples AS SELECT * FROM (VALUES ('i1'), ('i1'), ('i9'), (NULL), ('i6')) t(interaction_id)`)
  })
  afterAll(async () => engine.close())

  it('counts duplicates beyond the first and null keys, rows whose key is absent, bad token sums and missing values', async () => {
    const present = new Set(['interaction_id', 'session_id', 'total_tokens', 'prompt_tokens', 'completion_tokens', 'latency_ms', 'cost_usd'])
    const gates = await runGates(
      engine,
      { interactions: present, sessions: new Set(['session_id']), samples: new Set(['interaction_id']) },
      present,
      { ...DEFAULT_KNOBS, MAX_LATENCY_MISSING_RATE: 0.2, MAX_COST_MISSING_RATE: 0.1 }
    )
    const by = Object.fromEntries(gates.map((g) => [g.gate, g]))
    // one duplicate i2 + one null id
    expect(by.pk_interactions_interaction_id_unique).toMatchObject({ status: 'fail', offending_count: 2, examples: ['i2', '(1 null key)'] })
    // s2 twice
    expect(by.pk_sessions_session_id_unique).toMatchObject({ status: 'fail', offending_count: 1, examples: ['s2'] })
    expect(by.pk_users_user_id_unique.status).toBe('skipped')
    // s3 and the null session; s2's two parent rows do not count twice
    expect(by.fk_interactions_session_id_in_sessions).toMatchObject({ status: 'fail', offending_count: 2, examples: ['s3', '(null key)'] })
    expect(by.fk_interactions_user_id_in_users.status).toBe('skipped')
    expect(by.samples_interaction_id_unique).toMatchObject({ status: 'fail', offending_count: 2 })
    // i9 and the null; the two i1 rows both match
    expect(by.fk_samples_interaction_id_in_interactions).toMatchObject({ status: 'fail', offending_count: 2, examples: ['i9', '(null key)'] })
    // 5 rows have all three; i2 (10 vs 9) and i6 (11 vs 10) are off; 10.4 rounds to 10
    expect(by.token_accounting).toMatchObject({ status: 'fail', offending_count: 2, detail: 'checked 5 rows' })
    // 1 of 6 latencies missing: 0.1667 <= 0.2; 1 of 6 costs: 0.1667 > 0.1
    expect(by.latency_missing_rate).toMatchObject({ status: 'pass', offending_count: 1, examples: ['i2'] })
    expect(by.cost_missing_rate).toMatchObject({ status: 'fail', offending_count: 1, examples: ['i2'] })
    expect(by.cost_missing_rate.missing_share).toBeCloseTo(1 / 6, 15)
  })

  it('passes a foreign key whose every child row has a parent', async () => {
    const gates = await runGates(engine, { interactions: new Set(['interaction_id']), samples: new Set(['interaction_id']) }, new Set(['interaction_id']), DEFAULT_KNOBS)
    await engine.run(`CREATE TEMP TABLE keep AS SELECT * FROM samples`)
    await engine.run(`DELETE FROM samples WHERE interaction_id IS NULL OR interaction_id = 'i9'`)
    try {
      const again = await runGates(engine, { interactions: new Set(['interaction_id']), samples: new Set(['interaction_id']) }, new Set(['interaction_id']), DEFAULT_KNOBS)
      expect(gates.find((g) => g.gate === 'fk_samples_interaction_id_in_interactions')?.offending_count).toBe(2)
      expect(again.find((g) => g.gate === 'fk_samples_interaction_id_in_interactions')).toMatchObject({ status: 'pass', offending_count: 0, examples: [] })
    } finally {
      await engine.run(`DELETE FROM samples`)
      await engine.run(`INSERT INTO samples SELECT * FROM keep`)
    }
  })
})
