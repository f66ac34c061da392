/** Locations of bundled resources and process entry files, in source (tsx/vitest) and bundled (electron-vite) layouts. */
import fs from 'node:fs'
import path from 'node:path'

/** The project root: two levels above this file in source, one above out/main when bundled. */
export function projectRoot(): string {
  let dir = __dirname
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'resources'))) return dir
    dir = path.dirname(dir)
  }
  return process.cwd()
}

/** The bundled demo dataset folder (resources/demo), also inside a packaged app's resources. */
export function demoDataDir(): string {
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath
  if (resourcesPath) {
    const packaged = path.join(resourcesPath, 'demo')
    if (fs.existsSync(packaged)) return packaged
  }
  return path.join(projectRoot(), 'resources', 'demo')
}

/**
 * Resolves a process entry (e.g. 'analyticsProcess', 'triageWorker'): bundled builds put every entry
 * side by side as `<name>.js`; from sources it is `src/main/workers/<name>.ts`.
 */
export function entryFile(name: string): string {
  if (__filename.endsWith('.js')) {
    // This code may sit in a shared chunk (out/main/chunks/) one level below the entries.
    for (const dir of [__dirname, path.dirname(__dirname)]) {
      const bundled = path.join(dir, `${name}.js`)
      if (fs.existsSync(bundled)) return bundled
    }
  }
  return path.join(projectRoot(), 'src', 'main', 'workers', `${name}.ts`)
}

/** Node flags a child needs to run a TypeScript entry (tsx's loader), unless the parent already has them. */
export function tsExecArgv(file: string): string[] {
  if (!file.endsWith('.ts')) return []
  const inherited = process.execArgv.some((a) => a.includes('tsx'))
  return inherited ? [...process.execArgv] : [...process.execArgv, '--import', 'tsx']
}
