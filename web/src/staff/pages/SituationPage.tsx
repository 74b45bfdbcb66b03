import { AlertOutlined, ExpandOutlined, FireOutlined, FullscreenExitOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, ConfigProvider, Empty, Spin, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '../../shared/http';
import { CHANNEL_LABELS, STATUS_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/time';
import type { Channel, Hotspot, Overview } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { COUNTY_NAMES, DashboardChart, type DashboardOption, QINGYUAN_MAP } from '../components/DashboardChart';
import { useCaseEvents, useHotspotEvents, useLiveGeneration, useLiveState } from '../live';
import { WALL_THEME } from '../theme';
import { LoadFailed } from '../components/LoadFailed';

/** A burst of events makes one reload, at most this often. */
const RELOAD_AT_MOST_EVERY_MS = 1500;
/** And once a minute anyway: the hour moves, deadlines pass. */
const RELOAD_EVERY_MS = 60_000;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * 全市态势 (supervisor, admin): the day's intake by hour against the same weekday of the last four weeks,
 * open cases by status, overdue by department, the channel mix, active hotspots, and the map of the
 * city's counties shaded by the day's cases — all from `GET /api/stats/overview`, reloaded when `/live`
 * says something changed. `wall`: the wall-screen mode (full screen, dark, large type).
 */
export default function SituationPage({ wall = false }: { wall?: boolean }) {
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useLiveGeneration();
  const timer = useRef<number | undefined>(undefined);
  const lastLoad = useRef(0);

  const load = useCallback(async () => {
    lastLoad.current = Date.now();
    try {
      setData(await api.overview());
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, []);
  const reloadSoon = useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(
      () => {
        timer.current = undefined;
        void load();
      },
      Math.max(0, lastLoad.current + RELOAD_AT_MOST_EVERY_MS - Date.now()),
    );
  }, [load]);
  useEffect(() => {
    void load();
  }, [load, generation]);
  useEffect(() => {
    const every = window.setInterval(() => void load(), RELOAD_EVERY_MS);
    return () => {
      window.clearInterval(every);
      window.clearTimeout(timer.current);
    };
  }, [load]);
  useCaseEvents(reloadSoon);
  useHotspotEvents(reloadSoon);

  const body = data ? (
    <>
      {error && <LoadFailed what="全市态势" reason={error} onRetry={() => void load()} compact />}
      <Picture data={data} wall={wall} />
    </>
  ) : error ? (
    <LoadFailed what="全市态势" reason={error} onRetry={() => void load()} />
  ) : (
    <Spin size="large" className="page-spin" />
  );
  if (!wall) return <div className="page situation">{body}</div>;
  return (
    <ConfigProvider theme={WALL_THEME}>
      <div className="situation wall" data-testid="wall">
        {body}
      </div>
    </ConfigProvider>
  );
}

function Picture({ data, wall }: { data: Overview; wall: boolean }) {
  const navigate = useNavigate();
  const live = useLiveState();
  const today = sum(data.intakeByHour);
  const usual = Math.round(sum(data.intakeByHourBaseline));
  const open = sum(Object.values(data.byStatus));
  const overdue = sum(data.overdueByDepartment.map((d) => d.count)) + data.overdueAtCentre;
  const ink = wall ? '#dbe7ff' : '#1f2937';
  const faint = wall ? 'rgba(219, 231, 255, 0.55)' : '#8c8c8c';
  const big = wall ? 18 : 12;

  const enterWall = () => {
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
    navigate('/situation/wall');
  };
  const leaveWall = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    navigate('/situation');
  };

  const mapOption = useMemo<DashboardOption>(() => {
    const max = Math.max(1, ...data.byRegion.map((r) => r.count));
    return {
      tooltip: { trigger: 'item', formatter: (p: { name: string; value?: number }) => `${p.name}：今日 ${Number.isFinite(p.value) ? p.value : 0} 件` },
      visualMap: {
        min: 0,
        max,
        left: 8,
        bottom: 8,
        text: ['多', '少'],
        calculable: false,
        itemHeight: wall ? 160 : 100,
        textStyle: { color: ink, fontSize: big },
        inRange: { color: wall ? ['#12325e', '#2f6fd6', '#ffb020', '#ff4d4f'] : ['#e6f0ff', '#69a1ff', '#ffb020', '#e8402f'] },
      },
      series: [
        {
          type: 'map',
          map: QINGYUAN_MAP,
          roam: false,
          aspectScale: 0.92,
          label: { show: true, color: ink, fontSize: big, formatter: (p: { name: string; value?: number }) => `${p.name.replace(/壮族瑶族自治县|瑶族自治县/, '')}\n${Number.isFinite(p.value) ? p.value : 0}` },
          itemStyle: { borderColor: wall ? '#6fa8ff' : '#ffffff', borderWidth: 1 },
          emphasis: { label: { color: ink }, itemStyle: { areaColor: '#ffd666' } },
          data: data.byRegion.map((r) => ({ name: COUNTY_NAMES.get(r.regionCode) ?? r.name, value: r.count })),
        },
      ],
    };
  }, [data.byRegion, wall, ink, big]);

  const hourOption = useMemo<DashboardOption>(
    () => ({
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { color: ink, fontSize: big } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.intakeByHour.map((_, h) => `${h}时`), axisLabel: { color: faint, fontSize: big - 2 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: faint, fontSize: big - 2 }, splitLine: { lineStyle: { color: wall ? 'rgba(255,255,255,0.08)' : '#f0f0f0' } } },
      series: [
        { name: '今日', type: 'bar', data: data.intakeByHour, itemStyle: { color: '#2f6fd6' }, barMaxWidth: 18 },
        { name: '近四周同日均值', type: 'line', data: data.intakeByHourBaseline, smooth: true, symbol: 'none', lineStyle: { color: '#ffb020', width: 2 } },
      ],
    }),
    [data.intakeByHour, data.intakeByHourBaseline, wall, ink, faint, big],
  );

  const statusOption = useMemo<DashboardOption>(() => {
    const entries = Object.entries(data.byStatus) as [keyof typeof STATUS_LABELS, number][];
    return {
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: entries.map(([s]) => STATUS_LABELS[s]), axisTick: { show: false }, axisLabel: { color: ink, fontSize: big } },
      series: [{ type: 'bar', data: entries.map(([, n]) => n), label: { show: true, position: 'right', color: ink, fontSize: big }, itemStyle: { color: '#3aa0ff' }, barMaxWidth: 22 }],
    };
  }, [data.byStatus, ink, big]);

  const channelOption = useMemo<DashboardOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, textStyle: { color: ink, fontSize: big - 2 } },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '44%'],
          label: { color: ink, fontSize: big - 2, formatter: '{b} {c}' },
          data: (Object.entries(data.byChannel) as [Channel, number][]).filter(([, n]) => n > 0).map(([c, n]) => ({ name: CHANNEL_LABELS[c], value: n })),
        },
      ],
    }),
    [data.byChannel, ink, big],
  );

  const overdueOption = useMemo<DashboardOption>(() => {
    const top = data.overdueByDepartment.slice(0, 8);
    return {
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: top.map((d) => d.name), axisTick: { show: false }, axisLabel: { color: ink, fontSize: big - 2, width: wall ? 220 : 150, overflow: 'truncate' } },
      series: [{ type: 'bar', data: top.map((d) => d.count), label: { show: true, position: 'right', color: ink, fontSize: big }, itemStyle: { color: '#e8402f' }, barMaxWidth: 20 }],
    };
  }, [data.overdueByDepartment, ink, big, wall]);

  // The wall fills the screen exactly: two rows of cards under the figures, the map down both.
  const tall = wall ? 'calc(50vh - 196px)' : 300;
  const low = wall ? 'calc(50vh - 196px)' : 220;
  return (
    <>
      <div className="situation-head">
        <h1>
          {wall && <span className="brand-badge large">12345</span>} 清远市 12345 全市态势
        </h1>
        <span className="situation-date">
          {data.date} · 数据时间 {formatTime(data.at)} <Badge status={live === 'live' ? 'success' : 'default'} text={live === 'live' ? '实时' : '连接中'} />
        </span>
        {wall ? (
          <Button icon={<FullscreenExitOutlined />} onClick={leaveWall}>
            退出大屏
          </Button>
        ) : (
          <Button type="primary" icon={<ExpandOutlined />} onClick={enterWall}>
            大屏模式
          </Button>
        )}
      </div>
      <div className="kpis">
        <Kpi testId="kpi-today" label="今日受理" value={today} hint={`近四周同日均值 ${usual}`} />
        <Kpi testId="kpi-open" label="在办工单" value={open} hint={`待派单 ${data.byStatus.received} · 办理中 ${data.byStatus.in_progress}`} />
        <Kpi testId="kpi-overdue" label="超时在办" value={overdue} hint={`其中中心待派 ${data.overdueAtCentre}`} alarm={overdue > 0} />
        <Kpi testId="kpi-hotspots" label="活跃热点" value={data.activeHotspots.length} hint="同类诉求短时集中" alarm={data.activeHotspots.length > 0} />
      </div>
      <div className="situation-grid">
        <Card title="各区县今日受理" className="span-map" size="small">
          <DashboardChart option={mapOption} height={wall ? 'calc(100vh - 310px)' : 460} testId="situation-map" />
        </Card>
        <Card title="今日分时受理（对比近四周同日）" size="small" className="span-hours">
          <DashboardChart option={hourOption} height={tall} testId="situation-hours" />
        </Card>
        <Card title={<><FireOutlined /> 活跃热点</>} size="small">
          <Hotspots hotspots={data.activeHotspots} wall={wall} height={tall} />
        </Card>
        <Card title="在办工单状态" size="small">
          <DashboardChart option={statusOption} height={low} testId="situation-status" />
        </Card>
        <Card title="受理渠道" size="small">
          <DashboardChart option={channelOption} height={low} testId="situation-channels" />
        </Card>
        <Card title={<><AlertOutlined /> 超时在办（按承办单位）</>} size="small" className="span-wide">
          {data.overdueByDepartment.length ? (
            <DashboardChart option={overdueOption} height={wall ? low : 240} testId="situation-overdue" />
          ) : (
            <Empty description="暂无超时工单" image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ height: wall ? low : undefined }} />
          )}
        </Card>
      </div>
    </>
  );
}

