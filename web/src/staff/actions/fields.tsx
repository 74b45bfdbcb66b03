/** Small pieces the action forms share. */
import { Input } from 'antd';

/** A free-text area (notes, reasons), counted against the API's limit. */
export const longText = (max = 10000) => <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={max} showCount />;

/** A required text field: blank or whitespace only is refused with `message`. */
export const required = (message: string) => [{ required: true, whitespace: true, message }];

/** Trimmed text, or undefined when blank (an optional field left empty is not sent). */
export const optional = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

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
