/** Entry of `npm run serve`: starts the analytics process and the local web server, loads data, prints the URL. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs, UsageError } from '../cliArgs'
import { AnalyticsClient, forkChild } from '../backend/analyticsClient'
import { projectRoot } from '../backend/paths'
import { startWebServer } from './server'

const SPECS = {
  data: { value: true, description: 'folder, CSV file, workspace file or bundle to open at start (default: the bundled demo data)' },
  port: { value: true, description: 'port on 127.0.0.1 (default: a free one)' },
  engine: { value: true, description: 'native (default) or wasm' },
  token: { value: true, description: 'use this token instead of a random one (tests)' },
  help: { value: false, description: 'show this help' }
}

/** The built renderer: beside this bundle (out/main/serve.js -> out/renderer), else the project's out/renderer. */
function rendererDir(): string {
  const beside = path.join(__dirname, '..', 'renderer')
  return fs.existsSync(path.join(beside, 'index.html')) ? beside : path.join(projectRoot(), 'out', 'renderer')
}

async function main(): Promise<void> {
  let args
  try {
    args = parseArgs(process.argv.slice(2), SPECS)
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`serve: ${err.message}\nusage: npm run serve -- [--data DIR] [--port N] [--engine native|wasm]`)
      process.exit(1)
    }
    throw err
  }
  if (args.flags.help) {
    console.log('usage: npm run serve -- [--data DIR] [--port N] [--engine native|wasm]')
    for (const [k, s] of Object.entries(SPECS)) console.log(`  --${k.padEnd(8)} ${s.description}`)
    return
  }
  const engine = args.flags.engine === 'wasm' ? 'wasm' : 'native'
  if (args.flags.engine && args.flags.engine !== 'wasm' && args.flags.engine !== 'native') {
    console.error(`serve: --engine must be native or wasm, not ${String(args.flags.engine)}`)
    process.exit(1)
  }
  const port = args.flags.port ? Number(args.flags.port) : 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port must be a whole number from 0 to 65535`)
    process.exit(1)
  }
  // Bundles exported for download are written here and served at /download/<name>; removed on exit.
  const downloadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twb-downloads-'))
  const client = new AnalyticsClient(forkChild, ['--mode', 'web', '--engine', engine, '--downloads-dir', downloadsDir])
  // `npm start -- FILE` falls back to web mode with the file as a plain argument.
  const dataArg = typeof args.flags.data === 'string' ? args.flags.data : args.command
  const data = dataArg ? path.resolve(dataArg) : null
  // Start the load before listening: the analytics process handles messages in order, so a page that
  // connects early sees `loading: true` and waits for this dataset instead of opening the demo.
  const loading = client.call('loadDataset', data ? { jobId: 0, paths: [data] } : { jobId: 0, demo: true })
  const server = await startWebServer({
    backend: client,
    rendererDir: rendererDir(),
    port,
    token: typeof args.flags.token === 'string' ? args.flags.token : undefined,
    downloadsDir
  })
  console.log(`Telemetry Workbench (web mode) on 127.0.0.1 only: ${server.url}`)
  const load = await loading
  if (load.ok) {
    const ds = load.value as { label: string; report: { tables: { interactions?: { rows: number } } } }
    console.log(`loaded ${ds.label}: ${ds.report.tables.interactions?.rows ?? 0} interactions`)
  } else {
    console.error(`could not load ${data ?? 'the demo data'}: ${load.error.message}`)
  }
  const stop = (): void => {
    void server.close().finally(() => {
      client.close()
      fs.rmSync(downloadsDir, { recursive: true, force: true })
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
