/**
 * The CLI's `--with-clusters`: `anomalies` checks each cluster as a slice (a failure step planted in
 * one request family is found on its cluster, named by its label); `report` lists the top failure
 * clusters only then, masks their text with --mask-text; both take a workspace's saved cluster
 * settings; the run flags without --with-clusters are refused.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileSinks, generateDataset } from '../../../scripts/generateData'
import { DEFAULT_PLANTED, PlantedFamilies } from '../../../scripts/plantedFamilies'
import { csvRecords } from '../artifacts/compareArtifacts'
import { emptyWorkspaceDoc } from '../workspace/workspaceDoc'
import { serialiseWorkspace } from '../workspace/workspaceFormat'
import { cli } from '../testing/testHarness'

describe('--with-clusters', () => {
  let dir: string
  let data: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-clusters-'))
    data = path.join(dir, 'data')
    // the Spanish medication family fails 4x as often from 2025-03-10
    const planted = new PlantedFamilies({ ...DEFAULT_PLANTED, style: 'words', families: 3, share: 0.06, seed: 33, failureStep: { family: 1, from: '2025-03-10', factor: 4 } })
    generateDataset({ rows: 12_000, seed: 3, planted }, createFileSinks(data).sinks)
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('anomalies: each cluster is a slice; the planted step is found on a cluster named by its label', async () => {
    const out = path.join(dir, 'anomalies')
    const r = await cli(['anomalies', '--data', data, '--out', out, '--with-clusters', '--seed', '3'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^clustered 12000 requests in \d+ clusters \(K by shared vocabulary, seed 3, lexical vectors\): each cluster is a slice/)
    const rows = csvRecords(fs.readFileSync(path.join(out, 'anomalies.csv'), 'utf8'))
    const step = rows.find((x) => x.dimension === 'cluster' && x.metric === 'failure_rate' && x.kind === 'change_point' && x.direction === 'up')
    expect(step).toBeDefined()
    expect(Math.abs(Date.parse(step!.date) - Date.parse('2025-03-10')) / 86_400_000).toBeLessThanOrEqual(2)
    expect(step!.value).toMatch(/^\d+$/)
    // its label is made of the family's words
    expect(step!.value_label).toMatch(/dosis|paracetamol|ibuprofeno|amoxicilina|omeprazol|loratadina|fiebre|tos|asma|diabetes|renal|médico|efectos|niño|años|pacientes|horas|metformina|aspirina|enalapril|salbutamol|garganta|náuseas|hipertensión|insuficiencia/i)
    // without the flag: no cluster slice, and the run flags alone are refused
    const plain = path.join(dir, 'plain')
    expect((await cli(['anomalies', '--data', data, '--out', plain])).code).toBe(0)
    expect(csvRecords(fs.readFileSync(path.join(plain, 'anomalies.csv'), 'utf8')).some((x) => x.dimension === 'cluster')).toBe(false)
    const refused = await cli(['anomalies', '--data', data, '--out', plain, '--k', '5'])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('--k only apply with --with-clusters')
  }, 300_000)

  it("report: the top failure clusters only with the flag, the workspace's saved settings, --mask-text", async () => {
    const without = path.join(dir, 'plain.html')
    expect((await cli(['report', '--data', data, '--out', without])).code).toBe(0)
    expect(fs.readFileSync(without, 'utf8')).not.toContain('<section id="clusters">')

    // a workspace whose Clusters page ran K = 5 with seed 9
    const doc = emptyWorkspaceDoc()
    doc.ui.cluster_settings = { run: { k: 5, seed: 9, text: 'request', vectors: 'lexical' } }
    const ws = path.join(dir, 'w.twb.json')
    fs.writeFileSync(ws, serialiseWorkspace(doc, { savedAt: 'x', appVersion: 'y' }))
    const withClusters = path.join(dir, 'clusters.html')
    const r = await cli(['report', '--data', data, '--workspace', ws, '--out', withClusters, '--with-clusters'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('(K 5 given, seed 9, lexical vectors)')
    const html = fs.readFileSync(withClusters, 'utf8')
    const section = html.slice(html.indexOf('<section id="clusters">'), html.indexOf('</section>', html.indexOf('<section id="clusters">')))
    expect(section).toContain('Top failure clusters')
    // in rank order, each with its label, size, failures, rate, lift and diagnosis
    const rows = section.split('<tr>').slice(2)
    expect(rows.length).toBeGreaterThanOrEqual(2)
    rows.forEach((row, i) => expect(row).toMatch(new RegExp(`^<td class="num">${i + 1}</td><td>#\\d+ [^<]+(<span class="badge[^>]*>[^<]*</span>)?</td><td class="num">[\\d,]+</td><td class="num">[\\d,]+</td><td class="num">[\\d.]+%</td><td class="num">([\\d.]+×|—)</td><td>[^<]+`)))
    expect(rows[0]).toContain('Most of its failures are')
    // a flag wins over the workspace
    const k3 = await cli(['report', '--data', data, '--workspace', ws, '--out', path.join(dir, 'k3.html'), '--with-clusters', '--k', '3'])
    expect(k3.out).toContain('(K 3 given, seed 9, lexical vectors)')

    // --mask-text: the PII masker over the cluster text (the labels here hold no PII: the same table)
    const masked = path.join(dir, 'masked.html')
    expect((await cli(['report', '--data', data, '--workspace', ws, '--out', masked, '--with-clusters', '--mask-text'])).code).toBe(0)
    const maskedHtml = fs.readFileSync(masked, 'utf8')
    expect(maskedHtml.slice(maskedHtml.indexOf('<section id="clusters">'), maskedHtml.indexOf('</section>', maskedHtml.indexOf('<section id="clusters">')))).toBe(section)
  }, 300_000)
})
