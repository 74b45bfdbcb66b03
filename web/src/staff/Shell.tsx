import {
  AlertOutlined,
  ApartmentOutlined,
  BranchesOutlined,
  CalendarOutlined,
  HistoryOutlined,
  HourglassOutlined,
  TagsOutlined,
  TeamOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  ClockCircleOutlined,
  DashboardOutlined,
  FireOutlined,
  FundProjectionScreenOutlined,
  FieldTimeOutlined,
  ApiOutlined,
  MessageOutlined,
  PauseCircleOutlined,
  InboxOutlined,
  LogoutOutlined,
  PhoneOutlined,
  RollbackOutlined,
  SendOutlined,
  SnippetsOutlined,
  SolutionOutlined,
  TagOutlined,
} from '@ant-design/icons';
import { Badge, Button, Layout, Menu, Tooltip, type MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../shared/labels';
import type { LiveState } from '../shared/live';
import type { Role } from '../shared/types';
import { useUser } from './auth';
import { CaseActionHost } from './actions/ActionDialog';
import { useLiveState } from './live';
import { useReference } from './reference';
import { endSession } from './session';

type Item = Required<MenuProps>['items'][number] & { key: string };

const MENUS: Record<Role, Item[]> = {
  operator: [
    { key: '/intake', icon: <PhoneOutlined />, label: '电话受理' },
    { key: '/queues/dispatch', icon: <SendOutlined />, label: '派单队列' },
    { key: '/queues/returned', icon: <RollbackOutlined />, label: '退单审核' },
    { key: '/queues/decision', icon: <AuditOutlined />, label: '待督办裁定' },
    { key: '/queues/callback', icon: <SolutionOutlined />, label: '回访队列' },
    { key: '/monitor', icon: <DashboardOutlined />, label: '全市工单' },
    { key: '/overdue', icon: <AlertOutlined />, label: '超时看板' },
    { key: '/knowledge', icon: <BookOutlined />, label: '知识库' },
  ],
  handler: [
    { key: '/inbox', icon: <InboxOutlined />, label: '本单位待办' },
    { key: '/knowledge', icon: <BookOutlined />, label: '知识库' },
  ],
  dept_lead: [
    { key: '/inbox', icon: <InboxOutlined />, label: '本单位待办' },
    { key: '/figures', icon: <BarChartOutlined />, label: '本单位考核' },
    { key: '/knowledge', icon: <BookOutlined />, label: '知识库' },
    { key: '/templates', icon: <SnippetsOutlined />, label: '常用语' },
  ],
  supervisor: [
    { key: '/situation', icon: <FundProjectionScreenOutlined />, label: '全市态势' },
    { key: '/incidents', icon: <FireOutlined />, label: '事件' },
    { key: '/monitor', icon: <DashboardOutlined />, label: '全市实时工单' },
    { key: '/overdue', icon: <AlertOutlined />, label: '超时看板' },
    { key: '/extensions', icon: <FieldTimeOutlined />, label: '延期审批' },
    { key: '/pauses', icon: <PauseCircleOutlined />, label: '挂起审批' },
    { key: '/decisions', icon: <AuditOutlined />, label: '争议裁定' },
    { key: '/figures', icon: <BarChartOutlined />, label: '考核统计' },
    { key: '/knowledge', icon: <BookOutlined />, label: '知识库' },
    { key: '/templates', icon: <SnippetsOutlined />, label: '常用语' },
    { key: '/callers', icon: <TagOutlined />, label: '来电标记' },
  ],
  admin: [
    { key: '/situation', icon: <FundProjectionScreenOutlined />, label: '全市态势' },
    { key: '/monitor', icon: <DashboardOutlined />, label: '全市工单' },
    { key: '/overdue', icon: <AlertOutlined />, label: '超时看板' },
    { key: '/figures', icon: <BarChartOutlined />, label: '考核统计' },
    { key: '/admin/routing', icon: <BranchesOutlined />, label: '派单目录' },
    { key: '/admin/calendar', icon: <CalendarOutlined />, label: '工作日历' },
    { key: '/admin/sla', icon: <HourglassOutlined />, label: '办理时限' },
    { key: '/admin/departments', icon: <ApartmentOutlined />, label: '承办单位' },
    { key: '/admin/users', icon: <TeamOutlined />, label: '人员账号' },
    { key: '/admin/catalog', icon: <TagsOutlined />, label: '分类与区划' },
    { key: '/admin/audit', icon: <HistoryOutlined />, label: '审计日志' },
    { key: '/knowledge', icon: <BookOutlined />, label: '知识库' },
    { key: '/admin/notifications', icon: <MessageOutlined />, label: '短信与邮件' },
    { key: '/admin/open311', icon: <ApiOutlined />, label: 'Open311 接入' },
  ],
};

const LIVE: Record<LiveState, { status: 'success' | 'processing' | 'default' | 'error'; text: string; tip: string }> = {
  live: { status: 'success', text: '实时', tip: '已连接实时推送：工单变化会自动出现' },
  connecting: { status: 'processing', text: '连接中', tip: '正在连接实时推送' },
  offline: { status: 'default', text: '已断开', tip: '实时推送已断开，正在自动重连；重连后会补发期间的变化' },
  refused: { status: 'error', text: '未连接', tip: '实时推送拒绝了当前登录，请重新登录' },
};

export function Shell({ children }: { children: ReactNode }) {
  const user = useUser();
  const ref = useReference();
  const live = useLiveState();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [narrow, setNarrow] = useState(false);
  const items = MENUS[user.role];
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;
  const department = user.departmentId ? ref?.departmentById.get(user.departmentId)?.name : '12345 热线中心';

  return (
    <Layout className="shell">
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setCollapsed(broken);
        }}
        width={208}
        className="shell-sider"
        trigger={null}
      >
        <div className="brand">
          <span className="brand-badge">12345</span>
          <span className="brand-text">工单系统</span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => {
            navigate(key);
            if (narrow) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          {narrow && (
            <Button type="text" className="menu-toggle" onClick={() => setCollapsed((c) => !c)} aria-label="菜单">
              ☰
            </Button>
          )}
          <div className="shell-title">12345 政务服务便民热线</div>
          <Tooltip title={LIVE[live].tip}>
            <span className="live-state" data-live={live}>
              <Badge status={LIVE[live].status} text={LIVE[live].text} />
            </span>
          </Tooltip>
          <div className="shell-user">
            <span className="user-name">{user.displayName}</span>
            <span className="user-meta">
              {ROLE_LABELS[user.role]} · {department ?? ''}
            </span>
          </div>
          <Tooltip title="退出登录">
            <Button type="text" icon={<LogoutOutlined />} onClick={() => endSession('logout')} aria-label="退出登录" />
          </Tooltip>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <CaseActionHost>{children}</CaseActionHost>
        </Layout.Content>
        <Layout.Footer className="shell-footer">
          <ClockCircleOutlined /> 时间均为北京时间（Asia/Shanghai）
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
