import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Result, Skeleton, Table, Tag, Timeline, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, describeError } from '../../shared/http';
import { EVENT_LABELS, STATUS_LABELS } from '../../shared/labels';
import { formatDuration, formatTime, useNow } from '../../shared/time';
import type { Hotspot, IncidentDetail } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { useCaseEvents, useHotspotEvents, useLiveGeneration } from '../live';

const ROLE_LABELS = { master: '主工单', merged: '已并入', linked: '关联（原单位继续办理）' } as const;
type Row = IncidentDetail['cases'][number];

/** An incident: its cases, the timeline of all of them, and the master's clock; live. */
export default function IncidentPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const now = useNow();
  const [incident, setIncident] = useState<IncidentDetail | null>(null);
  const [hotspot, setHotspot] = useState<Hotspot | null>(null);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const [attaching, setAttaching] = useState(false);
  const generation = useLiveGeneration();

  const load = useCallback(async () => {
    try {
      const loaded = await api.incident(id);
      setIncident(loaded);
      setError(null);
      if (loaded.hotspotId) setHotspot((await api.hotspots('all')).find((h) => h.id === loaded.hotspotId) ?? null);
    } catch (e) {
      setError({ status: e instanceof ApiError ? e.status : 0, text: describeError(e) });
    }
  }, [id]);
  useEffect(() => void load(), [load, generation]);
  useCaseEvents((e) => {
    if (incident?.caseIds.includes(e.caseId)) void load();
  });
  useHotspotEvents((h) => {
    if (h.id === incident?.hotspotId) void load();
  });

  const newFromHotspot = useMemo(() => (hotspot && incident ? hotspot.caseIds.filter((c) => !incident.caseIds.includes(c)) : []), [hotspot, incident]);

  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? '没有这个事件' : '无法加载'} subTitle={error.text} />;
  if (!incident) return <Skeleton active className="page" />;
  const master = incident.cases[0]?.case;
  const deadline = incident.clock.deadline ? Date.parse(incident.clock.deadline) - now : null;

  const attach = async () => {
    setAttaching(true);
    try {
      setIncident(await api.attachToIncident(incident.id, newFromHotspot));
    } catch (e) {
      message.error(describeError(e));
    } finally {
      setAttaching(false);
    }
  };

  const columns: TableColumnsType<Row> = [
    { title: '角色', render: (_, r) => <Tag color={r.role === 'master' ? 'red' : r.role === 'merged' ? 'default' : 'blue'}>{ROLE_LABELS[r.role]}</Tag> },
    { title: '受理编号', render: (_, r) => <Link to={`/cases/${r.case.id}`} className="mono">{r.case.trackingCode}</Link> },
    { title: '标题', render: (_, r) => r.case.title },
    { title: '状态', render: (_, r) => STATUS_LABELS[r.case.status] },
    { title: '承办单位', render: (_, r) => (r.case.owner.type === 'centre' ? '12345 热线中心' : r.case.owner.name) },
    { title: '受理时间', render: (_, r) => formatTime(r.case.createdAt) },
  ];

  return (
    <div className="page incident">
      <div className="page-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/incidents')} aria-label="返回" />
        <h1>{incident.title}</h1>
        <Tag color={incident.status === 'closed' ? 'default' : 'red'}>{incident.status === 'closed' ? '已办结' : '处置中'}</Tag>
      </div>
      <Card size="small" className="incident-clock" data-testid="incident-clock">
        <Descriptions column={{ xs: 1, md: 4 }} size="small">
          <Descriptions.Item label="事件已持续">{formatDuration(now - Date.parse(incident.clock.startedAt))}</Descriptions.Item>
          <Descriptions.Item label="主工单">
            {master && (
              <Link to={`/cases/${master.id}`} className="mono">
                {master.trackingCode}
              </Link>
            )}{' '}
            {STATUS_LABELS[incident.clock.status]} · {master?.owner.type === 'department' ? master.owner.name : '待中心派单'}
          </Descriptions.Item>
          <Descriptions.Item label="当前环节期限">
            {deadline === null ? '—' : deadline < 0 ? <Tag color="red">已超时 {formatDuration(-deadline)}</Tag> : `剩余 ${formatDuration(deadline)}`}
          </Descriptions.Item>
          <Descriptions.Item label="工单">
            {incident.caseIds.length} 件：并入 {incident.merged}，关联 {incident.linked}
          </Descriptions.Item>
        </Descriptions>
        <Alert
          type="info"
          showIcon
          title="主工单的答复即是每位并入市民看到的答复；已由其他单位办理的关联工单继续由原单位办理。派单、答复等操作请在主工单页面进行。"
        />
        {user.role === 'supervisor' && newFromHotspot.length > 0 && (
          <Button type="primary" loading={attaching} onClick={() => void attach()} style={{ marginTop: 12 }}>
            热点新增 {newFromHotspot.length} 件，并入事件
          </Button>
        )}
      </Card>
      <Card size="small" title="事件工单">
        <Table rowKey={(r) => r.case.id} dataSource={incident.cases} columns={columns} pagination={false} size="small" data-testid="incident-cases" />
      </Card>
      <Card size="small" title="事件时间线（各工单，最新 300 条）">
        <Timeline
          items={incident.timeline.map((e) => ({
            key: e.seq,
            content: (
              <div>
                <span className="mono">{e.trackingCode}</span> {EVENT_LABELS[e.type]} · {formatTime(e.at)}
                {e.actor.displayName ? ` · ${e.actor.displayName}` : ''}
                {e.note && <div className="timeline-note">{e.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
    </div>
  );
}
