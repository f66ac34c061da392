/** Electron shell only: window, menu (File: New, Open, Open Recent, Save, Save As, Export Bundle, Export Report), dialogs, the close prompt, lifecycle, and the IPC relay to the analytics process. */
import path from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, shell, utilityProcess, type IpcMainInvokeEvent } from 'electron'
import fs from 'node:fs'
import { API_METHODS, API_REQUEST_SCHEMAS, CHANNELS, type ApiMethod, type ApiResult, type WorkbenchEvent } from '../shared/api'
import type { RecentFile, WorkspaceState } from '../shared/workspace'
import type { MenuCommand, PickPurpose } from '../shared/workspaceApi'
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

/** Native dialogs for the workspace actions (web mode types server-side paths instead). */
async function pickPath(payload: unknown): Promise<ApiResult<unknown>> {
  const parsed = API_REQUEST_SCHEMAS.pickPath.safeParse(payload)
  if (!parsed.success || !mainWindow) return { ok: false, error: { code: 'invalid_request', message: 'invalid dialog request' } }
  const { purpose, defaultName } = parsed.data as { purpose: PickPurpose; defaultName?: string }
  const open = async (properties: ('openFile' | 'openDirectory')[], filters: Electron.FileFilter[], title: string): Promise<string | null> => {
    const r = await dialog.showOpenDialog(mainWindow!, { title, properties, filters })
    return r.canceled ? null : (r.filePaths[0] ?? null)
  }
  const save = async (filters: Electron.FileFilter[], title: string): Promise<string | null> => {
    const r = await dialog.showSaveDialog(mainWindow!, { title, defaultPath: defaultName, filters })
    return r.canceled || !r.filePath ? null : r.filePath
  }
  const all = { name: 'All files', extensions: ['*'] }
  const value: Record<PickPurpose, () => Promise<string | null>> = {
    open: () => open(['openFile'], [{ name: 'Workspaces, bundles and CSVs', extensions: ['json', 'twbundle', 'csv', 'tsv', 'txt'] }, all], 'Open a workspace, a bundle or data'),
    'save-workspace': () => save([{ name: 'Workspace', extensions: ['json'] }], 'Save workspace'),
    'export-bundle': () => save([{ name: 'Bundle', extensions: ['twbundle'] }, all], 'Export bundle'),
    'export-report': () => save([{ name: 'HTML report', extensions: ['html'] }], 'Export report'),
    'relink-folder': () => open(['openDirectory'], [], 'Choose the folder that holds the data'),
    'import-annotations': () => open(['openFile'], [{ name: 'Annotations (JSONL)', extensions: ['jsonl', 'json'] }, all], 'Import annotations')
  }
  return { ok: true, value: await value[purpose]() }
}

async function relay(c: AnalyticsClient, method: ApiMethod, payload: unknown): Promise<ApiResult<unknown>> {
  if (method === 'pickDataFiles') return { ok: true, value: await pickDataFiles() }
  if (method === 'pickPath') return pickPath(payload)
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
  // Unsaved changes are asked about on close: Save, Don't Save, Cancel.
  let closeConfirmed = false
  mainWindow.on('close', (e) => {
    if (closeConfirmed || !client) return
    e.preventDefault()
    void confirmClose(client).then((ok) => {
      if (!ok) return
      closeConfirmed = true
      mainWindow?.close()
    })
  })
  mainWindow.on('closed', () => {
    mainWindow = null
  })
}

/** True when the window may close: no unsaved changes, or the operator saved or dropped them. */
async function confirmClose(c: AnalyticsClient): Promise<boolean> {
  const r = await c.call('getWorkspace', {})
  if (!r.ok || !mainWindow) return true
  const ws = r.value as WorkspaceState
  if (!ws.dirty) return true
  const answer = await dialog.showMessageBox(mainWindow, {
    type: 'warning',
    buttons: ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    message: `Save the changes to ${ws.name}?`,
    detail: 'Your changes are lost if you do not save them.'
  })
  if (answer.response === 2) return false
  if (answer.response === 1) {
    await c.call('discardUnsavedChanges', {})
    return true
  }
  let target: string | undefined
  if (!ws.path || ws.readOnly) {
    const s = await dialog.showSaveDialog(mainWindow, { title: 'Save workspace', defaultPath: 'workspace.twb.json', filters: [{ name: 'Workspace', extensions: ['json'] }] })
    if (s.canceled || !s.filePath) return false
    target = s.filePath
  }
  const saved = await c.call('saveWorkspace', target ? { path: target } : {})
  if (!saved.ok) dialog.showErrorBox('Could not save', saved.error.message)
  return saved.ok
}

/** Tells the renderer to run a File command: the web UI's File menu runs the same actions, with the same dialogs. */
function sendCommand(command: MenuCommand, path?: string): void {
  const event: WorkbenchEvent = { type: 'menuCommand', command, ...(path ? { path } : {}) }
  mainWindow?.webContents.send(CHANNELS.event, event)
}

function buildMenu(recent: RecentFile[] = []): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: 'File',
        submenu: [
          { label: 'New', accelerator: 'CmdOrCtrl+N', click: () => sendCommand('new') },
          { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => sendCommand('open') },
          {
            label: 'Open Recent',
            enabled: recent.length > 0,
            submenu: recent.map((r) => ({ label: r.name, sublabel: r.path, enabled: r.exists, click: () => sendCommand('openRecent', r.path) }))
          },
          { type: 'separator' },
          { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => sendCommand('save') },
          { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => sendCommand('saveAs') },
          { type: 'separator' },
          { label: 'Export Bundle…', click: () => sendCommand('exportBundle') },
          { label: 'Export Report…', click: () => sendCommand('exportReport') },
          { type: 'separator' },
          {
            label: 'Open data…',
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
}

/** Keeps Open Recent current: the list changes when a workspace is opened or saved. */
async function refreshRecent(c: AnalyticsClient): Promise<void> {
  const r = await c.call('listRecentFiles', {})
  buildMenu(r.ok ? (r.value as RecentFile[]) : [])
}

/** A workspace, bundle or data path given on the command line (`npm start -- FILE`), or null. */
function fileFromArgv(argv: readonly string[]): string | null {
  for (const a of argv.slice(1)) {
    if (a.startsWith('-') || a === '.' || a.endsWith('.js')) continue
    if (fs.existsSync(a)) return path.resolve(a)
  }
  return null
}

app.enableSandbox()
void app.whenReady().then(() => {
  const engine = process.argv.includes('--engine=wasm') ? 'wasm' : 'native'
  client = new AnalyticsClient(spawnUtility, ['--mode', 'desktop', '--engine', engine, '--state-dir', app.getPath('userData')])
  registerIpc(client)
  const c = client
  c.onDidEmit((event) => {
    mainWindow?.webContents.send(CHANNELS.event, event)
    if (event.type === 'workspaceChanged') void refreshRecent(c)
  })
  void refreshRecent(c)
  // `npm start -- FILE`: the backend opens it before the window asks, so the window waits for it.
  const startFile = fileFromArgv(process.argv)
  const opening = startFile ? c.call('openWorkspace', { jobId: 0, path: startFile }) : null
  createWindow()
  // Sources not found: the window runs the open itself, with its relink dialog.
  void opening?.then((r) => {
    if (!r.ok || (r.value as { status: string }).status !== 'needs_relink') return
    const ask = (): void => sendCommand('openRecent', startFile!)
    if (mainWindow?.webContents.isLoading()) mainWindow.webContents.once('did-finish-load', ask)
    else ask()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('window-all-closed', () => {
  client?.close()
  if (process.platform !== 'darwin') app.quit()
})
