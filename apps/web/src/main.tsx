import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { reportCaughtError } from './lib/renderFailure.ts'
import './styles/base.css'

const root = document.getElementById('root')
if (!root) throw new Error('The page is missing its #root element.')
// React's default logs a caught error whole, and its message may quote what people wrote.
createRoot(root, { onCaughtError: reportCaughtError }).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
