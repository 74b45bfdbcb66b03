import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Segmented, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { describeError } from '../../shared/http';
import { shanghai } from '../../shared/time';
import type { DepartmentFigures } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { EChart, type EChartOption } from '../components/EChart';

type Metric = 'score' | 'received' | 'satisfactionRate' | 'resolutionRate' | 'signOnTimeRate' | 'replyOnTimeRate' | 'overdueOpen';

const METRICS: Record<Metric, { label: string; rate: boolean }> = {
  score: { label: '综合得分', rate: false },
  received: { label: '受理量', rate: false },
  satisfactionRate: { label: '满意率', rate: true },
  resolutionRate: { label: '解决率', rate: true },
  signOnTimeRate: { label: '按时签收率', rate: true },
  replyOnTimeRate: { label: '按时答复率', rate: true },
  overdueOpen: { label: '超时在办', rate: false },
};

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
    const data = (rows ?? []).filter((r) => r.received > 0).map((r) => ({ name: r.name, value: r[metric] })).sort((a, b) => (a.value ?? -1) - (b.value ?? -1));
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
    { title: '按时签收率', dataIndex: 'signOnTimeRate', align: 'right', width: 105, render: pct },
    { title: '按时答复率', dataIndex: 'replyOnTimeRate', align: 'right', width: 105, render: pct },
    { title: '解决率', dataIndex: 'resolutionRate', align: 'right', width: 85, render: pct },
    { title: '满意率', dataIndex: 'satisfactionRate', align: 'right', width: 85, render: pct },
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
      render: (v: number | null) => <strong>{num(v, 2)}</strong>,
    },
  ];

  return (
    <div className="page">
      <div className="page-head">
        <h2>{user.role === 'dept_lead' ? '本单位考核' : '考核统计'}</h2>
        <span className="page-sub">按受理时间统计；上级单位含下级单位。比率分母为 0 时显示“—”</span>
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
          <EChart option={option} height={Math.max(200, (rows ?? []).filter((r) => r.received > 0).length * 36 + 48)} className="figures-chart" />
        )}
      </Card>
      <Card className="case-card" title="各单位指标">
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
