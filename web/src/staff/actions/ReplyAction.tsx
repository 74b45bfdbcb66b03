import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Input, Radio } from 'antd';
import { api } from '../api';
import { RESOLUTION_LABELS } from '../../shared/labels';
import type { Case, Resolution } from '../../shared/types';
import { LazyUpload } from '../components/LazyControls';
import { TemplatePicker } from '../components/TemplatePicker';
import { defineAction, type FieldsProps } from './action';
import { ACCEPTED_FILES, filesField, longText, marked, optional, type PickedFile, pickedFiles, required } from './fields';

interface ReplyValues {
  resolution: Resolution;
  content: string;
  reason?: string;
  files?: PickedFile[];
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
      <Form.Item name="files" label={marked('答复附件', 'citizen', '与答复一同公开给市民，如书面答复函 PDF')} {...filesField}>
        <LazyUpload beforeUpload={() => false} accept={ACCEPTED_FILES} maxCount={5} multiple>
          <Button icon={<UploadOutlined />}>添加附件</Button>
        </LazyUpload>
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
  // The documents go up first (internal until the reply publishes them with the answer), then the reply.
  async send(v: ReplyValues, c: Case) {
    let current = c;
    const before = new Set(c.attachments.map((a) => a.id));
    for (const file of pickedFiles(v.files)) current = await api.uploadAttachment(c.id, file, false, current.version);
    const attachmentIds = current.attachments.filter((a) => !before.has(a.id)).map((a) => a.id);
    return api.act(c.id, 'reply', {
      content: v.content.trim(),
      resolution: v.resolution,
      reason: optional(v.reason),
      ...(attachmentIds.length ? { attachmentIds } : {}),
      version: current.version,
    });
  },
  done: '已答复',
});
