import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { currentDeadline, stageLabel } from '../../shared/deadlines';
import { ApiError, describeError } from '../../shared/http';
import { CHANNEL_LABELS, CLOSE_REASON_LABELS, EVENT_LABELS, KIND_LABELS, RESOLUTION_LABELS, ROLE_LABELS, SATISFACTION_LABELS, STATUS_LABELS, TRANSFER_TARGET_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/time';
import type { Case, CaseWithTimeline, DepartmentUser, Incident, Owner, TimelineEvent, User } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { Audience } from '../components/Audience';
import { CaseFlags, Countdown, PriorityTag, StatusTag } from '../components/CaseBadges';
import { CaseActionBar } from '../actions/ActionBar';
import { AttachmentList } from '../components/AttachmentList';
import { useCaseEvents, useLiveGeneration } from '../live';
import { catalogPath, useReference } from '../reference';
import { HOME } from '../home';
import { LoadFailed } from '../components/LoadFailed';

/** A case with its timeline and the actions the user may take now; reloaded whenever it changes. */
export default function CasePage() {
  const { id = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const [c, setCase] = useState<CaseWithTimeline | null>(null);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const generation = useLiveGeneration();

  const load = useCallback(
    (signal?: AbortSignal) =>
      api.getCase(id, signal).then(
        (loaded) => {
          setCase(loaded);
          setError(null);
        },
        (e: unknown) => {
          if (signal?.aborted) return;
          setError({ status: e instanceof ApiError ? e.status : 0, text: describeError(e) });
        },
      ),
    [id],
  );

  useEffect(() => {
    const controller = new AbortController();
    setCase(null);
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // Its own events reload it; so does a resync (events were missed).
  useCaseEvents((event) => {
    if (event.caseId === id) load();
  });
  const seenGeneration = useRef(generation);
  useEffect(() => {
    if (seenGeneration.current === generation) return;
    seenGeneration.current = generation;
    load();
  }, [generation, load]);

  // A failure that is not a refusal: the case may well be there once the network is back.
  if (error && !c && error.status !== 404 && error.status !== 403) {
    return (
      <div className="page">
        <LoadFailed what="工单" reason={error.text} onRetry={() => void load()} />
      </div>
    );
  }
  if (error && (!c || error.status === 404)) {
    return (
      <Result
        status={error.status === 404 ? '404' : 'error'}
        title={error.status === 404 ? '工单不存在，或已不在您的办理范围内' : '加载失败'}
        subTitle={error.status === 404 ? '工单被退回或改派后，原承办单位不再能查看。' : error.text}
        extra={<Button onClick={() => navigate(HOME[user.role])}>返回工作台</Button>}
      />
    );
  }
  if (!c) return <Skeleton active className="page" paragraph={{ rows: 12 }} />;

  // After an action: show the answer at once (the timeline follows with the reload).
  const changed = (updated: Case) => {
    setCase((prev) => (prev ? { ...prev, ...updated } : prev));
    load();
  };

  return (
    <div className="page case-page">
      <div className="case-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
        <div className="case-title">
          <h1>{c.title}</h1>
          <Space size={4} wrap>
            <Typography.Text copyable={{ text: c.trackingCode, tooltips: ['复制受理编号', '已复制'] }} className="mono">
              {c.trackingCode}
            </Typography.Text>
            <StatusTag status={c.status} />
            <PriorityTag priority={c.priority} />
            {c.mergedCount > 0 && <Tag color="purple">已并入 {c.mergedCount} 件</Tag>}
            {c.overdue && <Tag color="red">已超时</Tag>}
            <CaseFlags c={c} />
          </Space>
        </div>
      </div>
      <div className="case-actions">
        <CaseActionBar c={c} onChanged={changed} onStale={() => load()} />
      </div>
      {c.pendingExtension && (
        <Alert
          type="info"
          showIcon
          className="case-alert"
          title={`延期申请待督办员审批：${c.pendingExtension.workingDays} 个工作日`}
          description={`理由：${c.pendingExtension.reason}（${formatTime(c.pendingExtension.requestedAt)} 提出）`}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Details c={c} user={user} />
          <Card title="诉求内容" className="case-card">
            <Typography.Paragraph className="case-content">{c.content}</Typography.Paragraph>
          </Card>
          <AttachmentList c={c} />
          {c.replyContent && (
            <Card
              title={
                <Space size={6}>
                  答复市民
                  <Audience kind="citizen" />
                </Space>
              }
              className="case-card case-reply"
              extra={c.repliedAt && formatTime(c.repliedAt)}
            >
              <Space className="reply-meta" wrap>
                {c.resolution && <Tag color={c.resolution === 'resolved' ? 'success' : c.resolution === 'explained' ? 'blue' : 'orange'}>{RESOLUTION_LABELS[c.resolution]}</Tag>}
                {c.satisfaction && <Tag color={c.satisfaction === 'unsatisfied' ? 'red' : 'success'}>回访：{SATISFACTION_LABELS[c.satisfaction]}</Tag>}
                {c.resolved !== null && <Tag>{c.resolved ? '市民确认已解决' : '市民反映未解决'}</Tag>}
              </Space>
              <Typography.Paragraph className="case-content">{c.replyContent}</Typography.Paragraph>
            </Card>
          )}
          {c.mergedCases.length > 0 && (
            <Card title={`并入本件的重复诉求（${c.mergedCases.length} 件）`} className="case-card merged-card">
              <Typography.Paragraph type="secondary">这些市民凭各自的受理编号查询时，看到本工单的办理进度和答复。</Typography.Paragraph>
              <ul className="merged-list">
                {c.mergedCases.map((m) => (
                  <li key={m.id}>
                    <span className="mono">{m.trackingCode}</span> {m.title} <span className="tl-time">{formatTime(m.createdAt)}</span>
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </Col>
        <Col xs={24} xl={9}>
          <Card title="办理过程" className="case-card">
            <CaseTimeline events={c.timeline} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function ownerName(o: Owner | null): string {
  if (!o) return '—';
  return o.type === 'department' ? (o.name ?? '—') : '12345 中心';
}

/** The assignee's name where the user may list the department's staff; otherwise what can be said. */
function useAssigneeName(c: Case, user: User): string {
  const [staff, setStaff] = useState<DepartmentUser[] | null>(null);
  const departmentId = c.owner.departmentId ?? null;
  const mayList = departmentId !== null && (user.role === 'operator' || user.role === 'supervisor' || user.role === 'admin' || (user.role === 'dept_lead' && user.departmentId === departmentId));
  useEffect(() => {
    if (mayList && departmentId && c.assigneeId) api.departmentUsers(departmentId).then(setStaff, () => setStaff([]));
  }, [mayList, departmentId, c.assigneeId]);
  if (!c.assigneeId) return '未指派';
  if (c.assigneeId === user.id) return `${user.displayName}（我）`;
  return staff?.find((u) => u.id === c.assigneeId)?.displayName ?? '已指派';
}

/** The incident (事件) the case belongs to, for the centre's staff (departments do not see incidents). */
function useIncidentOf(c: Case, user: User): Incident | null {
  const [incident, setIncident] = useState<Incident | null>(null);
  const centre = user.role === 'operator' || user.role === 'supervisor' || user.role === 'admin';
  useEffect(() => {
    if (!centre) return;
    let live = true;
    api.incidentsOf(c.id).then(
      (found) => live && setIncident(found[0] ?? null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [c.id, c.version, centre]);
  return incident;
}

function Details({ c, user }: { c: Case; user: User }) {
  const ref = useReference();
  const assignee = useAssigneeName(c, user);
  const incident = useIncidentOf(c, user);
  const deadline = currentDeadline(c);
  const citizen = c.citizen.confidential && !c.citizen.name && !c.citizen.phone ? '保密（不向承办单位显示）' : [c.citizen.name, c.citizen.phone, c.citizen.email].filter(Boolean).join('　') || '—';
  return (
    <Card title="工单信息" className="case-card">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered className="case-details">
        <Descriptions.Item label="来源">{CHANNEL_LABELS[c.channel]}</Descriptions.Item>
        <Descriptions.Item label="诉求类型">{KIND_LABELS[c.kind]}</Descriptions.Item>
        <Descriptions.Item label="事项分类">{catalogPath(ref?.categoryByCode, c.categoryCode)}</Descriptions.Item>
        <Descriptions.Item label="所属区划">{catalogPath(ref?.regionByCode, c.regionCode)}</Descriptions.Item>
        <Descriptions.Item label="事发地址" span="filled">
          {c.address || '—'}
        </Descriptions.Item>
        {c.location && (
          <Descriptions.Item label="事发位置" span="filled">
            <span className="mono">
              {c.location.lat.toFixed(5)}, {c.location.lng.toFixed(5)}
            </span>{' '}
            （WGS-84）
          </Descriptions.Item>
        )}
        {incident && (
          <Descriptions.Item label="所属事件" span="filled">
            <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
            {incident.masterCaseId === c.id ? <Tag color="red" style={{ marginLeft: 8 }}>主工单</Tag> : null}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="受理时间">{formatTime(c.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="状态">{STATUS_LABELS[c.status]}</Descriptions.Item>
        <Descriptions.Item label="承办单位">{ownerName(c.owner)}</Descriptions.Item>
        <Descriptions.Item label="承办人">{c.owner.type === 'department' ? assignee : '—'}</Descriptions.Item>
        <Descriptions.Item label="协办单位" span="filled">
          {c.coDepartments.length ? c.coDepartments.map((d) => <Tag key={d.departmentId}>{d.name}</Tag>) : '—'}
        </Descriptions.Item>
        {c.status !== 'closed' && (
          <Descriptions.Item label={stageLabel(c.status)} span="filled">
            {deadline ? (
              <Space wrap>
                <span>{formatTime(deadline)}</span>
                <Countdown c={c} />
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
        )}
        {c.suggestedDepartment && c.owner.type === 'centre' && c.status !== 'closed' && (
          <Descriptions.Item label="路由建议" span="filled">
            {c.suggestedDepartment.name}
          </Descriptions.Item>
        )}
        {c.returnCount > 0 && (
          <Descriptions.Item label="退单次数" span="filled">
            {c.returnCount}
          </Descriptions.Item>
        )}
        {c.closeReason && (
          <Descriptions.Item label="办结方式" span="filled">
            {CLOSE_REASON_LABELS[c.closeReason]}
          </Descriptions.Item>
        )}
        {c.mergedIntoId && (
          <Descriptions.Item label="并入工单" span="filled">
            <Link to={`/cases/${c.mergedIntoId}`}>查看主工单</Link>
          </Descriptions.Item>
        )}
        {c.transferTo && (
          <Descriptions.Item label="转交" span="filled">
            {TRANSFER_TARGET_LABELS[c.transferTo]}
            {c.counterpartRef && `（对方编号 ${c.counterpartRef}）`}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="市民" span="filled">
          {citizen}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

const EVENT_COLORS: Partial<Record<TimelineEvent['type'], string>> = {
  'case.returned': 'orange',
  'case.overdue': 'red',
  'case.reminded': 'orange',
  'case.supervised': 'red',
  'case.replied': 'green',
  'case.closed': 'gray',
  'case.rated': 'green',
  'case.noted': 'gray',
};

/**
 * A step's staff note: internal — except a supervision's, whose facts are published on the public
 * supervision list (the requirement with them).
 */
function EventNote({ event }: { event: TimelineEvent }) {
  const published = event.type === 'case.supervised';
  return (
    <div className={published ? 'tl-note tl-published-note' : 'tl-note'} data-testid="tl-note">
      <Audience kind={published ? 'public' : 'internal'} tip={published ? '督办事实，已在“督办公开”栏目向社会公布（不含市民个人信息）' : undefined} />
      {event.note}
    </div>
  );
}

function CaseTimeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <Empty description="暂无记录" />;
  return (
    <Timeline
      className="case-timeline"
      items={[...events].reverse().map((e) => ({
        key: e.seq,
        color: EVENT_COLORS[e.type] ?? 'blue',
        content: (
          <div className="tl-item">
            <div className="tl-head">
              <strong>{EVENT_LABELS[e.type]}</strong>
              {!e.public && <Audience kind="internal" tip="这一步不显示在市民查询到的办理过程中" />}
              <span className="tl-time">{formatTime(e.at)}</span>
            </div>
            <div className="tl-meta">
              {e.actor.type === 'user' ? `${e.actor.displayName ?? ''}${e.actor.role ? `（${ROLE_LABELS[e.actor.role as User['role']] ?? e.actor.role}）` : ''}` : e.actor.type === 'citizen' ? '市民' : '系统'}
              {e.fromStatus !== e.toStatus && e.fromStatus && ` · ${STATUS_LABELS[e.fromStatus]} → ${STATUS_LABELS[e.toStatus]}`}
              {e.fromOwner && ownerName(e.fromOwner) !== ownerName(e.toOwner) && ` · ${ownerName(e.fromOwner)} → ${ownerName(e.toOwner)}`}
            </div>
            {e.note && <EventNote event={e} />}
            {e.publicNote && (
              <div className="tl-note tl-public-note" data-testid="tl-public-note">
                <Audience kind="citizen" tip="市民查询办理进度时，在这一步下读到的文字" />
                {e.publicNote}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
