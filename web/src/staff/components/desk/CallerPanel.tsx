/**
 * 来电人: as the operator types the caller's number, their cases of the last year and their flag
 * (恶意骚扰 / 需关怀). The number goes in a POST body, never in a URL. A click opens a case.
 */
import { Alert, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { describeError } from '../../../shared/http';
import { FLAG_KIND_LABELS, STATUS_LABELS } from '../../../shared/labels';
import { formatTime } from '../../../shared/time';
import type { CallerHistory } from '../../../shared/types';
import { api } from '../../api';
import { normalizePhone, useDebounced } from './useDebounced';

export function CallerPanel({ phone, onOpen }: { phone: string | undefined; onOpen(caseId: string): void }) {
  const number = useDebounced(normalizePhone(phone), 350);
  const [history, setHistory] = useState<CallerHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setHistory(null);
    setError(null);
    if (!number) return;
    const controller = new AbortController();
    api.callerHistory(number, controller.signal).then(setHistory, (e: unknown) => !controller.signal.aborted && setError(describeError(e)));
    return () => controller.abort();
  }, [number]);
  if (!number) return null;
  return (
    <Card title="来电人历史" className="side-card desk-card caller-card" size="small" extra={history && <span className="desk-count">近一年 {history.counts.total} 件</span>}>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {history?.flag && (
        <Alert
          type={history.flag.kind === 'abusive' ? 'error' : 'warning'}
          showIcon
          className="caller-flag"
          title={`${FLAG_KIND_LABELS[history.flag.kind]}：${history.flag.reason}`}
          description={`${history.flag.setBy ?? ''} 标记于 ${formatTime(history.flag.setAt)}${history.flag.expiresAt ? `，至 ${formatTime(history.flag.expiresAt)}` : ''}。仍须正常受理。`}
        />
      )}
      {history && (
        <>
          <Space size={6} wrap className="caller-counts">
            <Tag color={history.counts.open > 0 ? 'blue' : undefined}>在办 {history.counts.open}</Tag>
            <Tag>近 30 天 {history.counts.last30Days}</Tag>
            <Tag>近一年 {history.counts.total}</Tag>
          </Space>
          {history.cases.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该号码近一年没有来电记录" />
          ) : (
            <List
              size="small"
              dataSource={history.cases}
              className="caller-cases"
              renderItem={(c) => (
                <List.Item className="desk-item" onClick={() => onOpen(c.id)} onKeyDown={(e) => e.key === 'Enter' && onOpen(c.id)} tabIndex={0} role="button">
                  <div className="desk-item-main">
                    <div className="desk-item-title">{c.title}</div>
                    <div className="desk-item-meta">
                      <span className="mono">{c.trackingCode}</span>
                      <span>{formatTime(c.createdAt)}</span>
                      <span>{c.owner.type === 'department' ? c.owner.name : '12345 中心'}</span>
                    </div>
                  </div>
                  <Tag color={c.status === 'closed' ? undefined : 'blue'}>{STATUS_LABELS[c.status]}</Tag>
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Card>
  );
}
