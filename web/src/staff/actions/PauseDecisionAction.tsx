import { Descriptions, Form, Radio } from 'antd';
import { PAUSE_REASON_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/time';
import { defineAction, type FieldsProps } from './action';
import { longText, optional } from './fields';

interface DecisionValues {
  approve: boolean;
  note?: string;
}

function PauseDecisionFields({ c }: FieldsProps) {
  const request = c.pause;
  return (
    <>
      {request && (
        <Descriptions size="small" column={1} bordered className="form-alert">
          <Descriptions.Item label="挂起原因">{PAUSE_REASON_LABELS[request.reason]}</Descriptions.Item>
          <Descriptions.Item label="具体情况">{request.note}</Descriptions.Item>
          <Descriptions.Item label="预计恢复">{request.until ? formatTime(request.until) : '未定（手动恢复）'}</Descriptions.Item>
          <Descriptions.Item label="申请时间">{formatTime(request.requestedAt)}</Descriptions.Item>
          <Descriptions.Item label="当前答复时限">{formatTime(c.replyDeadline)}</Descriptions.Item>
        </Descriptions>
      )}
      <Form.Item name="approve" label="审批意见" rules={[{ required: true }]}>
        <Radio.Group optionType="button" options={[{ value: true, label: '批准挂起' }, { value: false, label: '不批准' }]} />
      </Form.Item>
      <Form.Item name="note" label="说明（内部）">
        {longText()}
      </Form.Item>
    </>
  );
}

/** A supervisor approves (the clock stops now) or refuses a pause request. */
export const pauseDecisionAction = defineAction({
  verb: 'pause/decision',
  id: 'decidePause',
  label: '审批挂起',
  title: '审批挂起申请',
  Fields: PauseDecisionFields,
  initial: () => ({ approve: true }),
  body: (v: DecisionValues) => ({ approve: Boolean(v.approve), note: optional(v.note) }),
  done: '已审批',
});
