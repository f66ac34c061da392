/** The header's Views menu: save the view on screen (page, filters, panel settings) under a name, and go back to a saved one. */
import { useState, type ReactElement } from 'react'
import { ScopeSchema } from '../../../../shared/scope'
import { findPage } from '../../app/pages'
import { useHashRoute } from '../../app/useHashRoute'
import { patchWorkspaceUi, useWorkspace } from '../../app/workspaceStore'
import { Popover } from '../../components/Popover'

export function ViewsMenu(): ReactElement | null {
  const [route, navigate] = useHashRoute()
  const { ui } = useWorkspace()
  const [name, setName] = useState('')
  if (!ui) return null
  return (
    <Popover label="Views" ariaLabel="Saved views" buttonClassName="btn btn--ghost btn--sm" panelClassName="menu" align="end" testId="views-menu">
      {(close) => (
        <div className="stack" style={{ gap: 6 }}>
          <form
            className="input-row"
            onSubmit={(e) => {
              e.preventDefault()
              if (!name.trim()) return
              const view = { id: `view-${Date.now().toString(36)}`, name: name.trim(), page: route.page || 'overview', filters: route.scope, params: route.params, created: new Date().toISOString() }
              patchWorkspaceUi({ saved_views: [...ui.saved_views, view] })
              setName('')
              close()
            }}
          >
            <input className="input input--sm" value={name} onChange={(e) => setName(e.target.value)} placeholder="Name this view" aria-label="View name" data-testid="view-name" autoFocus />
            <button type="submit" className="btn btn--sm" disabled={!name.trim()} data-testid="view-save">
              Save
            </button>
          </form>
          {ui.saved_views.length > 0 && <hr className="menu__sep" />}
          {ui.saved_views.map((v) => (
            <button
              key={v.id}
              type="button"
              className="menu__item"
              onClick={() => {
                const scope = ScopeSchema.safeParse(v.filters)
                navigate({ page: findPage(v.page) ? v.page : 'overview', scope: scope.success ? scope.data : {}, params: v.params })
                close()
              }}
              data-testid="view-item"
            >
              <span>{v.name}</span>
              <span className="menu__kbd">{findPage(v.page)?.label ?? v.page}</span>
            </button>
          ))}
        </div>
      )}
    </Popover>
  )
}
