import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Row, Segmented, Space, Statistic, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { describeError } from '../../shared/http';
import { shanghai } from '../../shared/time';
import type { CentreFigures, DepartmentFigures } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { EChart, type EChartOption } from '../components/EChart';
import { useLiveRefresh } from '../live';
import { LoadFailed } from '../components/LoadFailed';

type Metric = 'score' | 'received' | 'satisfactionRate' | 'resolutionRate' | 'signOnTimeRate' | 'replyOnTimeRate' | 'overdueOpen';

type Sample = keyof DepartmentFigures['samples'];

const METRICS: Record<Metric, { label: string; rate: boolean; sample?: Sample }> = {
  score: { label: '综合得分', rate: false },
  received: { label: '受理量', rate: false },
  satisfactionRate: { label: '满意率', rate: true, sample: 'satisfaction' },
  resolutionRate: { label: '解决率', rate: true, sample: 'resolution' },
  signOnTimeRate: { label: '按时签收率', rate: true, sample: 'signOnTime' },
  replyOnTimeRate: { label: '按时答复率', rate: true, sample: 'replyOnTime' },
  overdueOpen: { label: '超时在办', rate: false },
};

/** A scored rate resting on fewer cases than the server's minimum: shown as 样本不足, not as a rate. */
const thin = (r: DepartmentFigures, sample: Sample) => r.samples[sample] > 0 && r.samples[sample] < r.minSample;

