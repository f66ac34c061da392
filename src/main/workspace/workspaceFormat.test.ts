import { describe, expect, it } from 'vitest'
import { WORKSPACE_FORMAT, WORKSPACE_VERSION } from '../../shared/workspace'
import { looksLikeWorkspace, parseWorkspace, serialiseWorkspace } from './workspaceFormat'
import { emptyWorkspaceDoc } from './workspaceDoc'
import { fullDoc } from './testWorkspace'

describe('workspace file round trip', () => {
  it('saves and opens every field equal', () => {
    const doc = fullDoc()
    const text = serialiseWorkspace(doc, { savedAt: '2025-03-01T00:00:00.000Z', appVersion: '9.9.9' })
    const back = parseWorkspace(text, 'ws.twb.json')
    expect(back.readOnly).toBeNull()
    expect(back.doc).toEqual({ ...doc, saved_at: '2025-03-01T00:00:00.000Z', app_version: '9.9.9' })
  })

  it('is recognised by content near its start', () => {
    const text = serialiseWorkspace(emptyWorkspaceDoc(), { savedAt: 'x', appVersion: 'y' })
    expect(looksLikeWorkspace(text.slice(0, 200))).toBe(true)
    expect(looksLikeWorkspace('interaction_id,latency_ms\n')).toBe(false)
  })

  it('opens a newer version read-only, with a message naming both versions, keeping its fields', () => {
    const newer = { ...JSON.parse(serialiseWorkspace(fullDoc(), { savedAt: 'x', appVersion: 'y' })), version: WORKSPACE_VERSION + 1, sampling_policies: [{ keep: 0.1 }] }
    const p = parseWorkspace(JSON.stringify(newer), 'future.twb.json')
    expect(p.readOnly).toContain(`workspace format ${WORKSPACE_VERSION + 1}`)
    expect(p.readOnly).toContain(`reads up to ${WORKSPACE_VERSION}`)
    expect(p.readOnly).toContain('future.twb.json')
    const saved = JSON.parse(serialiseWorkspace(p.doc, { savedAt: 'x', appVersion: 'y' })) as Record<string, unknown>
    expect(saved.sampling_policies).toEqual([{ keep: 0.1 }])
  })

  it('names the file and the problem when it is not a workspace', () => {
    expect(() => parseWorkspace('{nope', 'x.json')).toThrow(/x\.json: not a workspace file \(not valid JSON/)
    expect(() => parseWorkspace('{"format":"other"}', 'y.json')).toThrow(/y\.json: not a Telemetry Workbench workspace/)
    expect(() => parseWorkspace(`{"format":"${WORKSPACE_FORMAT}"}`, 'z.json')).toThrow(/z\.json: the workspace has no valid "version"/)
    expect(() => parseWorkspace(JSON.stringify({ format: WORKSPACE_FORMAT, version: WORKSPACE_VERSION, annotations: [{ id: 'a' }] }), 'w.json')).toThrow(/w\.json: the workspace is damaged .*annotations\.0/)
  })
})
