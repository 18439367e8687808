import { defineRecord, field } from '../schema/descriptor.ts'
import { integer } from '../schema/fields.ts'

/** The document's own bookkeeping: its schema version, which only the server writes. */
export const metaRecord = defineRecord({
  root: 'meta',
  shape: 'singleton',
  stamped: false,
  fields: [field('schemaVersion', integer(0, 10_000), 'server')],
})
