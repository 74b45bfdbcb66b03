import { Alert, Form } from 'antd';
import { DepartmentPicker } from '../components/pickers';
import { defineAction, type FieldsProps } from './action';
import { longText, marked, optional, PublicNoteField, required } from './fields';

interface DecideOwnerValues {
  departmentId: string;
  note: string;
  publicNote?: string;
}

function DecideOwnerFields({ c }: FieldsProps) {
  return (
    <>
      <Alert
        type="warning"
        showIcon
        className="form-alert"
        title={`该工单已被退回 ${c.returnCount} 次。裁定后由所选单位承办，且不得再退单。`}
      />
      <Form.Item name="departmentId" label="裁定承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
        <DepartmentPicker />
      </Form.Item>
      <Form.Item name="note" label={marked('裁定理由', 'internal')} rules={required('请填写裁定理由')}>
        {longText()}
      </Form.Item>
      <PublicNoteField placeholder="可不填。如：经协调，您反映的问题由市住房和城乡建设局负责办理。" />
    </>
  );
}

/** A supervisor names the final owner of a disputed case. */
export const decideOwnerAction = defineAction({
  verb: 'decide-owner',
  id: 'decideOwner',
  label: '裁定承办单位',
  title: '裁定承办单位',
  Fields: DecideOwnerFields,
  initial: (c) => ({ departmentId: c.suggestedDepartment?.departmentId }),
  body: (v: DecideOwnerValues) => ({ departmentId: v.departmentId, note: v.note.trim(), publicNote: optional(v.publicNote) }),
  done: '已裁定',
});
