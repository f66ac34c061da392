/** The File menu of the header (both faces; the desktop app also has it natively): New, Open, Open Recent, Save, Save As, Export Bundle, Export Report. */
import type { ReactElement } from 'react'
import { useQuery } from '../../api/useQuery'
import { useWorkspace } from '../../app/workspaceStore'
import { Icon } from '../../components/Icon'
import { Popover } from '../../components/Popover'
import { useFileActions } from './FileActions'

export function FileMenu(): ReactElement {
  const a = useFileActions()
  const ws = useWorkspace()
  const recent = useQuery('listRecentFiles', {})
  const dirty = ws.state?.dirty ?? false
  const item = (label: string, run: () => void, opts: { testId: string; shortcut?: string; disabled?: boolean }, close: () => void): ReactElement => (
    <button
      type="button"
      role="menuitem"
      className="menu__item"
      disabled={opts.disabled || a.busy}
      data-testid={opts.testId}
      onClick={() => {
        close()
        run()
      }}
    >
      <span>{label}</span>
      {opts.shortcut && <kbd className="menu__kbd">{opts.shortcut}</kbd>}
    </button>
  )
  return (
    <Popover
      label={
        <>
          <Icon name="file" />
          <span>File</span>
        </>
      }
      ariaLabel="File menu"
      buttonClassName="btn btn--ghost btn--sm"
      panelClassName="menu"
      align="end"
      testId="file-menu"
      onOpenChange={(open) => open && recent.refetch()}
    >
      {(close) => (
        <div role="menu" aria-label="File">
          {item('New', a.newWorkspace, { testId: 'menu-new' }, close)}
          {item('Open…', () => a.open(), { testId: 'menu-open', shortcut: 'Ctrl+O' }, close)}
          {(recent.data?.length ?? 0) > 0 && (
            <div className="menu__group" role="group" aria-label="Open Recent">
              <div className="menu__label">Open Recent</div>
              {recent.data!.slice(0, 6).map((r) => (
                <button
                  key={r.path}
                  type="button"
                  role="menuitem"
                  className="menu__item menu__item--sub"
                  disabled={!r.exists || a.busy}
                  title={r.path}
                  onClick={() => {
                    close()
                    a.open({ path: r.path })
                  }}
                >
                  {r.name}
                </button>
              ))}
            </div>
          )}
          <hr className="menu__sep" />
          {item(dirty ? 'Save •' : 'Save', () => void a.save(), { testId: 'menu-save', shortcut: 'Ctrl+S' }, close)}
          {item('Save As…', a.saveAs, { testId: 'menu-save-as', shortcut: 'Ctrl+Shift+S' }, close)}
          <hr className="menu__sep" />
          {item('Export Bundle…', a.exportBundle, { testId: 'menu-export-bundle' }, close)}
          {item('Export Report…', a.exportReport, { testId: 'menu-export-report' }, close)}
        </div>
      )}
    </Popover>
  )
}
