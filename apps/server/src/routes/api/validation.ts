import type { ApiError } from '@session-board/protocol'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { describeRoute, resolver, validator } from 'hono-openapi'
import type { z } from 'zod'
import { clientAddressOf } from '../../access/rateLimit.ts'

/** Validation at the edge: a bad body, query or path answers 400 with the first problem, in words. */
function validate<S extends z.ZodType, T extends 'json' | 'query' | 'param'>(target: T, schema: S) {
  return validator(target, schema, (result, c) => {
    if (result.success) {
      // PostgreSQL keeps no U+0000 in text; refused here, in words, for either store.
      if (target === 'json' && containsNul(result.data))
        return c.json<ApiError>(
          { code: 'invalid_request', message: 'Text may not contain the NUL character (U+0000).' },
          400,
        )
      return
    }
    const issue = result.error[0]
    const where = issue?.path
      ?.map((part) => (typeof part === 'object' ? String(part.key) : String(part)))
      .join('.')
    const message = issue
      ? where
        ? `${where}: ${issue.message}`
        : issue.message
      : 'The request is not valid.'
    return c.json<ApiError>({ code: 'invalid_request', message }, 400)
  })
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (Array.isArray(value)) return value.some(containsNul)
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || containsNul(inner))
  return false
}

export const body = <S extends z.ZodType>(schema: S) => validate('json', schema)
export const query = <S extends z.ZodType>(schema: S) => validate('query', schema)
export const params = <S extends z.ZodType>(schema: S) => validate('param', schema)

/** The OpenAPI description of a route, from the same schemas. */
export function describe(summary: string, tag: string, responses: Record<number, z.ZodType | string>) {
  const described: Record<
    string,
    { description: string; content?: Record<string, { schema: ReturnType<typeof resolver> }> }
  > = {}
  for (const [status, schema] of Object.entries(responses)) {
    described[status] =
      typeof schema === 'string'
        ? { description: schema }
        : { description: summary, content: { 'application/json': { schema: resolver(schema) } } }
  }
  return describeRoute({ summary, tags: [tag], responses: described })
}

/** Ends a request with a JSON error; thrown so handlers read top to bottom. */
export function fail(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  headers?: Record<string, string>,
): never {
  const response = new Response(JSON.stringify({ code, message } satisfies ApiError), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
  throw new HTTPException(status, { res: response })
}

export function notFound(): never {
  return fail(404, 'not_found', 'There is nothing at this address.')
}

/** The client's address for rate limiting: the socket's, or the proxy's X-Forwarded-For when trusted. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return clientAddressOf(c.req.header('x-forwarded-for'), incoming?.socket?.remoteAddress, trustProxy)
}
