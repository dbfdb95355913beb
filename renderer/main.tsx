import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { needsLaunchLink } from './api';
import { App } from './App';
import { NeedsLaunchLink } from './features/launch';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('Latchkey: #root is missing from index.html');
createRoot(root).render(<StrictMode>{needsLaunchLink ? <NeedsLaunchLink /> : <App />}</StrictMode>);
