/**
 * 工作日历: a whole year as twelve month grids, the State Council's holidays (休) and make-up working
 * days (班) marked with their names. A click on a date opens a small form: a day off, a working day, or
 * back to the default (weekdays on, weekends off). A year with nothing entered is flagged: its working-day
 * deadlines then ignore holidays until the admin enters the official schedule.
 */
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Calendar, Card, Col, Form, Input, Modal, Radio, Row, Select, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { describeError } from '../../shared/http';
import { shanghai } from '../../shared/time';
import type { CalendarDay, CalendarYear, DayKind } from '../../shared/types';
import { api } from '../api';

/** How a date shows: an official-style day off, a make-up working day, a plain weekend or a plain weekday. */
type Mark = 'holiday' | 'makeup' | 'weekend' | 'workday';

const isWeekend = (date: string) => [0, 6].includes(dayjs(date).day());

function markOf(day: CalendarDay): Mark {
  const weekend = isWeekend(day.date);
  if (day.kind === 'holiday') return weekend && !day.name ? 'weekend' : 'holiday';
  return weekend ? 'makeup' : 'workday';
}

const MARK_LABELS: Record<Mark, string> = {
  holiday: '放假',
  makeup: '调休上班',
  weekend: '周末休息',
  workday: '工作日',
};
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const MONTHS = Array.from({ length: 12 }, (_, i) => i);

/** The year's dates that differ from an ordinary weekday or weekend, in runs: `1–7日 国庆节 休`. */
function runsOf(days: CalendarDay[]): { from: string; to: string; mark: Mark; name?: string }[] {
  const runs: { from: string; to: string; mark: Mark; name?: string }[] = [];
  for (const day of days) {
    const mark = markOf(day);
    if (mark !== 'holiday' && mark !== 'makeup') continue;
    const prev = runs[runs.length - 1];
    if (prev && prev.mark === mark && prev.name === day.name && dayjs(prev.to).add(1, 'day').format('YYYY-MM-DD') === day.date) prev.to = day.date;
    else runs.push({ from: day.date, to: day.date, mark, name: day.name });
  }
  return runs;
}

