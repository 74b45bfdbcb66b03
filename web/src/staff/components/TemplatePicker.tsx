/**
 * 常用语: the user's department's reply templates and the centre's, inserted into a text field of a
 * form (reply, callback, close). Read once per page load.
 */
import { SnippetsOutlined } from '@ant-design/icons';
import { Button, Dropdown, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import type { ReplyTemplate } from '../../shared/types';
import { api } from '../api';

let cached: Promise<ReplyTemplate[]> | null = null;
export const loadTemplates = () => (cached ??= api.replyTemplates().catch((e: unknown) => ((cached = null), Promise.reject(e))));
/** After a change on the templates page. */
export const forgetTemplates = () => void (cached = null);

export function TemplatePicker({ form, field, categoryCode }: { form: FormInstance; field: string; categoryCode?: string | null }) {
  const [templates, setTemplates] = useState<ReplyTemplate[]>([]);
  useEffect(() => {
    let live = true;
    loadTemplates().then((t) => live && setTemplates(t), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  // Templates for the case's category (or its parent) first, then the rest.
  const fits = (t: ReplyTemplate) => t.categoryCodes.length === 0 || (!!categoryCode && t.categoryCodes.some((c) => categoryCode === c || categoryCode.startsWith(`${c}.`)));
  const sorted = [...templates].sort((a, b) => Number(fits(b)) - Number(fits(a)));
  const insert = (t: ReplyTemplate) => {
    const current = String(form.getFieldValue(field) ?? '');
    form.setFieldValue(field, current.trim() ? `${current.trimEnd()}\n${t.body}` : t.body);
    form.validateFields([field]).catch(() => undefined);
  };
  return (
    <Dropdown
      trigger={['click']}
      disabled={templates.length === 0}
      menu={{
        items: sorted.map((t) => ({ key: t.id, label: `${t.departmentId ? '' : '［中心］'}${t.title}`, title: t.body })),
        onClick: ({ key }) => {
          const t = templates.find((x) => x.id === key);
          if (t) insert(t);
        },
      }}
    >
      <Button size="small" type="link" icon={<SnippetsOutlined />} className="template-picker" data-field={field}>
        常用语
      </Button>
    </Dropdown>
  );
}
