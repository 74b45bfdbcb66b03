import type { ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { useLocation } from 'react-router';
import { isChunkLoadError, retryFailedPages } from '../shared/lazy-page';
import { LoadFailed } from './components/LoadFailed';

/**
 * Around every page: whatever a page throws while rendering — above all its code failing to load during
 * a network blip — shows a panel with 重试 (which also fires when the live connection returns) instead of
 * a white screen. Moving to another page starts afresh.
 */
export function PageBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary FallbackComponent={PageFailed} resetKeys={[pathname]} onReset={retryFailedPages}>
      {children}
    </ErrorBoundary>
  );
}

function PageFailed({ error, resetErrorBoundary }: FallbackProps) {
  const code = isChunkLoadError(error);
  return (
    <LoadFailed
      what="页面"
      code={code}
      reason={code ? '页面程序下载失败（网络中断，或系统刚刚更新）' : '页面出错'}
      onRetry={resetErrorBoundary}
    />
  );
}
