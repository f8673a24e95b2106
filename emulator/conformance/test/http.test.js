'use strict';
// The client's HTTP features: uploadFile (multipart over XHR) and sendTicketForm (v2 tickets).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useEmulator } = require('../harness/suite');
const { rejection } = require('../harness/customer');

const ctx = useEmulator();
const T = { timeout: 60000 };

test('uploadFile: multipart upload, the URL serves the bytes, a file event carries it', T, async () => {
  const { c, chat } = await ctx.chatting();
  const bytes = Buffer.from('%PDF-1.4 conformance upload\n'.repeat(100));
  const progress = [];
  const { promise, cancel } = c.api.uploadFile({
    file: new File([bytes], 'report.pdf', { type: 'application/pdf' }),
    onProgress: (p) => progress.push(p),
  });
  assert.equal(typeof cancel, 'function');
  const res = await promise;
  assert.equal(typeof res.url, 'string');
  const req = c.browser.requests.find((r) => r.original === 'https://api.livechatinc.com/v3.3/customer/action/upload_file?license_id=12345');
  assert.match(req.headers.Authorization, /^Bearer \S+/);
  assert.equal(req.headers.cookie, undefined, 'uploads go without cookies');
  assert.deepEqual(progress, [1]);
  const served = await fetch(res.url);
  assert.equal(served.status, 200);
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), bytes);
  const ev = await c.api.sendEvent({ chatId: chat.id, event: { type: 'file', url: res.url } });
  assert.equal(ev.type, 'file');
  assert.equal(ev.url, res.url);
  assert.equal(ev.name, 'report.pdf');
  assert.equal(ev.contentType, 'application/pdf');
});

test('uploadFile over the 10 MB limit: the emulator answers the documented error', T, async () => {
  const c = await ctx.open();
  // The client checks `file.size` once before uploading: under-report it to that first read only, so
  // the real 10 MB + 1 body (framed with its true length) reaches the emulator.
  class UnderReportedFile extends File {
    get size() {
      if (!this.checked) {
        this.checked = true;
        return 1;
      }
      return super.size;
    }
  }
  const big = new UnderReportedFile([Buffer.alloc(10 * 1024 * 1024 + 1, 0x61)], 'big.bin', { type: 'application/octet-stream' });
  const err = await rejection(c.api.uploadFile({ file: big }).promise, 'oversized upload');
  assert.equal(err.code, 'ENTITY_TOO_LARGE');
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
});

test('uploadFile: the client refuses a file over 10 MB with TOO_BIG_FILE (nothing sent)', T, async () => {
  const c = await ctx.open();
  const big = new File([Buffer.alloc(10 * 1024 * 1024 + 1)], 'big.bin');
  const err = await rejection(c.api.uploadFile({ file: big }).promise);
  assert.equal(err.code, 'TOO_BIG_FILE');
  assert.equal(c.browser.requests.filter((r) => r.original.includes('upload_file')).length, 0);
});

test('sendTicketForm: the ticket reaches the emulator with the requester and message', T, async () => {
  const c = await ctx.open({ config: { page: { url: 'https://shop.example.test/contact', title: 'Contact' } } });
  const form = await c.api.getForm({ groupId: 0, type: 'ticket' });
  const answers = { name: 'Ann', email: 'ann@example.test', subject: 'Broken cart', textarea: 'It does not work' };
  const filledForm = {
    ...form.form,
    fields: form.form.fields.filter((f) => f.type in answers).map((f) => ({ ...f, answer: answers[f.type] })),
  };
  const res = await c.api.sendTicketForm({ filledForm, groupId: 0 });
  assert.equal(typeof res.id, 'string');
  assert.match(res.text, /It does not work/);
  const st = await ctx.emu.control('state');
  const t = st.tickets.find((x) => x.id === res.id);
  assert.ok(t, 'ticket stored');
  assert.equal(t.licence_id, 12345);
  assert.equal(t.visitor_id, c.id);
  assert.deepEqual(t.requester, { name: 'Ann', mail: 'ann@example.test' });
  assert.equal(t.subject, 'Broken cart');
  assert.equal(t.source.url, 'https://shop.example.test/contact');
  assert.equal(t.group, 0);
});
