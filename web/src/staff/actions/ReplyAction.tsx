import { Form, Input, Radio } from 'antd';
import { RESOLUTION_LABELS } from '../../shared/labels';
import type { Resolution } from '../../shared/types';
import { TemplatePicker } from '../components/TemplatePicker';
import { defineAction, type FieldsProps } from './action';
import { longText, marked, optional, required } from './fields';

interface ReplyValues {
  resolution: Resolution;
  content: string;
  reason?: string;
}

function ReplyFields({ c, form }: FieldsProps) {
  return (
    <>
      <Form.Item name="resolution" label="办理结果" rules={[{ required: true, message: '请选择办理结果' }]}>
        <Radio.Group optionType="button" options={Object.entries(RESOLUTION_LABELS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item
        name="content"
        label={<span>{marked('答复内容', 'citizen')} <TemplatePicker form={form} field="content" categoryCode={c.categoryCode} /></span>}
        rules={required('请填写答复内容')}
      >
        <Input.TextArea autoSize={{ minRows: 5, maxRows: 12 }} maxLength={10000} showCount />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.resolution !== b.resolution}>
        {({ getFieldValue }) =>
          getFieldValue('resolution') === 'unresolvable' && (
            <Form.Item name="reason" label={marked('无法解决的原因', 'internal')} rules={required('请说明无法解决的原因')}>
              {longText()}
            </Form.Item>
          )
        }
      </Form.Item>
    </>
  );
}

/** The owning department answers the citizen. */
export const replyAction = defineAction({
  verb: 'reply',
  id: 'reply',
  label: '答复',
  title: '答复市民',
  Fields: ReplyFields,
  initial: () => ({ resolution: 'resolved' as const }),
  body: (v: ReplyValues) => ({ content: v.content.trim(), resolution: v.resolution, reason: optional(v.reason) }),
  done: '已答复',
});
