import '@mantine/core/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';

// The terminal lives at /pos; other paths (back office, platform) come later and land there for now.
if (!window.location.pathname.startsWith('/pos')) window.history.replaceState(null, '', '/pos');

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
