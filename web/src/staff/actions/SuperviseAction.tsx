import { Alert, Form } from 'antd';
import { defineAction } from './action';
import { longText, marked, required } from './fields';

interface SuperviseValues {
  note: string;
  requirement: string;
}

function SuperviseFields() {
  return (
    <>
      <Alert type="warning" showIcon className="form-alert" title="督办事项将在“督办公开”栏目向社会公布（不含市民信息）。" />
      <Form.Item name="note" label={marked('督办事实', 'public')} rules={required('请写明督办的事实')}>
        {longText()}
      </Form.Item>
      <Form.Item name="requirement" label={marked('整改要求', 'public')} rules={required('请写明整改要求')}>
        {longText()}
      </Form.Item>
    </>
  );
}

/** A supervisor flags the case for supervision (督办); the facts and requirement are published. */
export const superviseAction = defineAction({
  verb: 'supervise',
  id: 'supervise',
  label: '督办',
  title: '督办',
  danger: true,
  Fields: SuperviseFields,
  body: (v: SuperviseValues) => ({ note: v.note.trim(), requirement: v.requirement.trim() }),
  done: '已督办',
});
