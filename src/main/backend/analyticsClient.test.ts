import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { WorkbenchEvent } from '../../shared/api'
import { AnalyticsClient, forkChild } from './analyticsClient'

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/notebook-sample/input')

describe('analytics process', () => {
  const client = new AnalyticsClient(forkChild, ['--mode', 'web', '--engine', 'native'])
  afterAll(() => client.close())

  it('answers calls from its own process, and survives a crash by restarting and reloading', async () => {
    const events: WorkbenchEvent[] = []
    client.onDidEmit((e) => events.push(e))
    const loaded = await client.call('loadDataset', { jobId: 1, paths: [FIXTURE] })
    expect(loaded.ok).toBe(true)
    const slow = client.call('getHealth', { scope: {} })
    client.killForTest()
    const r = await slow
    // The call in flight either finished before the kill or reports the crash; it never hangs.
    if (!r.ok) expect(r.error.code).toBe('engine_crashed')
    const reloaded = (): boolean => {
      const restart = events.findIndex((e) => e.type === 'engineRestarted')
      return restart >= 0 && events.slice(restart).some((e) => e.type === 'datasetChanged')
    }
    for (let i = 0; i < 150 && !reloaded(); i++) {
      await new Promise((res) => setTimeout(res, 100))
    }
    expect(reloaded()).toBe(true)
    const health = await client.call('getHealth', { scope: {} })
    expect(health.ok && (health.value as { interactions: number }).interactions).toBe(2400)
  }, 60_000)
})
