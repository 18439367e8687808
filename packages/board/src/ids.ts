const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'

/**
 * A random record id. getRandomValues works on plain-http origins too, where randomUUID does not
 * (a partner may open a LAN link on a phone).
 */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  let id = prefix + '_'
  for (const byte of bytes) id += alphabet[byte % alphabet.length]
  return id
}
