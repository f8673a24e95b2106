// init / on / off / destroy without a server, through the real native library.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sdk } from './helpers';

test('init rejects an empty clientId with VALIDATION', () => {
  assert.throws(
    () => sdk.init({ licenseId: 12345, clientId: '' }),
    (e: any) => e instanceof sdk.CustomerSdkError && e.code === 'VALIDATION' && e.message.length > 0,
  );
});

test('init rejects an unknown region and a non-loopback http origin with VALIDATION', () => {
  for (const options of [{ region: 'mars' as any }, { apiOriginDal: 'http://example.com' }]) {
    assert.throws(
      () => sdk.init({ licenseId: 12345, clientId: 'test-client', autoConnect: false, ...options }),
      (e: any) => e instanceof sdk.CustomerSdkError && e.code === 'VALIDATION',
    );
  }
});

test('destroy resolves and is idempotent (async form)', async () => {
  const client = sdk.init({ licenseId: 12345, clientId: 'test-client', autoConnect: false });
  await client.destroy();
  await client.destroy();
});
