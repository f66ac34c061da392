// `npm start`: opens the desktop app when Electron's binary is present (or can be fetched);
// otherwise says so in one line and starts web mode on 127.0.0.1 instead.
import { spawnSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const passThrough = process.argv.slice(2)

function electronBinary() {
  try {
    const p = require('electron') // the package's index.js returns the binary path, or throws when it was never downloaded
    return typeof p === 'string' && fs.existsSync(p) ? p : null
  } catch {
    return null
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

let binary = electronBinary()
if (!binary && !process.env.WORKBENCH_NO_FETCH) {
  // Electron's own installer; with install scripts off (.npmrc) it has not run yet. Bounded: offline machines fail fast.
  spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'ignore', timeout: 60_000 })
  binary = electronBinary()
}

run(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'])
if (binary && (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
  const child = spawn(binary, ['.', ...passThrough], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  const why = binary ? 'no display is available for a desktop window' : "Electron's binary is not installed and could not be downloaded"
  console.log(`Telemetry Workbench: ${why}; starting web mode instead (open the URL below in a browser).`)
  const child = spawn(process.execPath, ['out/main/serve.js', ...passThrough], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
}
