/**
 * Who will read a piece of text staff write: the citizen of the case (市民可见), the public on the
 * supervision list (公开), or only staff (内部). Every free-text field of the console and every text on
 * its timeline carries one of these, so nobody writes an internal remark where a citizen will read it.
 */
import { EyeOutlined, GlobalOutlined, LockOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';

export type AudienceKind = 'citizen' | 'public' | 'internal';

const KINDS: Record<AudienceKind, { label: string; color: string; icon: ReactNode; tip: string }> = {
  citizen: {
    label: '市民可见',
    color: 'success',
    icon: <EyeOutlined />,
    tip: '市民查询办理进度时会读到这段文字：请写给市民看，不写内部意见，不写他人信息。',
  },
  public: {
    label: '公开',
    color: 'volcano',
    icon: <GlobalOutlined />,
    tip: '将在“督办公开”栏目向社会公布（不含市民个人信息）。',
  },
  internal: {
    label: '内部',
    color: 'default',
    icon: <LockOutlined />,
    tip: '仅工作人员可见：市民和公众都看不到。',
  },
};

/** The case's title: the one line of the case the citizen's page shows back (and the public list, with consent). */
export const TITLE_TIP = '市民查询办理进度时会看到标题；市民同意公开的，督办公开栏目也会显示。请勿写入姓名、电话等个人信息。';

/** The marker: a small tag, its tooltip saying who reads it (or `tip`, for a case that needs saying more). */
export function Audience({ kind, tip }: { kind: AudienceKind; tip?: string }) {
  const k = KINDS[kind];
  return (
    <Tooltip title={tip ?? k.tip}>
      <Tag color={k.color} icon={k.icon} className="audience" data-audience={kind}>
        {k.label}
      </Tag>
    </Tooltip>
  );
}

/** A form field's label with its marker after it. */
export function audienceLabel(text: string, kind: AudienceKind, tip?: string): ReactNode {
  return (
    <span className="audience-label">
      <span className="audience-label-text">{text}</span>
      <Audience kind={kind} tip={tip} />
    </span>
  );
}
