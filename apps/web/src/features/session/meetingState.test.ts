import { describe, expect, it } from 'vitest'
import { archiveMeeting, createBoardDoc, startMeeting, writeSessionStatus } from '@session-board/board'
import { meetingStateOf } from './meetingState.ts'

// The server writes these on start and end; a board reads where its own session stands from them.
describe('where a session stands, read from its couple’s document', () => {
  it('is upcoming until it starts, live while it runs, ended when it ends', () => {
    const doc = createBoardDoc()
    expect(meetingStateOf(doc, 'ses_week1')).toBe('upcoming')
    startMeeting(doc, { sessionId: 'ses_week1', title: 'Session 1' })
    expect(meetingStateOf(doc, 'ses_week1')).toBe('live')
    doc.transact(() => {
      archiveMeeting(doc, { sessionId: 'ses_week1', title: 'Session 1', startedAt: 1, endedAt: 2 })
      writeSessionStatus(doc, 'ended')
    })
    expect(meetingStateOf(doc, 'ses_week1')).toBe('ended')
  })

  it('is past once a later session has started, which is live; a planned one stays upcoming', () => {
    const doc = createBoardDoc()
    startMeeting(doc, { sessionId: 'ses_week1', title: 'Session 1' })
    archiveMeeting(doc, { sessionId: 'ses_week1', title: 'Session 1', startedAt: 1, endedAt: 2 })
    startMeeting(doc, { sessionId: 'ses_week2', title: 'Session 2' })
    expect(meetingStateOf(doc, 'ses_week1')).toBe('past')
    expect(meetingStateOf(doc, 'ses_week2')).toBe('live')
    expect(meetingStateOf(doc, 'ses_week3')).toBe('upcoming')
  })
})
