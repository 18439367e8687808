import './session.css'

export function NotFoundPage({ reason }: { reason: string }) {
  return (
    <div className="page page--narrow">
      <main className="start-main" aria-labelledby="missing-heading">
        <h1 id="missing-heading">This board could not be opened</h1>
        <p>{reason}</p>
        <p>
          <a href="/">Go to the start page</a>
        </p>
      </main>
    </div>
  )
}
