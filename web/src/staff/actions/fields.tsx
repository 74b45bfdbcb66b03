/** Small pieces the action forms share. */
import { Form, Input } from 'antd';
import { audienceLabel, type AudienceKind } from '../components/Audience';

/** A free-text area (notes, reasons), counted against the API's limit. */
export const longText = (max = 10000, placeholder?: string) => <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={max} showCount placeholder={placeholder} />;

/** A required text field: blank or whitespace only is refused with `message`. */
export const required = (message: string) => [{ required: true, whitespace: true, message }];

/** Trimmed text, or undefined when blank (an optional field left empty is not sent). */
export const optional = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** A field's label marked with who reads what is written in it. */
export const marked = (text: string, kind: AudienceKind, tip?: string) => audienceLabel(text, kind, tip);

/**
 * `publicNote`: the one text of this step the citizen reads on their case's timeline (市民可见). Every
 * other note of the action stays internal.
 */
export function PublicNoteField({ placeholder = '可不填。写给市民看的话，如：已转交市水务局，请留意对方来电。' }: { placeholder?: string }) {
  return (
    <Form.Item name="publicNote" label={marked('告知市民', 'citizen')} extra="市民查询办理进度时，会在这一步下读到这段话。">
      {longText(10000, placeholder)}
    </Form.Item>
  );
}

/** Files picked in a form (antd's Upload, held in the form until it is sent). */
export interface PickedFile {
  uid: string;
  name: string;
  originFileObj?: File;
}

/** The formats the server takes, checked again there by content. */
export const ACCEPTED_FILES = '.jpg,.jpeg,.png,.webp,.pdf,image/jpeg,image/png,image/webp,application/pdf';

/** The files of an Upload field, as a form value. */
export const filesField = { valuePropName: 'fileList', getValueFromEvent: (e: { fileList: PickedFile[] }) => e.fileList };

export const pickedFiles = (list: PickedFile[] | undefined): File[] => (list ?? []).flatMap((f) => (f.originFileObj ? [f.originFileObj] : []));
