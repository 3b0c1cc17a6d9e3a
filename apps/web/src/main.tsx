import '@mantine/core/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { startOfflineSupport } from './features/offline/api/offlineSync.ts';

// The terminal lives at /pos and the back office at /backoffice; other paths land on the terminal.
const path = window.location.pathname;
if (!path.startsWith('/pos') && !path.startsWith('/backoffice'))
  window.history.replaceState(null, '', '/pos');

startOfflineSupport();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
