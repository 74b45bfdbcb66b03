import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppBoundary } from '../shared/AppBoundary';
import { CitizenApp } from './CitizenApp';
import './citizen.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppBoundary>
      <CitizenApp />
    </AppBoundary>
  </StrictMode>,
);
