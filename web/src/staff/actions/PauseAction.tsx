import { Alert, Form, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { PAUSE_REASON_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/time';
import { LazyDatePicker } from '../components/LazyControls';
import type { PauseReason } from '../../shared/types';
import { defineAction, type FieldsProps } from './action';
import { longText, required } from './fields';

interface PauseValues {
  reason: PauseReason;
  note: string;
  until?: Dayjs;
}

const REASONS = Object.entries(PAUSE_REASON_LABELS).map(([value, label]) => ({ value, label }));

function PauseFields({ c }: FieldsProps) {
  return (
    <>
      <Alert
        type="info"
        showIcon
        className="form-alert"
        title={`当前答复时限：${formatTime(c.replyDeadline)}。挂起须经督办员批准，批准后计时暂停，恢复后时限按暂停的工作日顺延；每件最多批准两次，已超期的工单不能挂起。`}
      />
      <Form.Item name="reason" label="挂起原因（市民可见其类别）" rules={[{ required: true, message: '请选择挂起原因' }]}>
        <Select options={REASONS} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name="note" label="具体情况（内部）" rules={required('请说明具体情况')}>
        {longText()}
      </Form.Item>
      <Form.Item name="until" label="预计恢复时间（到时自动恢复，可不填）">
        <LazyDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
      </Form.Item>
    </>
  );
}

/** 挂起: the owning dept_lead asks a supervisor to stop the reply clock. */
export const pauseAction = defineAction({
  verb: 'pause',
  id: 'requestPause',
  label: '申请挂起',
  title: '申请挂起（暂停计时）',
  Fields: PauseFields,
  body: (v: PauseValues) => ({ reason: v.reason, note: v.note.trim(), until: v.until ? v.until.toISOString() : undefined }),
  done: '挂起申请已提交',
});
