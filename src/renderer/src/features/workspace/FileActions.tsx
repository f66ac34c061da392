/**
 * The File actions (New, Open, Open Recent, Save, Save As, Export Bundle, Export Report) with their
 * dialogs, offered to the File menu, the keyboard, drag and drop and the desktop menu's commands.
 * Unsaved changes are confirmed before they are replaced; a workspace whose sources moved asks for
 * a folder to search by hash.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react'
import type { Scope } from '../../../../shared/scope'
import type { MenuCommand, MissingSource, OpenWorkspaceResult } from '../../../../shared/workspaceApi'
import { ApiCallError, call, onEvent } from '../../api/client'
import { nextJobId } from '../../api/jobIds'
import { pathForDroppedFile } from '../../api/transport'
import { flushWorkspaceUi, receiveWorkspace, useWorkspace } from '../../app/workspaceStore'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { usePaletteCommands } from '../../app/paletteCommands'
import { ConfirmDiscardDialog } from './ConfirmDiscardDialog'
import { ExportBundleDialog } from './ExportBundleDialog'
import { ExportReportDialog } from './ExportReportDialog'
import { OpenDialog } from './OpenDialog'
import { RelinkDialog } from './RelinkDialog'
import { SaveAsDialog } from './SaveAsDialog'
import './workspace.css'

/** What an open names: a path on the backend's machine, a dropped workspace file's text, or an autosaved session. */
export type OpenTarget = { path: string } | { content: string; name: string } | { recovery: string }

export interface FileNotice {
  tone: 'good' | 'bad' | 'neutral'
  text: string
}

export interface FileActions {
  newWorkspace: () => void
  open: (target?: OpenTarget) => void
  save: () => Promise<boolean>
  saveAs: () => void
  exportBundle: () => void
  exportReport: () => void
  /** a file dropped on the window */
  drop: (file: File) => void
  busy: boolean
  notice: FileNotice | null
  dismissNotice: () => void
}

type DialogState =
  | { kind: 'none' }
  | { kind: 'open' }
  | { kind: 'confirm'; what: string; then: () => void }
  | { kind: 'relink'; target: OpenTarget; missing: MissingSource[]; message: string }
  | { kind: 'saveAs' }
  | { kind: 'bundle' }
  | { kind: 'report' }

const FileActionsContext = createContext<FileActions | null>(null)

function message(err: unknown): string {
  if (err instanceof ApiCallError) return [err.shape.message, ...(err.shape.details ?? []).slice(0, 3)].join(' · ')
  return err instanceof Error ? err.message : String(err)
}

