import { Form, Input } from 'antd';
import { defineAction } from './action';
import { marked, required } from './fields';

function NoteFields() {
  return (
    <Form.Item name="content" label={marked('备注内容', 'internal')} rules={required('请填写备注内容')}>
      <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={10000} showCount />
    </Form.Item>
  );
}

/** An internal note on the timeline: staff only, never the citizen. */
export const notesAction = defineAction({
  verb: 'notes',
  id: 'note',
  label: '备注',
  title: '添加内部备注',
  Fields: NoteFields,
  body: (v: { content: string }) => ({ content: v.content.trim() }),
  done: '备注已添加',
});
