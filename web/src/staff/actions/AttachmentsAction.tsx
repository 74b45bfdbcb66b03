import { UploadOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form } from 'antd';
import type { Case } from '../../shared/types';
import { api } from '../api';
import { LazyUpload } from '../components/LazyControls';
import { defineAction } from './action';
import { ACCEPTED_FILES, filesField, type PickedFile, pickedFiles } from './fields';

interface AttachmentValues {
  files: PickedFile[];
  public?: boolean;
}

function AttachmentFields() {
  return (
    <>
      <Form.Item name="files" label="文件（JPEG、PNG、WebP 图片或 PDF，单个不超过 10 MB）" rules={[{ required: true, message: '请选择文件' }]} {...filesField}>
        <LazyUpload beforeUpload={() => false} accept={ACCEPTED_FILES} maxCount={5} multiple listType="text">
          <Button icon={<UploadOutlined />}>选择文件</Button>
        </LazyUpload>
      </Form.Item>
      <Form.Item name="public" valuePropName="checked" extra="勾选后市民可在查询页查看和下载；照片会去除拍摄位置等信息后保存。">
        <Checkbox>市民可见</Checkbox>
      </Form.Item>
    </>
  );
}

/** Adds files to a case: each one is an upload of its own, in order, each with the version the last one left. */
async function upload(files: File[], c: Case, isPublic: boolean): Promise<Case> {
  let current = c;
  for (const file of files) current = await api.uploadAttachment(c.id, file, isPublic, current.version);
  return current;
}

/** 上传附件: photos, documents; internal unless marked for the citizen. */
export const attachmentsAction = defineAction({
  verb: 'attachments',
  id: 'attach',
  label: '上传附件',
  title: '上传附件',
  Fields: AttachmentFields,
  body: () => ({}) as never,
  send: (v: AttachmentValues, c: Case) => upload(pickedFiles(v.files), c, v.public ?? false),
  done: '附件已上传',
});
