import { parentPort, workerData } from 'node:worker_threads'
import { renderPdf } from './renderPdf.ts'
import type { SessionSummary } from './sessionSummary.ts'

/**
 * Renders one summary as PDF in a worker thread (see pdfRenderer.ts) and hands the bytes back without
 * copying them. Node runs this .ts file directly (type stripping), in the tests as in `npm start`.
 */
const pdf = await renderPdf(workerData as SessionSummary)
parentPort?.postMessage(pdf, [pdf.buffer])
