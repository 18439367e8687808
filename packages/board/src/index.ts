export { boardClock } from './clock.ts'
export { CLOCK_SAMPLING, estimateOffset } from './clockSync.ts'
export type { ClockSample, OffsetEstimate } from './clockSync.ts'
export { LOCAL_ORIGIN, canvasMap, createBoardDoc } from './doc.ts'
export type { BoardDoc } from './doc.ts'
export {
  COLUMNS,
  MAX_RATING,
  RATING_KINDS,
  addCard,
  columnLabels,
  moveCard,
  rateCard,
  removeCard,
  selectColumns,
  setCardGroup,
  setCardOwner,
  updateCardText,
} from './records/card.ts'
export type { Card, CardRating, Column, RatingKind } from './records/card.ts'
export { COUPLE_PHASES, selectCouple, writeCoupleInfo } from './records/couple.ts'
export type { CoupleInfo, CoupleInfoInput, CouplePhase } from './records/couple.ts'
export {
  GOAL_WORDING,
  PARTNER_ROLES,
  addGoal,
  isAgreed,
  missingSmartParts,
  removeGoal,
  selectGoals,
  setConsent,
  smartPartLabels,
  updateGoal,
  wordingFingerprint,
} from './records/goal.ts'
export type {
  Goal,
  GoalInput,
  GoalKind,
  GoalOwner,
  GoalPatch,
  GoalWording,
  PartnerRole,
  SmartPart,
} from './records/goal.ts'
export {
  DEFAULT_CRITERIA,
  MAX_SCORE,
  MIN_SCORE,
  PROTECTIONS,
  SCORES_ROOT,
  SCORES_SCHEMA_VERSION,
  addProposal,
  checkScoreWrite,
  clearGridReveal,
  createScoresDoc,
  gridTotals,
  isScore,
  largestDifferences,
  markScored,
  migrateScores,
  removeProposal,
  scoreKey,
  selectGrid,
  selectProposals,
  selectScores,
  setCriteria,
  setScore,
  updateProposal,
  writeGridReveal,
} from './records/grid.ts'
export type {
  Criterion,
  GridState,
  Proposal,
  ProposalPatch,
  ProposalTotals,
  Protection,
  ScoreDifference,
  Scores,
  ScoresDoc,
} from './records/grid.ts'
export {
  NOTES_SCHEMA_VERSION,
  createNotesDoc,
  createNotesStore,
  migrateNotes,
  notesDiff,
  replaceNotesText,
  selectNotes,
} from './records/notes.ts'
export type { NotesDoc, NotesStore } from './records/notes.ts'
export {
  addExperiment,
  addPlan,
  chooseExperiment,
  clearExperiment,
  experimentGaps,
  pickExperiment,
  removePlan,
  selectExperiment,
  selectPlans,
  updatePlan,
} from './records/plan.ts'
export type { ExperimentGap, Plan, PlanInput, PlanPatch } from './records/plan.ts'
export { chooseMetric, removeMetric, selectMetrics, updateMetric } from './records/metricRecord.ts'
export type { MetricChoice, MetricOutcome, MetricPatch } from './records/metricRecord.ts'
export {
  DEFAULT_PHASE_SCHEDULE,
  MAX_PHASE_WEEK,
  movePhase,
  phaseForWeek,
  programWeek,
  selectPhaseSchedule,
} from './records/phases.ts'
export type { PhaseSchedule } from './records/phases.ts'
export { removeRoutine, selectRoutines, updateRoutine } from './records/routine.ts'
export type { Routine } from './records/routine.ts'
export {
  SETBACK_TEXT,
  UPGRADE_KINDS,
  completeSetback,
  removeSetback,
  selectSetbacks,
  setbackHints,
  setbacksUpgrading,
  startSetbackReview,
  updateSetback,
} from './records/setback.ts'
export type { PlanUpgrade, Setback, SetbackPatch, SetbackText, UpgradeKind } from './records/setback.ts'
export { selectSessionInfo, updateSessionInfo } from './records/session.ts'
export type { SessionInfo } from './records/session.ts'
export {
  STEP_STATUSES,
  addStep,
  moveStep,
  removeStep,
  selectSteps,
  selectStepsByGoal,
  stepStatusLabels,
  updateStep,
} from './records/step.ts'
export type { Step, StepPatch, StepStatus } from './records/step.ts'
export { SCHEMA_VERSION, migrateBoard } from './schema.ts'
export { schemaVersionOf } from './schema/versioning.ts'
export type { MigrationOutcome } from './schema/versioning.ts'
export { createBoardStore, selectBoard } from './store.ts'
export type { BoardSnapshot, BoardStore } from './store.ts'
export {
  CHECK_IN_PROMPTS,
  advancePhase,
  endHuddle,
  extendPhase,
  pauseHuddle,
  resumeHuddle,
  selectHuddle,
  setAgenda,
  setAppreciation,
  setCheckIn,
  setExperiment,
  skipToPhase,
  startHuddle,
} from './records/huddle.ts'
export type { CheckInPrompt, HuddleState } from './records/huddle.ts'
export { BOARD_PARTS, followedPart, huddleStep, partForPhase, showPart } from './records/shownPart.ts'
export type { BoardPart, ShownPart } from './records/shownPart.ts'
export { PHASE_KINDS, WARNING_MS, defaultAgenda, huddleAt } from './records/huddleClock.ts'
export type { AgendaPhase, HuddleStatus, HuddleView, PhaseKind } from './records/huddleClock.ts'
export { exportHuddleRecords, importHuddleRecords, selectHuddleRecords } from './records/huddleRecord.ts'
export type { HuddleRecord } from './records/huddleRecord.ts'
export {
  DEFAULT_TURN_MS,
  airtime,
  confirmReflection,
  giveFloor,
  lowerHand,
  raiseHand,
  reflect,
  selectFloor,
  otherPartner,
  setAirtimeForAll,
  setListenerMuting,
  floorMutedListener,
  movesCallMuting,
  setReflectBack,
  setTurnMs,
  takeBackFloor,
} from './records/floor.ts'
export type { FloorState, FloorTurn } from './records/floor.ts'
export { hideScores, revealScores, selectRevealed } from './records/reveal.ts'
export {
  checkWrite,
  classifyWrite,
  describeWriteClass,
  mayWrite,
  writableBetweenSessions,
  stampRecord,
  undoRoots,
} from './rules/writeRules.ts'
export type { BoardRole, WriteClass, WriteContext, WritePath, WrittenContent } from './rules/writeRules.ts'
export {
  readAuthor,
  selectCallKeyIndex,
  selectSessionStatus,
  writeCallKeyIndex,
  writeSessionStatus,
} from './rules/stamps.ts'
export type { Author, SessionStatus } from './rules/stamps.ts'
export { MAX_CANVAS_VALUE_CHARS } from './records/canvas.ts'
export { STAMP_KEYS } from './schema/descriptor.ts'
export type { FieldRule, FieldWriter, Migration, RecordDescriptor } from './schema/descriptor.ts'
export { LONG_TEXT, MAX_BOARD_BYTES, SHORT_TEXT, checkValue } from './schema/fields.ts'
export type { FieldSpec, ValueProblem } from './schema/fields.ts'
export { BOARD_RECORDS, fieldRuleFor, recordFor, skippedRecords } from './schema/registry.ts'
export type { SkippedRecord } from './schema/registry.ts'
export { createUndo, isOwnChange } from './undo.ts'
export type { UndoHistory, UndoOptions, UndoState } from './undo.ts'
export { wordingHints } from './wording/hints.ts'
export type { WordingHint } from './wording/hints.ts'
export type { HintKind, HintLanguage } from './wording/patterns.ts'
export {
  MEETING_ROOTS,
  archiveMeeting,
  selectCurrentMeetingId,
  selectMeetings,
  startMeeting,
} from './records/meeting.ts'
export type { Meeting, MeetingCard, MeetingTimes } from './records/meeting.ts'
export { mergeLegacyBoard } from './upgrade/mergeLegacyBoard.ts'
export type { LegacyBoard, MergeReport } from './upgrade/mergeLegacyBoard.ts'
export { mergeLegacyScores } from './upgrade/mergeLegacyScores.ts'
export { latest, onTarget, rollingAverage, weeklyFigures } from './progress/averages.ts'
export type { AveragePoint, AverageRange, WeekFigure } from './progress/averages.ts'
export { WINDOW_DAYS, addDays, dayAt, isCalendarDay, twoWeekWindow } from './progress/calendar.ts'
export type { ProgressProblem } from './progress/check.ts'
export { MAX_NOTE, checkEntry } from './progress/entries.ts'
export type { EntryPartner, ProgressEntry } from './progress/entries.ts'
export { checkFlags, entryFlag, flagFor } from './progress/flags.ts'
export type { Flag, FlagLevel } from './progress/flags.ts'
export { KIND_LIMITS, METRIC_KINDS } from './progress/kinds.ts'
export {
  describeUpgrade,
  monthBefore,
  monthDays,
  monthlyReview,
  reviewEntryRange,
  reviewOfMonth,
  upgradeOf,
} from './progress/monthlyReview.ts'
export type {
  FlagCounts,
  FlagRecord,
  GoalReview,
  MetricReview,
  MonthlyReview,
  MonthlyReviewInput,
  SetbackReview,
  StepReview,
  UpgradeReview,
} from './progress/monthlyReview.ts'
export type { MetricKind } from './progress/kinds.ts'
export {
  DIALS,
  DIAL_METRICS,
  JOURNAL_METRIC,
  STANDING_METRICS,
  WEEK_METRICS,
  metricsOfPlan,
  METRIC_DOMAINS,
  METRIC_MENU,
  checkMetric,
  privacyForDomain,
} from './progress/metrics.ts'
export type {
  Dial,
  EntryPrivacy,
  LoggedBy,
  Metric,
  MetricDomain,
  MetricFlags,
  ReviewRhythm,
} from './progress/metrics.ts'
