/** Electron shell only: window, menu, dialogs, lifecycle, and the IPC relay to the analytics process. */
import path from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, shell, utilityProcess, type IpcMainInvokeEvent } from 'electron'
import fs from 'node:fs'
import { API_METHODS, API_REQUEST_SCHEMAS, CHANNELS, type ApiMethod, type ApiResult, type WorkbenchEvent } from '../shared/api'
import { AnalyticsClient, type ChildLike, type SpawnChild } from './backend/analyticsClient'
import type { ChildToParent } from './backend/analyticsProtocol'
import { entryFile } from './backend/paths'

const spawnUtility: SpawnChild = (args) => {
  const child = utilityProcess.fork(entryFile('analyticsProcess'), args, { serviceName: 'Telemetry Workbench analytics', stdio: 'inherit' })
  const api: ChildLike = {
    postMessage: (m) => child.postMessage(m),
    onMessage: (l) => child.on('message', (m: ChildToParent) => l(m)),
    onExit: (l) => child.on('exit', (code) => l(code)),
    kill: () => child.kill()
  }
  return api
}

let mainWindow: BrowserWindow | null = null
let client: AnalyticsClient | null = null

function rendererUrl(): string {
  return process.env['ELECTRON_RENDERER_URL'] ?? `file://${path.join(__dirname, '../renderer/index.html')}`
}

/** Only our own renderer may call the backend. */
function trustedSender(e: IpcMainInvokeEvent): boolean {
  const url = e.senderFrame?.url ?? ''
  const expected = rendererUrl()
  return mainWindow !== null && e.sender.id === mainWindow.webContents.id && url.startsWith(expected.split('index.html')[0])
}

async function pickDataFiles(): Promise<string[] | null> {
  if (!mainWindow) return null
  const r = await dialog.showOpenDialog(mainWindow, {
    title: 'Open telemetry data',
    properties: ['openFile', 'openDirectory', 'multiSelections'],
    filters: [{ name: 'CSV telemetry', extensions: ['csv', 'tsv', 'txt'] }]
  })
  return r.canceled ? null : r.filePaths
}

function registerIpc(c: AnalyticsClient): void {
  for (const method of API_METHODS) {
    ipcMain.handle(CHANNELS.invoke(method), async (e, payload: unknown): Promise<ApiResult<unknown>> => {
      if (!trustedSender(e)) return { ok: false, error: { code: 'invalid_request', message: 'untrusted sender' } }
      return relay(c, method, payload)
    })
  }
}

type SaveFile = { name: string; content: string; encoding: 'utf8' | 'base64' }

/** Saves exported files where the operator chooses: a save dialog for one file, a folder for several. */
async function saveFiles(payload: unknown): Promise<ApiResult<unknown>> {
  const parsed = API_REQUEST_SCHEMAS.saveFiles.safeParse(payload)
  if (!parsed.success || !mainWindow) return { ok: false, error: { code: 'invalid_request', message: 'invalid files to save' } }
  const files = (parsed.data as { files: SaveFile[] }).files
  const write = (file: string, f: SaveFile): void => {
    const tmp = `${file}.tmp-${process.pid}`
    fs.writeFileSync(tmp, f.encoding === 'base64' ? Buffer.from(f.content, 'base64') : f.content)
    fs.renameSync(tmp, file)
  }
  try {
    if (files.length === 1) {
      const r = await dialog.showSaveDialog(mainWindow, { defaultPath: files[0].name })
      if (r.canceled || !r.filePath) return { ok: true, value: { saved: false } }
      write(r.filePath, files[0])
      return { ok: true, value: { saved: true, location: r.filePath } }
    }
    const r = await dialog.showOpenDialog(mainWindow, { title: 'Choose a folder for the exported files', properties: ['openDirectory', 'createDirectory'] })
    if (r.canceled || !r.filePaths[0]) return { ok: true, value: { saved: false } }
    for (const f of files) write(path.join(r.filePaths[0], f.name), f)
    return { ok: true, value: { saved: true, location: r.filePaths[0] } }
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: `could not save: ${(err as Error).message}` } }
  }
}

async function relay(c: AnalyticsClient, method: ApiMethod, payload: unknown): Promise<ApiResult<unknown>> {
  if (method === 'pickDataFiles') return { ok: true, value: await pickDataFiles() }
  if (method === 'saveFiles') return saveFiles(payload)
  const r = await c.call(method, payload)
  if (method === 'getAppInfo' && r.ok) return { ok: true, value: { ...(r.value as object), mode: 'desktop', canPickFiles: true } }
  return r
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Telemetry Workbench',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  mainWindow.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(rendererUrl().split('index.html')[0])) e.preventDefault()
  })
  void mainWindow.loadURL(rendererUrl())
  mainWindow.on('closed', () => {
    mainWindow = null
  })
}

function buildMenu(): void {
  const send = (event: WorkbenchEvent): void => mainWindow?.webContents.send(CHANNELS.event, event)
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: 'File',
        submenu: [
          {
            label: 'Open data…',
            accelerator: 'CmdOrCtrl+O',
            click: async () => {
              const paths = await pickDataFiles()
              if (paths && client) {
                const r = await client.call('loadDataset', { jobId: Date.now() % 1_000_000_000, paths })
                if (!r.ok) dialog.showErrorBox('Could not open the data', [r.error.message, ...(r.error.details ?? [])].join('\n'))
              }
            }
          },
          {
            label: 'Open demo data',
            click: () => void client?.call('loadDataset', { jobId: Date.now() % 1_000_000_000, demo: true })
          },
          { type: 'separator' },
          { role: 'quit' }
        ]
      },
      { role: 'editMenu' },
      { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }] }
    ])
  )
  client?.onDidEmit(send)
}

app.enableSandbox()
void app.whenReady().then(() => {
  const engine = process.argv.includes('--engine=wasm') ? 'wasm' : 'native'
  client = new AnalyticsClient(spawnUtility, ['--mode', 'desktop', '--engine', engine])
  registerIpc(client)
  buildMenu()
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('window-all-closed', () => {
  client?.close()
  if (process.platform !== 'darwin') app.quit()
})
