import { config } from 'zod'

// The CSP has no 'unsafe-eval'. Without this, zod probes `new Function` once, and the browser reports
// that refused probe as a policy violation even though zod catches it and falls back.
config({ jitless: true })