/** A scored rate: the percentage, or 样本不足 (its n on hover) when too few cases stand behind it. */
function ScoredRate({ row, rate, sample }: { row: DepartmentFigures; rate: number | null; sample: Sample }) {
  const n = row.samples[sample];
  if (thin(row, sample)) {
    return (
      <Tooltip title={`仅 ${n} 件（${pct(rate)}），少于 ${row.minSample} 件不计入综合得分`}>
        <span className="thin-sample" data-sample={n}>
          样本不足
        </span>
      </Tooltip>
    );
  }
  return <Tooltip title={n > 0 ? `${n} 件` : '该时段无此类工单'}>{pct(rate)}</Tooltip>;
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
const DAY = 'YYYY-MM-DD';

/** The departments' figures (考核) for a period: table, bar chart, CSV. */
export default function FiguresPage() {
  const { message } = App.useApp();
  const user = useUser();
  const today = shanghai();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.startOf('month'), today]);
  const [rows, setRows] = useState<DepartmentFigures[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [metric, setMetric] = useState<Metric>('score');
  const [downloading, setDownloading] = useState(false);
  const from = range[0].format(DAY);
  const to = range[1].format(DAY);

  useEffect(() => {
    let live = true;
    setRows(null);
    api.figures(from, to).then(
      (r) => live && (setRows(r), setError(null)),
      (e: unknown) => live && (setError(describeError(e)), setRows([])),
    );
    return () => {
      live = false;
    };
  }, [from, to]);
  // A case event may move a count of the period (today's included): ask again, keeping the table on screen.
  const period = useRef('');
  period.current = `${from}/${to}`;
  const refresh = useCallback(
    () =>
      api.figures(from, to).then((r) => {
        if (period.current !== `${from}/${to}`) return; // another period was picked meanwhile
        setRows((prev) => (prev === null ? prev : r));
        setError(null);
      }),
    [from, to],
  );
  useLiveRefresh(refresh, { spacingMs: 3000 });
  const retry = () =>
    void api.figures(from, to).then(
      (r) => (setRows(r), setError(null)),
      (e: unknown) => setError(describeError(e)),
    );

  const download = async () => {
    setDownloading(true);
    try {
      const blob = await api.figuresCsv(from, to);
      const url = URL.createObjectURL(blob);
      const a = Object.assign(document.createElement('a'), { href: url, download: `12345-考核-${from}-${to}.csv` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      message.error(describeError(e));
    } finally {
      setDownloading(false);
    }
  };

  const option = useMemo<EChartOption>(() => {
    const m = METRICS[metric];
    // A rate on too few cases is left out of the bars (样本不足), as it is out of the score.
    const data = (rows ?? [])
      .filter((r) => r.received > 0)
      .map((r) => ({ name: r.name, value: m.sample && thin(r, m.sample) ? null : r[metric] }))
      .sort((a, b) => (a.value ?? -1) - (b.value ?? -1));
    return {
      grid: { left: 8, right: 48, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => (m.rate ? pct(v) : String(v ?? '—')) },
      xAxis: { type: 'value', max: m.rate ? 1 : undefined, axisLabel: { formatter: (v: number) => (m.rate ? `${Math.round(v * 100)}%` : String(v)) } },
      yAxis: { type: 'category', data: data.map((d) => d.name), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: m.label,
          data: data.map((d) => d.value),
          barMaxWidth: 22,
          itemStyle: { color: metric === 'overdueOpen' ? '#cf1322' : '#1557c0', borderRadius: [0, 3, 3, 0] },
          label: { show: true, position: 'right', formatter: ({ value }: { value: number | null }) => (m.rate ? pct(value) : String(value ?? '—')) },
        },
      ],
    };
  }, [rows, metric]);

  const columns: TableColumnsType<DepartmentFigures> = [
    { title: '单位', dataIndex: 'name', fixed: 'left', width: 190 },
    { title: '受理量', dataIndex: 'received', align: 'right', width: 80, sorter: (a, b) => a.received - b.received },
    { title: '按时签收率', dataIndex: 'signOnTimeRate', align: 'right', width: 105, render: (v: number | null, r) => <ScoredRate row={r} rate={v} sample="signOnTime" /> },
    { title: '按时答复率', dataIndex: 'replyOnTimeRate', align: 'right', width: 105, render: (v: number | null, r) => <ScoredRate row={r} rate={v} sample="replyOnTime" /> },
    { title: '解决率', dataIndex: 'resolutionRate', align: 'right', width: 85, render: (v: number | null, r) => <ScoredRate row={r} rate={v} sample="resolution" /> },
    { title: '满意率', dataIndex: 'satisfactionRate', align: 'right', width: 85, render: (v: number | null, r) => <ScoredRate row={r} rate={v} sample="satisfaction" /> },
    { title: '退单率', dataIndex: 'returnRate', align: 'right', width: 85, render: pct },
    { title: '重办率', dataIndex: 'reopenRate', align: 'right', width: 85, render: pct },
    { title: '超时在办', dataIndex: 'overdueOpen', align: 'right', width: 90, render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
    { title: '平均答复时长', dataIndex: 'avgReplyHours', align: 'right', width: 110, render: (v: number | null) => (v === null ? '—' : `${num(v)} 小时`) },
    {
      title: '综合得分',
      dataIndex: 'score',
      align: 'right',
      width: 95,
      fixed: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
      render: (v: number | null, r) =>
        v === null && r.received > 0 ? (
          <Tooltip title={`没有达到 ${r.minSample} 件样本的计分指标`}>
            <span className="thin-sample">样本不足</span>
          </Tooltip>
        ) : (
          <strong>{num(v, 2)}</strong>
        ),
    },
  ];

  return (
    <div className="page">
      <div className="page-head">
        <h1>{user.role === 'dept_lead' ? '本单位考核' : '考核统计'}</h1>
        <span className="page-sub">
          按受理时间统计；上级单位含下级单位。比率分母为 0 时显示“—”；样本少于 {rows?.[0]?.minSample ?? '—'} 件的比率显示“样本不足”，不计入综合得分
        </span>
      </div>
      <div className="filters">
        <Space wrap>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            presets={[
              { label: '本月', value: [today.startOf('month'), today] },
              { label: '上月', value: [today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')] },
              { label: '本年', value: [today.startOf('year'), today] },
            ]}
          />
          <Button icon={<DownloadOutlined />} onClick={download} loading={downloading}>
            导出 CSV
          </Button>
        </Space>
      </div>
      {(user.role === 'supervisor' || user.role === 'admin') && <CentreCard from={from} to={to} />}
      <Card className="case-card" title="指标对比">
        <Segmented
          className="metric-switch"
          value={metric}
          onChange={(v) => setMetric(v as Metric)}
          options={Object.entries(METRICS).map(([value, m]) => ({ value, label: m.label }))}
        />
        {rows && rows.every((r) => r.received === 0) ? (
          <Typography.Paragraph type="secondary">该时段没有受理工单。</Typography.Paragraph>
        ) : (
          <>
            {rows && (metric === 'score' || METRICS[metric].sample) && rows.every((r) => (metric === 'score' ? r.score === null : thin(r, METRICS[metric].sample!) || r[metric] === null)) && (
              <Typography.Paragraph type="secondary" className="figures-thin-note">
                各单位该项指标的样本均少于 {rows[0]?.minSample} 件（样本不足），暂不排名。
              </Typography.Paragraph>
            )}
            <EChart option={option} height={Math.max(200, (rows ?? []).filter((r) => r.received > 0).length * 36 + 48)} className="figures-chart" />
          </>
        )}
      </Card>
      <Card className="case-card" title="各单位指标">
        {error && <LoadFailed what="各单位指标" reason={error} onRetry={retry} compact />}
        <Table<DepartmentFigures>
          rowKey="departmentId"
          size="middle"
          columns={columns}
          dataSource={rows ?? []}
          loading={rows === null}
          pagination={false}
          sticky
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: error ?? '该时段没有数据' }}
        />
      </Card>
    </div>
  );
}

/**
 * The 12345 centre's own figures for the same period (GET /api/stats/centre): what it answered itself
 * (直办), how well it dispatched, what it merged, transferred and did not accept.
 */
function CentreCard({ from, to }: { from: string; to: string }) {
  const [f, setFigures] = useState<CentreFigures | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setFigures(null);
    api.centreFigures(from, to).then(
      (r) => live && (setFigures(r), setError(null)),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [from, to]);
  const period = useRef('');
  period.current = `${from}/${to}`;
  const refresh = useCallback(
    () =>
      api.centreFigures(from, to).then((r) => {
        if (period.current === `${from}/${to}`) setFigures((prev) => (prev === null ? prev : r));
      }),
    [from, to],
  );
  useLiveRefresh(refresh, { spacingMs: 3000 });
  const stat = (title: string, tip: string, value: string | number) => (
    <Col xs={12} md={8} xl={4}>
      <Tooltip title={tip}>
        <Statistic title={title} value={value} loading={f === null && !error} />
      </Tooltip>
    </Col>
  );
  return (
    <Card className="case-card centre-figures" title="12345 中心指标" extra={<span className="page-sub">按受理时间统计</span>}>
      {error && (
        <LoadFailed
          what="中心指标"
          reason={error}
          compact
          onRetry={() =>
            void api.centreFigures(from, to).then(
              (r) => (setFigures(r), setError(null)),
              (e: unknown) => setError(describeError(e)),
            )
          }
        />
      )}
      <Row gutter={[16, 16]}>
        {stat('受理量', '该时段受理的全部工单', f?.received ?? 0)}
        {stat('直接答复', '中心直接答复办结（直办）的工单；直办率 = 直接答复 ÷ 受理量', f ? `${f.answeredOnTheSpot}（${pct(f.directAnswerRate)}）` : '—')}
        {stat('派单量', '中心派出（含规则自动派单、督办裁定）的工单', f?.dispatched ?? 0)}
        {stat('派单准确率', '派出后没有成立退单的工单 ÷ 派单量（退单被驳回不计）', f ? pct(f.dispatchAccuracyRate) : '—')}
        {stat('合并办理', '作为重复诉求并入在办工单', f?.merged ?? 0)}
        {stat('不予受理', '中心以不予受理办结', f?.notAccepted ?? 0)}
        {stat('转 110', '转交公安 110', f?.transferred['110'] ?? 0)}
        {stat('转 119', '转交消防 119', f?.transferred['119'] ?? 0)}
        {stat('转 120', '转交急救 120', f?.transferred['120'] ?? 0)}
        {stat('转 122', '转交交通事故 122', f?.transferred['122'] ?? 0)}
      </Row>
    </Card>
  );
}
