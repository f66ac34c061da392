/** The app version, read once from package.json. */
import fs from 'node:fs'
import path from 'node:path'
import { projectRoot } from './paths'

let cached: string | undefined

export function appVersion(): string {
  if (cached) return cached
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }
    cached = `telemetry-workbench ${pkg.version}`
  } catch {
    cached = 'telemetry-workbench (unknown version)'
  }
  return cached
}