export default function CalendarPage() {
  const thisYear = shanghai().year();
  const [year, setYear] = useState(thisYear);
  const [days, setDays] = useState<CalendarDay[] | null>(null);
  const [status, setStatus] = useState<CalendarYear | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<CalendarDay | null>(null);

  const load = useCallback(async (y: number) => {
    try {
      const [range, yearStatus] = await Promise.all([api.admin.calendar(`${y}-01-01`, `${y}-12-31`), api.admin.calendarYear(y)]);
      setDays(range);
      setStatus(yearStatus);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, []);

  useEffect(() => {
    setDays(null);
    setStatus(null);
    void load(year);
  }, [year, load]);

  const byDate = useMemo(() => new Map((days ?? []).map((d) => [d.date, d])), [days]);
  const today = shanghai().format('YYYY-MM-DD');
  const years = Array.from({ length: 7 }, (_, i) => thisYear - 3 + i);
  if (!years.includes(year)) years.push(year);

  const cell = (date: Dayjs, month: number) => {
    if (date.month() !== month) return <div className="cal-cell cal-outside" />;
    const key = date.format('YYYY-MM-DD');
    const day = byDate.get(key);
    const mark = day ? markOf(day) : 'workday';
    const title = [`${key} ${WEEKDAYS[date.day()]}`, MARK_LABELS[mark], day?.name].filter(Boolean).join(' · ');
    return (
      <div className={`cal-cell cal-${mark}${key === today ? ' cal-today' : ''}`} data-date={key} data-mark={mark} title={title}>
        {mark === 'holiday' && <span className="cal-badge">休</span>}
        {mark === 'makeup' && <span className="cal-badge">班</span>}
        <span className="cal-num">{date.date()}</span>
        {day?.name && <span className="cal-name">{day.name.slice(0, 3)}</span>}
      </div>
    );
  };

  return (
    <div className="page calendar-page">
      <div className="page-head">
        <h1>工作日历</h1>
        <span className="page-sub">“个工作日”的时限按此日历计算：周末和法定节假日休息，调休日上班。点击日期可修改</span>
      </div>
      <div className="filters calendar-bar">
        <Space wrap>
          <Button icon={<LeftOutlined />} aria-label="上一年" onClick={() => setYear((y) => y - 1)} />
          <Select
            aria-label="年份"
            value={year}
            onChange={setYear}
            options={years.sort((a, b) => a - b).map((y) => ({ value: y, label: `${y} 年` }))}
            style={{ width: 110 }}
          />
          <Button icon={<RightOutlined />} aria-label="下一年" onClick={() => setYear((y) => y + 1)} />
          {status?.loaded && <Typography.Text type="secondary">已录入 {status.entries} 个放假或调休日期</Typography.Text>}
        </Space>
        <Space className="cal-legend" wrap>
          <span className="cal-legend-item cal-holiday">休 放假</span>
          <span className="cal-legend-item cal-makeup">班 调休上班</span>
          <span className="cal-legend-item cal-weekend">周末</span>
          <span className="cal-legend-item cal-today">今天</span>
        </Space>
      </div>
      {status && !status.loaded && (
        <Alert
          className="form-alert calendar-warning"
          type="warning"
          showIcon
          title={`${year} 年尚未录入法定节假日安排`}
          description="目前按周一至周五上班、周末休息计算工作日时限，节假日期间也会计时。请按国务院办公厅发布的当年部分节假日安排通知（通常于上一年 11 月前后公布），逐日点击日期标记放假日和调休上班日。"
        />
      )}
      {error && <Alert className="form-alert" type="error" showIcon title={error} />}
      {!days ? (
        <Spin size="large" className="page-spin" />
      ) : (
        <Row gutter={[12, 12]}>
          {MONTHS.map((month) => {
            const first = dayjs(new Date(year, month, 1));
            const runs = runsOf(days.filter((d) => Number(d.date.slice(5, 7)) === month + 1));
            return (
              <Col key={`${year}-${month}`} xs={24} sm={12} lg={8} xl={6}>
                <Card size="small" title={`${month + 1} 月`} className="cal-month" data-month={month + 1}>
                  <Calendar
                    fullscreen={false}
                    value={first}
                    headerRender={() => null}
                    fullCellRender={(date, info) => (info.type === 'date' ? cell(date, month) : info.originNode)}
                    onSelect={(date, { source }) => {
                      if (source !== 'date' || date.month() !== month) return;
                      const key = date.format('YYYY-MM-DD');
                      setEditing(byDate.get(key) ?? { date: key, kind: isWeekend(key) ? 'holiday' : 'workday' });
                    }}
                  />
                  <ul className="cal-runs">
                    {runs.map((r) => (
                      <li key={r.from} className={`cal-run-${r.mark}`}>
                        {dayjs(r.from).date()}
                        {r.to !== r.from && `–${dayjs(r.to).date()}`}日 {r.mark === 'holiday' ? '休' : '班'}
                        {r.name && ` · ${r.name}`}
                      </li>
                    ))}
                  </ul>
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      <DayDialog
        day={editing}
        onClose={() => setEditing(null)}
        onSaved={async () => {
          setEditing(null);
          await load(year);
        }}
      />
    </div>
  );
}

type Choice = DayKind | 'default';

function DayDialog({ day, onClose, onSaved }: { day: CalendarDay | null; onClose(): void; onSaved(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ choice: Choice; name?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const choice = Form.useWatch('choice', form);

  const weekend = day ? isWeekend(day.date) : false;
  const mark = day ? markOf(day) : 'workday';
  // A plain weekday or weekend, nameless, is the default; anything else was entered (officially or by an admin).
  const isDefault = day ? !day.name && (mark === 'workday' || mark === 'weekend') : true;

  // Before the browser paints the opened dialog, so nothing typed into it can be overwritten.
  useLayoutEffect(() => {
    if (!day) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ choice: isDefault ? 'default' : day.kind, name: day.name });
  }, [day, form, isDefault]);

  const submit = async ({ choice, name }: { choice: Choice; name?: string }) => {
    if (!day) return;
    setBusy(true);
    setError(null);
    try {
      if (choice === 'default') await api.admin.resetCalendarDay(day.date);
      else await api.admin.setCalendarDay(day.date, { kind: choice, ...(name?.trim() ? { name: name.trim() } : {}) });
      message.success(`${day.date} 已更新`);
      onSaved();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={day !== null}
      title={day ? `${day.date}（${WEEKDAYS[dayjs(day.date).day()]}）` : ''}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={440}
      forceRender
    >
      {day && (
        <Typography.Paragraph type="secondary" className="cal-current">
          当前：{MARK_LABELS[mark]}
          {day.name ? ` · ${day.name}` : ''}
          {isDefault ? '（默认）' : ''}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="choice" label="这一天">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'holiday', label: '放假（休）' },
              { value: 'workday', label: '上班（班）' },
              { value: 'default', label: weekend ? '恢复默认（周末休息）' : '恢复默认（工作日）' },
            ]}
          />
        </Form.Item>
        {choice !== 'default' && (
          <Form.Item name="name" label="名称" extra="如“国庆节”“春节调休”，显示在日历上" rules={[{ max: 100, message: '最多 100 个字' }]}>
            <Input placeholder="国庆节" allowClear />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
