import './lib/zodConfig.ts'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import './styles/base.css'

const root = document.getElementById('root')
if (!root) throw new Error('The page is missing its #root element.')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
