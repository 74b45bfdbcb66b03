import { Alert, Form, InputNumber } from 'antd';
import { formatTime } from '../../shared/time';
import { defineAction, type FieldsProps } from './action';
import { longText, marked, required } from './fields';

interface ExtensionValues {
  workingDays: number;
  reason: string;
}

function ExtensionFields({ c }: FieldsProps) {
  return (
    <>
      <Alert type="info" showIcon className="form-alert" title={`当前答复时限：${formatTime(c.replyDeadline)}。延期须经督办员批准，每件工单最多批准两次。`} />
      <Form.Item name="workingDays" label="申请延长（工作日）" rules={[{ required: true, message: '请填写天数' }]}>
        <InputNumber min={1} max={60} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="reason" label={marked('延期理由', 'internal')} rules={required('请填写延期理由')}>
        {longText()}
      </Form.Item>
    </>
  );
}

/** The owning dept_lead asks a supervisor for more working days to reply. */
export const extensionAction = defineAction({
  verb: 'extension',
  id: 'requestExtension',
  label: '申请延期',
  title: '申请延期',
  Fields: ExtensionFields,
  initial: () => ({ workingDays: 5 }),
  body: (v: ExtensionValues) => ({ workingDays: Number(v.workingDays), reason: v.reason.trim() }),
  done: '延期申请已提交',
});
