import { Form, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { DepartmentUser } from '../../shared/types';
import { api } from '../api';
import { useUser } from '../auth';
import { defineAction } from './action';

function AssignFields() {
  const user = useUser();
  const [staff, setStaff] = useState<DepartmentUser[] | null>(null);
  useEffect(() => {
    if (user.departmentId) api.departmentUsers(user.departmentId).then(setStaff, () => setStaff([]));
  }, [user.departmentId]);
  const options = (staff ?? [])
    .filter((u) => u.role === 'handler' || u.role === 'dept_lead')
    .map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));
  return (
    <Form.Item name="assigneeId" label="承办人" rules={[{ required: true, message: '请选择承办人' }]}>
      <Select showSearch={{ optionFilterProp: 'label' }} loading={!staff} options={options} placeholder="选择本单位承办人" />
    </Form.Item>
  );
}

/** The owning dept_lead gives the case to one of the department's staff. */
export const assignAction = defineAction({
  verb: 'assign',
  id: 'assign',
  label: '指派',
  title: '指派承办人',
  Fields: AssignFields,
  initial: (c) => ({ assigneeId: c.assigneeId ?? undefined }),
  body: (v: { assigneeId: string }) => ({ assigneeId: v.assigneeId }),
  done: '已指派',
});
