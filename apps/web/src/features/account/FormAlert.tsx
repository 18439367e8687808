/** A form's overall problem, e.g. the server's answer; announced as soon as it appears. */
export function FormAlert({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null
  return (
    <p id={id} className="form-alert" role="alert">
      {message}
    </p>
  )
}
