import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKUP_SUFFIX } from './atomicFile'
import { parseWorkspace } from './workspaceFormat'

/** Kills, in total; several savers run side by side, each on its own file. */
const KILLS = 1000
const PARALLEL = 4

let dir: string
let child: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twb-kill-'))
  // One plain CommonJS file, so each of the thousand processes starts in tens of milliseconds.
  child = path.join(dir, 'child.cjs')
  await build({ entryPoints: [path.join(__dirname, 'atomicSaveChild.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: child, logLevel: 'silent' })
})

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function runChild(file: string, seed: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, file, String(seed), '12'], { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    p.on('error', reject)
    p.on('exit', (code, signal) => (signal ? resolve(signal) : reject(new Error(`saver exited with ${code} instead of being killed: ${err}`))))
  })
}

function opens(file: string): boolean {
  parseWorkspace(fs.readFileSync(file, 'utf8'), path.basename(file))
  return true
}

describe('saving never corrupts', () => {
  it(`every file left after ${KILLS} kills at random moments during saves opens, and so does its .bak`, async () => {
    let checked = 0
    let backups = 0
    const worker = async (w: number): Promise<void> => {
      const file = path.join(dir, `ws-${w}.twb.json`)
      for (let i = w; i < KILLS; i += PARALLEL) {
        const signal = await runChild(file, i * 7919 + 1)
        expect(signal).toBe('SIGKILL')
        expect(opens(file)).toBe(true)
        if (fs.existsSync(file + BACKUP_SUFFIX)) {
          expect(opens(file + BACKUP_SUFFIX)).toBe(true)
          backups++
        }
        checked++
      }
    }
    await Promise.all(Array.from({ length: PARALLEL }, (_, w) => worker(w)))
    expect(checked).toBe(KILLS)
    expect(backups).toBeGreaterThan(KILLS / 2)
  }, 600_000)
})
