import { config, z } from 'zod/v4'

// The CSP has no 'unsafe-eval'. Without jitless, zod probes `new Function` when it makes its first
// object schema, and the browser reports that refused probe as a policy violation even though zod
// catches it. The build points every `import … from 'zod'` here (vite.config.ts), so the setting
// comes first however the bundle is split into chunks.
config({ jitless: true })

// Only `z` is imported from 'zod' in the app and its packages.
export { z }
