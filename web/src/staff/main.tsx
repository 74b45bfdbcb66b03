import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppBoundary } from '../shared/AppBoundary';
import { StaffApp } from './StaffApp';
import './staff.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppBoundary>
      <StaffApp />
    </AppBoundary>
  </StrictMode>,
);
