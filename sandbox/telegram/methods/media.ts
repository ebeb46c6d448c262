import type { Message } from 'grammy/types';
import { badRequest } from '../errors.ts';
import type { FakeTelegram } from '../fake.ts';
import type { Params, UploadedFile } from '../params.ts';
import { botText, deliver, targetChat } from './common.ts';
import type { MethodTable } from './registry.ts';

function upload(p: Params, field: string): UploadedFile | string {
  const f = p.file(field);
  if (f === undefined) throw badRequest(`there is no ${field} in the request`);
  if (typeof f === 'string' && /^https?:\/\//i.test(f)) throw badRequest('wrong file identifier/HTTP URL specified (the sandbox does not download URLs; upload the bytes)');
  return f;
}

function caption(p: Params, fields: Partial<Message>): ReturnType<typeof botText> {
  const f = botText(p, 'caption');
  if (f) {
    fields.caption = f.text;
    if (f.entities) fields.caption_entities = f.entities;
  }
  return f;
}

function known(tg: FakeTelegram, fileId: string) {
  const f = tg.files.get(fileId);
  if (!f) throw badRequest('wrong file identifier/HTTP URL specified');
  return f;
}

export const mediaMethods: MethodTable = {
  sendPhoto(tg, p) {
    const c = targetChat(tg, p);
    const src = upload(p, 'photo');
    let photo;
    if (typeof src === 'string') {
      photo = tg.files.photoSizes(src);
      if (!photo) {
        known(tg, src);
        throw badRequest('wrong file identifier: the file is not a photo');
      }
    } else {
      if (!src.bytes.length) throw badRequest('file must be non-empty');
      photo = tg.files.putPhoto(src.bytes);
    }
    const fields: Partial<Message> = { photo };
    const f = caption(p, fields);
    return deliver(tg, c, 'sendPhoto', p, fields, f, p.str('caption'));
  },

  sendDocument(tg, p) {
    const c = targetChat(tg, p);
    const src = upload(p, 'document');
    const file =
      typeof src === 'string'
        ? known(tg, src)
        : src.bytes.length
          ? tg.files.put(src.bytes, 'documents', { mime: src.contentType, name: src.filename })
          : (() => {
              throw badRequest('file must be non-empty');
            })();
    const document: NonNullable<Message['document']> = { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.bytes.length, mime_type: file.mime_type };
    if (file.file_name) document.file_name = file.file_name;
    const fields: Partial<Message> = { document };
    const f = caption(p, fields);
    return deliver(tg, c, 'sendDocument', p, fields, f, p.str('caption'));
  },

  getFile(tg, p) {
    const f = known(tg, p.requireStr('file_id', 'file_id not specified'));
    return { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.bytes.length, file_path: f.file_path };
  },
};
