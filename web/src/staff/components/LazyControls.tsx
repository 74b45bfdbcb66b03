/**
 * Form controls too heavy for a first load, fetched when a dialog first shows them (and in the background
 * after login): the date picker (only 申请挂起 among the case actions needs one) and the file picker (回复
 * and 上传附件). Until they arrive, a disabled stand-in holds their place; if they cannot arrive (a
 * network blip), a 重试 button that also fires when the live connection comes back.
 */
import type { DatePickerProps, UploadProps } from 'antd';
import { Button, Input } from 'antd';
import { Suspense, type ComponentType, type ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { lazyPage, retryFailedPages } from '../../shared/lazy-page';
import { useBackOnline } from '../live';

const DatePicker = lazyPage<DatePickerProps>(() => import('antd/es/date-picker').then((m) => ({ default: m.default as unknown as ComponentType<DatePickerProps> })));
const Upload = lazyPage<UploadProps>(() => import('antd/es/upload').then((m) => ({ default: m.default as unknown as ComponentType<UploadProps> })));

/** Fetches the controls now, so that a dialog later opens with them at once. */
export function preloadControls(): void {
  void DatePicker.preload();
  void Upload.preload();
}

export function LazyDatePicker(props: DatePickerProps) {
  return (
    <Loaded stand={<Input disabled placeholder="正在加载日期控件…" style={props.style} />}>
      <DatePicker {...props} />
    </Loaded>
  );
}

export function LazyUpload(props: UploadProps) {
  return (
    <Loaded stand={<Button disabled>正在加载文件选择…</Button>}>
      <Upload {...props} />
    </Loaded>
  );
}

function Loaded({ stand, children }: { stand: ReactNode; children: ReactNode }) {
  return (
    <ErrorBoundary FallbackComponent={NotLoaded} onReset={retryFailedPages}>
      <Suspense fallback={stand}>{children}</Suspense>
    </ErrorBoundary>
  );
}

function NotLoaded({ resetErrorBoundary }: FallbackProps) {
  useBackOnline(resetErrorBoundary);
  return (
    <Button danger onClick={resetErrorBoundary}>
      控件没有加载出来，重试
    </Button>
  );
}
