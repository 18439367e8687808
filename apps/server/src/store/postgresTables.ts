import { createAccessTables } from './postgresAccessSchema.ts'
import { createDocumentTables } from './postgresSchema.ts'
import type { Sql } from './sql.ts'

/** Every part of the PostgreSQL schema, at its newest version: at start-up, and for the tests' template. */
export async function createPostgresSchema(sql: Sql): Promise<void> {
  await createDocumentTables(sql)
  await createAccessTables(sql)
}