export function FileActionsProvider({ children, scope }: { children: ReactNode; scope: Scope }): ReactElement {
  const wb = useWorkbench()
  const ws = useWorkspace()
  const canPickFiles = wb.appInfo?.canPickFiles ?? false
  const [dialog, setDialog] = useState<DialogState>({ kind: 'none' })
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<FileNotice | null>(null)
  const dirtyRef = useRef(false)
  dirtyRef.current = ws.state?.dirty ?? false
  const stateRef = useRef(ws.state)
  stateRef.current = ws.state

  /** Runs `then` at once, or after the operator agrees to drop the unsaved changes. */
  const guard = useCallback((what: string, then: () => void) => {
    if (dirtyRef.current) setDialog({ kind: 'confirm', what, then })
    else then()
  }, [])

  const runOpen = useCallback(async (target: OpenTarget, searchFolder?: string): Promise<void> => {
    setBusy(true)
    setNotice(null)
    try {
      const jobId = nextJobId()
      let r: OpenWorkspaceResult
      if ('recovery' in target) r = await call('restoreRecovery', { jobId, id: target.recovery, ...(searchFolder ? { searchFolder } : {}) })
      else if ('path' in target) r = await call('openWorkspace', { jobId, path: target.path, ...(searchFolder ? { searchFolder } : {}) })
      else r = await call('openWorkspace', { jobId, content: target.content, name: target.name, ...(searchFolder ? { searchFolder } : {}) })
      if (r.status === 'needs_relink') {
        setDialog({ kind: 'relink', target, missing: r.missing, message: r.message })
        return
      }
      setDialog({ kind: 'none' })
      receiveWorkspace(r.state)
      setNotice({ tone: 'good', text: `Opened ${r.state.name}: ${r.dataset.label}` })
    } catch (err) {
      setNotice({ tone: 'bad', text: `Could not open: ${message(err)}` })
    } finally {
      setBusy(false)
    }
  }, [])

  const open = useCallback(
    (target?: OpenTarget) => {
      if (target) {
        guard('open another workspace', () => void runOpen(target))
        return
      }
      if (!canPickFiles) {
        setDialog({ kind: 'open' })
        return
      }
      void call('pickPath', { purpose: 'open' }).then((p) => {
        if (p) guard('open another workspace', () => void runOpen({ path: p }))
      })
    },
    [canPickFiles, guard, runOpen]
  )

  const newWorkspace = useCallback(() => {
    guard('start a new workspace', () => {
      setBusy(true)
      setNotice(null)
      call('newWorkspace', { jobId: nextJobId() })
        .then((s) => {
          receiveWorkspace(s)
          setNotice({ tone: 'good', text: 'New workspace over the demo data.' })
        })
        .catch((err: unknown) => setNotice({ tone: 'bad', text: `Could not start a new workspace: ${message(err)}` }))
        .finally(() => setBusy(false))
    })
  }, [guard])

  const saveTo = useCallback(async (path?: string): Promise<boolean> => {
    setBusy(true)
    try {
      await flushWorkspaceUi()
      const s = await call('saveWorkspace', path ? { path } : {})
      receiveWorkspace(s)
      setNotice({ tone: 'good', text: `Saved ${s.path}` })
      setDialog({ kind: 'none' })
      return true
    } catch (err) {
      setNotice({ tone: 'bad', text: `Could not save: ${message(err)}` })
      return false
    } finally {
      setBusy(false)
    }
  }, [])

  const saveAs = useCallback(() => {
    if (!canPickFiles) {
      setDialog({ kind: 'saveAs' })
      return
    }
    const name = stateRef.current?.path ? undefined : 'workspace.twb.json'
    void call('pickPath', { purpose: 'save-workspace', defaultName: name }).then((p) => {
      if (p) void saveTo(p)
    })
  }, [canPickFiles, saveTo])

  const save = useCallback(async (): Promise<boolean> => {
    const s = stateRef.current
    if (!s?.path || s.readOnly) {
      saveAs()
      return false
    }
    return saveTo()
  }, [saveAs, saveTo])

  const drop = useCallback(
    (file: File) => {
      const p = pathForDroppedFile(file)
      if (p) {
        open({ path: p })
        return
      }
      // Web mode: the page gets the file's bytes, not its path. A workspace file's text is enough.
      if (file.size > 8 << 20 || !/\.json$/i.test(file.name)) {
        setNotice({ tone: 'neutral', text: `${file.name}: in web mode, open bundles and data by their path on the server (File › Open…); a dropped workspace file (.twb.json) opens directly.` })
        return
      }
      void file.text().then((content) => open({ content, name: file.name }))
    },
    [open]
  )

  const exportBundle = useCallback(() => setDialog({ kind: 'bundle' }), [])
  const exportReport = useCallback(() => setDialog({ kind: 'report' }), [])

  const actions = useMemo<FileActions>(
    () => ({ newWorkspace, open, save, saveAs, exportBundle, exportReport, drop, busy, notice, dismissNotice: () => setNotice(null) }),
    [newWorkspace, open, save, saveAs, exportBundle, exportReport, drop, busy, notice]
  )

  // The command palette offers the same File actions.
  usePaletteCommands([
    { id: 'file-new', label: 'New workspace', section: 'File', run: newWorkspace },
    { id: 'file-open', label: 'Open workspace, bundle or data…', section: 'File', keywords: 'load', shortcut: 'Ctrl+O', run: () => open() },
    { id: 'file-save', label: 'Save workspace', section: 'File', shortcut: 'Ctrl+S', run: () => void save() },
    { id: 'file-save-as', label: 'Save workspace as…', section: 'File', run: saveAs },
    { id: 'file-export-bundle', label: 'Export bundle…', section: 'File', keywords: 'share zip parquet', run: exportBundle },
    { id: 'file-export-report', label: 'Export report…', section: 'File', keywords: 'html pdf print', run: exportReport }
  ])

  // The desktop File menu sends its commands here, so both faces run the same actions.
  const actionsRef = useRef(actions)
  actionsRef.current = actions
  useEffect(
    () =>
      onEvent((e) => {
        if (e.type !== 'menuCommand') return
        const a = actionsRef.current
        const run: Record<MenuCommand, () => void> = {
          new: a.newWorkspace,
          open: () => a.open(),
          openRecent: () => e.path && a.open({ path: e.path }),
          save: () => void a.save(),
          saveAs: a.saveAs,
          exportBundle: a.exportBundle,
          exportReport: a.exportReport
        }
        run[e.command]()
      }),
    []
  )

  // Keyboard: Ctrl/Cmd+S saves, +Shift+S saves as, +O opens (the desktop menu has the same accelerators).
  useEffect(() => {
    if (canPickFiles) return
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return
      const k = e.key.toLowerCase()
      if (k === 's') {
        e.preventDefault()
        if (e.shiftKey) actionsRef.current.saveAs()
        else void actionsRef.current.save()
      } else if (k === 'o' && !e.shiftKey) {
        e.preventDefault()
        actionsRef.current.open()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [canPickFiles])

  // Leaving the page with unsaved changes asks first (web mode; the desktop shell asks on close).
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent): void => {
      if (!dirtyRef.current || canPickFiles) return
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [canPickFiles])

  const close = (): void => setDialog({ kind: 'none' })
  return (
    <FileActionsContext.Provider value={actions}>
      {children}
      {dialog.kind === 'open' && <OpenDialog busy={busy} onOpen={(p) => guard('open another workspace', () => void runOpen({ path: p }))} onClose={close} />}
      {dialog.kind === 'confirm' && (
        <ConfirmDiscardDialog
          name={ws.state?.name ?? 'this workspace'}
          what={dialog.what}
          onSave={async () => {
            const then = dialog.then
            if (await save()) then()
          }}
          onDiscard={() => {
            const then = dialog.then
            setDialog({ kind: 'none' })
            then()
          }}
          onClose={close}
        />
      )}
      {dialog.kind === 'relink' && (
        <RelinkDialog
          missing={dialog.missing}
          message={dialog.message}
          busy={busy}
          canPickFiles={canPickFiles}
          onSearch={(folder) => void runOpen(dialog.target, folder)}
          onClose={close}
        />
      )}
      {dialog.kind === 'saveAs' && <SaveAsDialog state={ws.state} busy={busy} onSave={(p) => void saveTo(p)} onClose={close} />}
      {dialog.kind === 'bundle' && <ExportBundleDialog canPickFiles={canPickFiles} onClose={close} />}
      {dialog.kind === 'report' && <ExportReportDialog scope={scope} canPickFiles={canPickFiles} onClose={close} />}
    </FileActionsContext.Provider>
  )
}

export function useFileActions(): FileActions {
  const v = useContext(FileActionsContext)
  if (!v) throw new Error('useFileActions needs a FileActionsProvider above it')
  return v
}