function Kpi({ label, value, hint, alarm, testId }: { label: string; value: number; hint: string; alarm?: boolean; testId: string }) {
  return (
    <div className={`kpi${alarm ? ' alarm' : ''}`} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value.toLocaleString('zh-CN')}</div>
      <div className="kpi-hint">{hint}</div>
    </div>
  );
}

function Hotspots({ hotspots, wall, height }: { hotspots: Hotspot[]; wall: boolean; height: number | string }) {
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  if (hotspots.length === 0) return <Empty description="暂无热点" image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ height }} />;
  const makeIncident = async (h: Hotspot) => {
    setBusy(h.id);
    try {
      const incident = await api.createIncident({ title: `${h.regionName}${h.categoryName}集中反映`, hotspotId: h.id });
      navigate(`/incidents/${incident.id}`);
    } catch (e) {
      message.error(describeError(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <ul className="hotspots" style={{ height }} data-testid="hotspots">
      {hotspots.map((h) => (
        <li key={h.id}>
          <div className="hotspot-title">
            <Tag color="red">{h.count} 件</Tag> {h.regionName} · {h.categoryName}
          </div>
          <div className="hotspot-meta">
            {formatTime(h.detectedAt)} 发现 · 平常同时段约 {h.baseline.toFixed(1)} 件
          </div>
          {!wall &&
            (h.incidentId ? (
              <Button size="small" onClick={() => navigate(`/incidents/${h.incidentId}`)}>
                查看事件
              </Button>
            ) : user.role === 'supervisor' ? (
              <Button size="small" type="primary" danger loading={busy === h.id} onClick={() => void makeIncident(h)}>
                立为事件
              </Button>
            ) : null)}
        </li>
      ))}
    </ul>
  );
}
