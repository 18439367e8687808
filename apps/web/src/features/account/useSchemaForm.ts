import { useState } from 'react'
import type { z } from 'zod'
import { describeFailure } from '../../lib/api.ts'
import { fieldErrors } from './fieldErrors.ts'

interface Options {
  /** The form's message when a field is wrong; null leaves it to the fields' own messages. */
  invalidMessage?: string | null
  /** The action leaves the page on success, so the form stays busy rather than briefly re-enabling. */
  leavesPage?: boolean
}

/**
 * The life of a form checked by a protocol schema: field errors from the schema, then one call to the
 * server while busy, and the server's sentence if it refuses. `handleFailure` may take a refusal over
 * (return true) when it means more than a message, such as a withdrawn link.
 */
export function useSchemaForm<T>(schema: z.ZodType<T>, options: Options = {}) {
  const { invalidMessage = 'Please check the highlighted fields.', leavesPage = false } = options
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (
    input: unknown,
    action: (data: T) => Promise<void>,
    handleFailure?: (error: unknown) => boolean,
  ): Promise<void> => {
    const parsed = schema.safeParse(input)
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error))
      setProblem(invalidMessage)
      return
    }
    setErrors({})
    setProblem(null)
    setBusy(true)
    try {
      await action(parsed.data)
      if (!leavesPage) setBusy(false)
    } catch (error) {
      if (!handleFailure?.(error)) setProblem(describeFailure(error))
      setBusy(false)
    }
  }

  return { errors, problem, busy, submit }
}
