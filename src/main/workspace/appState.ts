/**
 * What the app keeps between runs in its state folder: the settings (author name, recent files) and
 * the autosaved copies of unsaved sessions, one per process, so a session survives a crash.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import type { RecentFile, RecoveryInfo, WorkspaceDoc } from '../../shared/workspace'
import { saveAtomically } from './atomicFile'

/** The state folder: TELEMETRY_WORKBENCH_STATE_DIR, else the platform's per-user application state folder. */
export function defaultStateDir(): string {
  const env = process.env.TELEMETRY_WORKBENCH_STATE_DIR
  if (env) return path.resolve(env)
  const home = os.homedir()
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Telemetry Workbench')
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Telemetry Workbench')
  return path.join(process.env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'), 'telemetry-workbench')
}

const MAX_RECENT = 10

const SettingsSchema = z.looseObject({
  author: z.string().max(200).optional(),
  recent: z.array(z.object({ path: z.string().max(4096), name: z.string().max(500), openedAt: z.string().max(40) })).max(50).default([])
})
type Settings = z.infer<typeof SettingsSchema>

const RecoveryFileSchema = z.object({
  id: z.string(),
  pid: z.number().int(),
  path: z.string().nullable(),
  name: z.string(),
  savedAt: z.string(),
  annotationCount: z.number().int(),
  doc: z.unknown()
})

/** Is a process still running? (Used to tell a crashed session's recovery file from a live one's.) */
export type PidAlive = (pid: number) => boolean

export const pidAlive: PidAlive = (pid) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class AppState {
  private settings: Settings
  /** this process's recovery id */
  readonly sessionId: string

  constructor(
    readonly dir: string,
    private readonly isAlive: PidAlive = pidAlive,
    readonly pid: number = process.pid
  ) {
    this.sessionId = `${pid}-${Date.now().toString(36)}`
    this.settings = this.readSettings()
  }

  private get settingsFile(): string {
    return path.join(this.dir, 'settings.json')
  }

  private get recoveryDir(): string {
    return path.join(this.dir, 'recovery')
  }

  private readSettings(): Settings {
    try {
      const parsed = SettingsSchema.safeParse(JSON.parse(fs.readFileSync(this.settingsFile, 'utf8')))
      if (parsed.success) return parsed.data
    } catch {
      // no settings yet, or unreadable: start from defaults (they are rewritten on the next change)
    }
    return { recent: [] }
  }

  private async writeSettings(): Promise<void> {
    await saveAtomically(this.settingsFile, JSON.stringify(this.settings, null, 1), { backup: false })
  }

  /** The author written into new annotations: the operator's choice, else the OS user name. */
  author(): string {
    if (this.settings.author) return this.settings.author
    try {
      return os.userInfo().username
    } catch {
      return process.env.USER ?? process.env.USERNAME ?? 'unknown'
    }
  }

  async setAuthor(author: string): Promise<void> {
    this.settings.author = author
    await this.writeSettings()
  }

  recent(): RecentFile[] {
    return this.settings.recent.map((r) => ({ ...r, exists: fs.existsSync(r.path) }))
  }

  async addRecent(file: string, now: string): Promise<void> {
    const abs = path.resolve(file)
    this.settings.recent = [{ path: abs, name: path.basename(abs), openedAt: now }, ...this.settings.recent.filter((r) => r.path !== abs)].slice(0, MAX_RECENT)
    await this.writeSettings()
  }

  private recoveryFile(id: string): string {
    return path.join(this.recoveryDir, `${id}.json`)
  }

  /** Autosaves this session's unsaved state (replacing the previous autosave). */
  async writeRecovery(info: { path: string | null; name: string; doc: WorkspaceDoc; now: string }): Promise<void> {
    const body = { id: this.sessionId, pid: this.pid, path: info.path, name: info.name, savedAt: info.now, annotationCount: info.doc.annotations.length, doc: info.doc }
    await saveAtomically(this.recoveryFile(this.sessionId), JSON.stringify(body), { backup: false })
  }

  /** Forgets this session's autosave (it was saved, discarded, or replaced by another workspace). */
  clearOwnRecovery(): void {
    fs.rmSync(this.recoveryFile(this.sessionId), { force: true })
  }

  /** Autosaves left by processes that are no longer running. */
  listRecoveries(): RecoveryInfo[] {
    let names: string[]
    try {
      names = fs.readdirSync(this.recoveryDir).filter((n) => n.endsWith('.json'))
    } catch {
      return []
    }
    const out: RecoveryInfo[] = []
    for (const n of names) {
      const r = this.readRecoveryFile(n.slice(0, -5))
      if (!r || r.id === this.sessionId || this.isAlive(r.pid)) continue
      out.push({ id: r.id, path: r.path, name: r.name, savedAt: r.savedAt, annotationCount: r.annotationCount })
    }
    return out.sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1))
  }

  /** The autosaved document of a recovery, or null when it is gone or unreadable. */
  readRecovery(id: string): { path: string | null; name: string; doc: unknown } | null {
    const r = this.readRecoveryFile(id)
    return r ? { path: r.path, name: r.name, doc: r.doc } : null
  }

  discardRecovery(id: string): boolean {
    const file = this.recoveryFile(id)
    if (!fs.existsSync(file)) return false
    fs.rmSync(file, { force: true })
    return true
  }

  private readRecoveryFile(id: string): z.infer<typeof RecoveryFileSchema> | null {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) return null
    try {
      const parsed = RecoveryFileSchema.safeParse(JSON.parse(fs.readFileSync(this.recoveryFile(id), 'utf8')))
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  }
}
