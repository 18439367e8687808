import { secureHeaders } from 'hono/secure-headers'

/**
 * The page may talk to its own origin only: the app self-hosts every asset, and this is what keeps
 * tldraw's unlicensed tracking image (and anything else third-party) from loading. `connect-src 'self'`
 * covers the same-origin ws(s):// sync socket; the video call adds the deployment's LiveKit address.
 */
export const securityHeaders = (
  options: { secure: boolean; callOrigins?: readonly string[] } = { secure: false },
) =>
  secureHeaders({
    // HSTS only when the server is reached over TLS: over plain http it would mean nothing, and on a
    // developer's localhost it would pin https for every other local app.
    strictTransportSecurity: options.secure ? 'max-age=31536000; includeSubDomains' : false,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // The deployment's own LiveKit server, when the call is not proxied on this origin.
      connectSrc: ["'self'", ...(options.callOrigins ?? [])],
      imgSrc: ["'self'", 'data:', 'blob:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      fontSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
  })
