// The reference page for the canvas page-load figure: tldraw and nothing else. No sync, no app: the
// bench's shapes come from /shapes.json and go into the store before the editor mounts, as the web app's
// binding puts the document's shapes into its store. Fonts, icons and translations are self-hosted, as
// in the web app. `data-ready` on the same test id tells the bench the editor is mounted.
import { useState } from 'react'
import { createRoot } from 'react-dom/client'
import { Tldraw, createTLStore } from '@tldraw/tldraw'
import type { TLRecord } from '@tldraw/tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite.js'
import '@tldraw/tldraw/tldraw.css'

const assetUrls = getAssetUrlsByImport()

function BareCanvas({ shapes }: { shapes: TLRecord[] }) {
  const [store] = useState(() => {
    const store = createTLStore()
    store.put(shapes)
    return store
  })
  const [ready, setReady] = useState(false)
  return (
    <div
      data-testid="goal-canvas"
      data-ready={ready ? 'true' : 'false'}
      style={{ position: 'fixed', inset: 0 }}
    >
      <Tldraw store={store} assetUrls={assetUrls} onMount={() => setReady(true)} />
    </div>
  )
}

void fetch('/shapes.json')
  .then((response) => response.json() as Promise<TLRecord[]>)
  .then((shapes) => createRoot(document.getElementById('root')!).render(<BareCanvas shapes={shapes} />))
