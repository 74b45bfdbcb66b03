/**
 * 相似在办工单: open cases like the call being typed (same category family, the region or below, last
 * 30 days), most similar first. "并入此件" logs the caller's case merged into one of them, in one step.
 */
import { Button, Card, List, Progress, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { describeError } from '../../../shared/http';
import { STATUS_LABELS } from '../../../shared/labels';
import { formatTime } from '../../../shared/time';
import type { SimilarCase } from '../../../shared/types';
import { api } from '../../api';
import { useDebounced } from './useDebounced';

export function SimilarPanel({
  categoryCode,
  regionCode,
  text,
  onOpen,
  onMerge,
  busy,
}: {
  categoryCode?: string;
  regionCode?: string;
  text: string;
  onOpen(caseId: string): void;
  onMerge(c: SimilarCase): void;
  busy: boolean;
}) {
  const query = useDebounced(categoryCode && regionCode && text.trim().length >= 4 ? { categoryCode, regionCode, text: text.trim().slice(0, 2000) } : null, 450);
  const [items, setItems] = useState<SimilarCase[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    if (!query) return setItems(null);
    const controller = new AbortController();
    api.similarCases(query.categoryCode, query.regionCode, query.text, controller.signal).then(
      (r) => setItems(r.items),
      (e: unknown) => !controller.signal.aborted && setError(describeError(e)),
    );
    return () => controller.abort();
  }, [query]);
  if (!query || (items && items.length === 0 && !error)) return null;
  return (
    <Card title="相似在办工单" className="side-card desk-card similar-card" size="small" extra={<span className="desk-count">重复诉求可并单</span>}>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <List
        size="small"
        loading={items === null && !error}
        dataSource={items ?? []}
        renderItem={(c) => (
          <List.Item
            className="desk-item"
            actions={[
              <Button key="merge" size="small" type="primary" ghost loading={busy} onClick={() => onMerge(c)} data-action="merge-into">
                并入此件
              </Button>,
            ]}
          >
            <div className="desk-item-main" onClick={() => onOpen(c.id)} role="button" tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && onOpen(c.id)}>
              <div className="desk-item-title">{c.title}</div>
              <div className="desk-item-meta">
                <span className="mono">{c.trackingCode}</span>
                      <span>{formatTime(c.createdAt)}</span>
                      <span>{c.owner.type === 'department' ? c.owner.name : '12345 中心'}</span>
              </div>
              <div className="desk-item-meta">
                <Tag>{STATUS_LABELS[c.status]}</Tag>
                {c.mergedCount > 0 && <Tag color="purple">已并 {c.mergedCount} 件</Tag>}
                <Progress percent={Math.round(c.similarity * 100)} size="small" className="similarity" format={(p) => `相似 ${p}%`} />
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
