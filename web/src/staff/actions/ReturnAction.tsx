import { Alert, Form } from 'antd';
import { DepartmentPicker } from '../components/pickers';
import { defineAction, type FieldsProps } from './action';
import { longText, marked, required } from './fields';

interface ReturnValues {
  reason: string;
  suggestedDepartmentId?: string;
}

function ReturnFields({ c }: FieldsProps) {
  return (
    <>
      <Alert type="warning" showIcon className="form-alert" title="退单须在派单后 2 个工作日内提出，并说明理由。" />
      <Form.Item name="reason" label={marked('退单理由', 'internal')} rules={required('请填写退单理由')}>
        {longText()}
      </Form.Item>
      <Form.Item name="suggestedDepartmentId" label="建议承办单位">
        <DepartmentPicker exclude={c.owner.departmentId ? [c.owner.departmentId] : []} placeholder="可选：您认为应由哪个单位办理" />
      </Form.Item>
    </>
  );
}

/** The owning department gives the case back to whoever dispatched it, saying why. */
export const returnAction = defineAction({
  verb: 'return',
  id: 'return',
  label: '退单',
  title: '退单',
  danger: true,
  Fields: ReturnFields,
  body: (v: ReturnValues) => ({ reason: v.reason.trim(), suggestedDepartmentId: v.suggestedDepartmentId }),
  done: '已退单',
});
