/**
 * tldraw 3.15 draws its opacity slider's thumb (role "slider") with no accessible name: the name is only
 * in the slider root's `title` ("Opacity — 100%"). A screen reader would announce a nameless slider, so
 * every such thumb inside the canvas gets the root's title, without the value, as its label. Watches the
 * canvas, since the style panel mounts and unmounts as the selection changes.
 */
export function nameUnnamedSliders(root: HTMLElement): () => void {
  const name = () => {
    for (const thumb of root.querySelectorAll<HTMLElement>(
      '[role="slider"]:not([aria-label]):not([aria-labelledby])',
    )) {
      const title = thumb.closest<HTMLElement>('[title]')?.title ?? ''
      thumb.setAttribute('aria-label', title.split(' — ')[0]?.trim() || 'Slider')
    }
  }
  name()
  const observer = new MutationObserver(name)
  observer.observe(root, { childList: true, subtree: true })
  return () => observer.disconnect()
}
