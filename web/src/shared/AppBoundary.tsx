import { useEffect, type ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { isChunkLoadError, retryFailedPages } from './lazy-page';

/**
 * The last line under either console: whatever escapes the pages' own handling shows a plain panel (no
 * antd, which may be what broke) with 重试 — tried again by itself when the browser is back online —
 * instead of a white screen.
 */
export function AppBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary FallbackComponent={AppFailed} onReset={retryFailedPages}>
      {children}
    </ErrorBoundary>
  );
}

function AppFailed({ error, resetErrorBoundary }: FallbackProps) {
  useEffect(() => {
    window.addEventListener('online', resetErrorBoundary);
    return () => window.removeEventListener('online', resetErrorBoundary);
  }, [resetErrorBoundary]);
  return (
    <div className="app-failed" role="alert" data-testid="load-failed">
      <h1>页面没有加载出来</h1>
      <p>{isChunkLoadError(error) ? '页面程序下载失败（网络中断，或系统刚刚更新）。' : '页面出错了。'}网络恢复后会自动重试，也可以现在重试。</p>
      <p>
        <button type="button" onClick={resetErrorBoundary}>
          重试
        </button>{' '}
        <button type="button" onClick={() => location.reload()}>
          刷新页面
        </button>
      </p>
    </div>
  );
}
