/** Where the sync server listens: the same origin that served the page, so the CSP stays 'self'. */
export function syncBaseUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/sync`
}
