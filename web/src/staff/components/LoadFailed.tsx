import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Space } from 'antd';
import { useBackOnline } from '../live';

interface Props {
  /** What did not load, for the title: 页面, 列表, 数据. */
  what: string;
  reason: string;
  onRetry(): void;
  /** The page's own code failed: a reload of the whole console may be needed after a new deploy. */
  code?: boolean;
  /** A line above what is still shown (a list keeping its last rows), rather than a whole panel. */
  compact?: boolean;
}

/**
 * Something a page needs did not arrive: says so, with 重试, and tries again by itself when the live
 * connection (or the browser's network) comes back. Never a blank screen, never a dead end.
 */
export function LoadFailed({ what, reason, onRetry, code = false, compact = false }: Props) {
  useBackOnline(onRetry);
  const retry = (
    <Button type="primary" icon={<ReloadOutlined />} onClick={onRetry}>
      重试
    </Button>
  );
  if (compact) {
    return <Alert type="warning" showIcon className="load-failed" data-testid="load-failed" title={`${what}没有刷新：${reason}`} action={retry} />;
  }
  // An Alert rather than antd's Result: Result's illustrations would weigh on every first load.
  return (
    <div className="load-failed-panel">
      <Alert
        type="warning"
        showIcon
        className="load-failed"
        data-testid="load-failed"
        title={`${what}没有加载出来`}
        description={`${reason}。网络恢复后会自动重试，也可以现在重试。`}
        action={
          <Space orientation="vertical">
            {retry}
            {code && <Button onClick={() => location.reload()}>刷新页面</Button>}
          </Space>
        }
      />
    </div>
  );
}
