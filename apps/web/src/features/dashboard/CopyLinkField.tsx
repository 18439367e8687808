import { useEffect, useId, useRef, useState } from 'react'

/** A read-only field with the link and a Copy button that says when it worked. */
export function CopyLinkField({ label, link }: { label: string; link: string }) {
  const id = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [feedback, setFeedback] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  const copy = async () => {
    clearTimeout(timer.current)
    try {
      await navigator.clipboard.writeText(link)
      setFeedback('Copied')
    } catch {
      // No clipboard access (browser setting): select the text so the person can copy it themselves.
      inputRef.current?.select()
      setFeedback('Selected; copy it with Ctrl+C or ⌘C')
    }
    timer.current = setTimeout(() => setFeedback(''), 4000)
  }

  return (
    <div className="copy-link">
      <label htmlFor={id} className="copy-link__label">
        {label}
      </label>
      <div className="copy-link__row">
        <input
          id={id}
          ref={inputRef}
          className="copy-link__input"
          readOnly
          value={link}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button button--secondary button--small" onClick={copy}>
          Copy<span className="visually-hidden"> {label}</span>
        </button>
        <span className="copy-link__feedback" role="status">
          {feedback}
        </span>
      </div>
    </div>
  )
}
