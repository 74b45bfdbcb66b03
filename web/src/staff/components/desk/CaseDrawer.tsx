/** One click on a case in the desk's panels: the case at a glance, without leaving the call. */
import { Button, Descriptions, Drawer, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../../shared/http';
import { EVENT_LABELS, STATUS_LABELS } from '../../../shared/labels';
import { formatTime } from '../../../shared/time';
import type { CaseWithTimeline } from '../../../shared/types';
import { api } from '../../api';
import { catalogPath, useReference } from '../../reference';

export function CaseDrawer({ caseId, onClose }: { caseId: string | null; onClose(): void }) {
  const ref = useReference();
  const [c, setCase] = useState<CaseWithTimeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!caseId) return;
    const controller = new AbortController();
    setCase(null);
    setError(null);
    api.getCase(caseId, controller.signal).then(setCase, (e: unknown) => !controller.signal.aborted && setError(describeError(e)));
    return () => controller.abort();
  }, [caseId]);
  return (
    <Drawer
      open={caseId !== null}
      onClose={onClose}
      size="large"
      title={c ? <span className="mono">{c.trackingCode}</span> : '工单'}
      extra={
        caseId && (
          <Link to={`/cases/${caseId}`}>
            <Button type="link">打开工单页</Button>
          </Link>
        )
      }
      className="case-drawer"
    >
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {!c && !error && <Skeleton active paragraph={{ rows: 8 }} />}
      {c && (
        <>
          <h3 className="drawer-title">{c.title}</h3>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="状态">
              <Tag>{STATUS_LABELS[c.status]}</Tag>
              {c.mergedCount > 0 && <Tag color="purple">已并入 {c.mergedCount} 件</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="承办单位">{c.owner.type === 'department' ? c.owner.name : '12345 中心'}</Descriptions.Item>
            <Descriptions.Item label="事项分类">{catalogPath(ref?.categoryByCode, c.categoryCode)}</Descriptions.Item>
            <Descriptions.Item label="所属区划">{catalogPath(ref?.regionByCode, c.regionCode)}</Descriptions.Item>
            <Descriptions.Item label="受理时间">{formatTime(c.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="诉求内容">{c.content}</Descriptions.Item>
            {c.replyContent && <Descriptions.Item label="答复">{c.replyContent}</Descriptions.Item>}
          </Descriptions>
          <Timeline
            className="drawer-timeline"
            items={[...c.timeline].reverse().slice(0, 8).map((e) => ({ key: e.seq, content: `${formatTime(e.at)} ${EVENT_LABELS[e.type]}${e.publicNote ? `：${e.publicNote}` : ''}` }))}
          />
        </>
      )}
    </Drawer>
  );
}
