import { useState } from 'react'
import {
  PARTNER_ROLES,
  otherPartner,
  airtime,
  confirmReflection,
  giveFloor,
  lowerHand,
  raiseHand,
  reflect,
  setAirtimeForAll,
  setListenerMuting,
  setReflectBack,
  takeBackFloor,
} from '@session-board/board'
import type { PartnerRole } from '@session-board/board'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { formatRemaining, spokenRemaining, useServerNow } from '../huddle/useNow.ts'
import './floor.css'

/** Structured turn-taking: who speaks, who listens and reflects back, who waits with a raised hand. */
export function FloorPanel() {
  const { sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const { floor } = snapshot
  const now = useServerNow()
  const name = (partner: PartnerRole) => partnerName(snapshot, partner)
  const isTherapist = me.role === 'therapist'
  const mine = me.role === 'partnerA' || me.role === 'partnerB' ? me.role : null
  const holder = floor.holder
  const listener = holder ? otherPartner(holder) : null
  const reflection = floor.reflection && floor.reflection.turnSince === floor.since ? floor.reflection : null
  const gateOpen = !floor.reflectBack || floor.confirmed
  const times = airtime(floor, now)
  const [minutes, setMinutes] = useState(2)
  const [summary, setSummary] = useState('')
  const [refusal, setRefusal] = useState('')

  const give = (partner: PartnerRole) => {
    const given = giveFloor(sync.doc, partner, minutes * 60_000)
    setRefusal(
      given === false
        ? `${name(holder!)} has not confirmed the summary yet. Wait, or take the floor back first.`
        : '',
    )
  }

  return (
    <section className="panel floor" aria-labelledby="floor-heading">
      <div className="panel__head">
        <h2 id="floor-heading">The floor</h2>
      </div>
      <div className="floor__now" aria-live="polite" data-holder={holder ?? ''}>
        {holder ? (
          <>
            <p className="floor__speaker" style={{ borderColor: 'currentcolor' }}>
              <strong>{mine === holder ? 'You have the floor' : `${name(holder)} has the floor`}</strong>
              {floor.until !== null && (
                <span
                  className="floor__time"
                  role="timer"
                  aria-label={`Turn time left: ${spokenRemaining(floor.until - now)}`}
                >
                  {formatRemaining(floor.until - now)}
                </span>
              )}
            </p>
            {mine === listener && (
              <p className="floor__prompt">
                Listen without interrupting. When {name(holder)} has finished, sum up what you heard in your
                own words.
              </p>
            )}
          </>
        ) : (
          <p className="empty">No one has the floor. The therapist gives it to whoever is ready to speak.</p>
        )}
      </div>

      {holder && floor.reflectBack && (
        <div className="floor__reflect">
          {mine === listener && canEdit && !floor.confirmed && (
            <form
              onSubmit={(event) => {
                event.preventDefault()
                if (mine && summary.trim()) reflect(sync.doc, mine, summary.trim())
              }}
            >
              <label htmlFor="floor-summary">What I heard {name(holder)} say</label>
              <textarea
                id="floor-summary"
                rows={2}
                maxLength={600}
                value={summary}
                onChange={(event) => setSummary(event.target.value)}
              />
              <button
                type="submit"
                className="button button--secondary button--small"
                disabled={!summary.trim()}
              >
                Share my summary
              </button>
            </form>
          )}
          {reflection && (
            <blockquote className="floor__summary">
              <p>
                {name(listener!)} heard: “{reflection.summary}”
              </p>
            </blockquote>
          )}
          {reflection && mine === holder && canEdit && !floor.confirmed && (
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => confirmReflection(sync.doc, mine)}
            >
              Yes, that’s it
            </button>
          )}
          <p className="floor__gate">
            {floor.confirmed
              ? `${name(holder)} confirmed the summary.`
              : reflection
                ? `Waiting for ${name(holder)} to confirm the summary.`
                : `Waiting for ${name(listener!)}’s summary.`}
          </p>
        </div>
      )}

      {mine && canEdit && (
        <div className="floor__hand">
          {floor.hands.some((hand) => hand.partner === mine) ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => lowerHand(sync.doc, mine)}
            >
              Lower my hand
            </button>
          ) : (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => raiseHand(sync.doc, mine)}
            >
              Raise my hand
            </button>
          )}
        </div>
      )}

      {floor.hands.length > 0 && (
        <div className="floor__queue">
          <h3 id="floor-queue-heading">Raised hands, in order</h3>
          <ol aria-labelledby="floor-queue-heading">
            {floor.hands.map((hand) => (
              <li key={hand.partner}>{name(hand.partner)}</li>
            ))}
          </ol>
        </div>
      )}

      {isTherapist && (
        <div className="floor__controls" role="group" aria-label="Give the floor">
          <label className="floor__minutes">
            <span>Turn length</span>
            <select value={minutes} onChange={(event) => setMinutes(Number(event.target.value))}>
              {[1, 2, 3, 5].map((value) => (
                <option key={value} value={value}>
                  {value} min
                </option>
              ))}
            </select>
          </label>
          {PARTNER_ROLES.map((partner) => (
            <button
              key={partner}
              type="button"
              className="button button--primary button--small"
              disabled={holder === partner}
              onClick={() => give(partner)}
            >
              Give the floor to {name(partner)}
            </button>
          ))}
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={!holder}
            onClick={() => takeBackFloor(sync.doc)}
          >
            Take the floor back
          </button>
          <label className="choice">
            <input
              type="checkbox"
              checked={floor.reflectBack}
              onChange={(event) => setReflectBack(sync.doc, event.target.checked)}
            />
            Reflect back before the floor passes
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={floor.muteListener}
              onChange={(event) => setListenerMuting(sync.doc, event.target.checked)}
            />
            Mute the listener’s microphone during a turn
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={floor.airtimeForAll}
              onChange={(event) => setAirtimeForAll(sync.doc, event.target.checked)}
            />
            Show the airtime to everyone
          </label>
          {refusal && !gateOpen && (
            <p className="floor__refusal" role="alert">
              {refusal}
            </p>
          )}
        </div>
      )}

      {(isTherapist || floor.airtimeForAll) && (
        <div className="floor__airtime">
          <h3 id="airtime-heading">Airtime this session</h3>
          <dl aria-labelledby="airtime-heading">
            {PARTNER_ROLES.map((partner) => {
              const total = Object.values(times).reduce((sum, value) => sum + value, 0)
              const share = total > 0 ? Math.round((times[partner] / total) * 100) : 0
              return (
                <div key={partner} className="airtime">
                  <dt>{name(partner)}</dt>
                  <dd>
                    {formatRemaining(times[partner])} ({share}%)
                    <meter
                      min={0}
                      max={100}
                      value={share}
                      aria-label={`${name(partner)}’s share of airtime`}
                    />
                  </dd>
                </div>
              )
            })}
          </dl>
        </div>
      )}
    </section>
  )
}
