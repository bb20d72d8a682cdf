// Five wrong passwords lock an account for 15 minutes: the sixth try fails even with the right one.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { SHAOLIN } from './district.js';
import { addUser, inBrowser, refusedLogin, serveForFile } from './helpers.js';

const USERNAME = 'lockme';
const PASSWORD = 'Lo-ckme#2026x';

describe('lockout', { timeout: 120_000 }, () => {
  const env = serveForFile({ label: 'lockout' });

  test('the sixth try shows the lockout message, even with the right password', async () => {
    const { browser, server } = env;
    // The CLI runs beside the serving server, on the same data dir / database.
    await addUser(server, { username: USERNAME, role: 'community', unit: SHAOLIN }, PASSWORD);

    await inBrowser({ browser, server, check: [] }, async (page) => {
      for (let i = 1; i <= 5; i++) {
        const refused = await refusedLogin(page, server.baseUrl, USERNAME, `Wr-ong#2026x${i}`);
        assert.match(refused, /用户名或密码错误/, `wrong try ${i}`);
      }
      const locked = await refusedLogin(page, server.baseUrl, USERNAME, PASSWORD);
      assert.match(locked, /锁定/, 'the sixth try (right password) is not refused as locked');
      assert.equal(new URL(page.url()).pathname, '/login');
    });
  });
});
