import { Alert, Form, Radio, Switch } from 'antd';
import { SATISFACTION_LABELS } from '../../shared/labels';
import type { Satisfaction } from '../../shared/types';
import { TemplatePicker } from '../components/TemplatePicker';
import { defineAction, type FieldsProps } from './action';
import { longText, marked, optional } from './fields';

interface CallbackValues {
  satisfaction: Satisfaction;
  resolved?: boolean;
  note?: string;
}

function CallbackFields({ c, form }: FieldsProps) {
  return (
    <>
      <Form.Item name="satisfaction" label="市民评价" rules={[{ required: true, message: '请选择市民的评价' }]}>
        <Radio.Group optionType="button" options={Object.entries(SATISFACTION_LABELS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="resolved" label="问题是否解决" valuePropName="checked">
        <Switch checkedChildren="已解决" unCheckedChildren="未解决" />
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {({ getFieldValue }) =>
          getFieldValue('satisfaction') === 'unsatisfied' &&
          !getFieldValue('resolved') && <Alert type="warning" showIcon className="form-alert" title="不满意且未解决：工单将退回原承办单位重办。" />
        }
      </Form.Item>
      <Form.Item name="note" label={<span>{marked('回访记录', 'internal')} <TemplatePicker form={form} field="note" categoryCode={c.categoryCode} /></span>}>
        {longText()}
      </Form.Item>
    </>
  );
}

/** The centre records the citizen's answer to the callback. */
export const callbackAction = defineAction({
  verb: 'callback',
  id: 'callback',
  label: '回访',
  title: '回访市民',
  Fields: CallbackFields,
  initial: () => ({ resolved: true }),
  body: (v: CallbackValues) => ({ satisfaction: v.satisfaction, resolved: Boolean(v.resolved), note: optional(v.note) }),
  done: '回访已登记',
});
