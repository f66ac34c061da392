import { describe, expect, it } from 'vitest'
import { EMPTY_CLUSTER_WORKSPACE_SETTINGS, readClusterWorkspaceSettings, savedColorBy, savedRanking, savedRunSettings, withoutSecrets } from './clusterWorkspace'

describe('the cluster settings a workspace saves', () => {
  const full = {
    run: { k: 12, seed: 42, text: 'request', vectors: 'lexical' },
    ranking: { strategy: 'failure_rate', minSize: 5 },
    color_by: 'model_name',
    local_model: { endpoint: 'http://127.0.0.1:8080/v1', model: 'qwen', api_key_set: true }
  }

  it('round-trips every field, and keeps fields a newer version added', () => {
    const read = readClusterWorkspaceSettings({ ...full, future: { x: 1 } })
    expect(read).toEqual({ ...full, future: { x: 1 } })
    expect(readClusterWorkspaceSettings(JSON.parse(JSON.stringify(read)))).toEqual(read)
    expect(savedRunSettings(read)).toEqual({ k: 12, seed: 42, text: 'request', vectors: 'lexical' })
    expect(savedRanking(read)).toEqual({ strategy: 'failure_rate', minSize: 5 })
    expect(savedColorBy(read)).toBe('model_name')
  })

  it('reads nothing, or garbage, as no settings; one bad field does not lose the others', () => {
    for (const v of [null, undefined, 3, 'x', [], {}]) expect(readClusterWorkspaceSettings(v)).toEqual(EMPTY_CLUSTER_WORKSPACE_SETTINGS)
    const partly = readClusterWorkspaceSettings({ ...full, run: { k: 1, seed: -1 }, color_by: 'rainbow' })
    expect(partly.run).toBeNull()
    expect(partly.color_by).toBeNull()
    expect(partly.ranking).toEqual(full.ranking)
    expect(partly.local_model).toEqual(full.local_model)
    // what the page falls back to
    expect(savedRunSettings(partly)).toBeNull()
    expect(savedColorBy(partly)).toBe('cluster')
    expect(savedRanking(EMPTY_CLUSTER_WORKSPACE_SETTINGS)).toEqual({ strategy: 'excess_failures', minSize: 20 })
    // an automatic K and the RANDOM_SEED default are kept as null
    expect(savedRunSettings(readClusterWorkspaceSettings({ run: { k: null, seed: null, text: 'request_and_response', vectors: 'auto' } }))).toEqual({ k: null, seed: null, text: 'request_and_response', vectors: 'auto' })
  })

  it('never keeps a secret: keys, tokens and passwords are dropped at any depth, the rest is kept', () => {
    const withKey = { ...full, local_model: { ...full.local_model, api_key: 'sk-1', headers: { Authorization: 'Bearer x', accept: 'json' } }, token: 't', nested: [{ password: 'p', ok: 1 }] }
    expect(withoutSecrets(withKey)).toEqual({ ...full, local_model: { ...full.local_model, headers: { accept: 'json' } }, nested: [{ ok: 1 }] })
    expect(JSON.stringify(withoutSecrets(withKey))).not.toMatch(/sk-1|Bearer|"t"|"p"/)
    expect(withoutSecrets(null)).toBeNull()
    expect(withoutSecrets('text')).toBe('text')
  })
})
