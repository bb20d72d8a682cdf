// Five wrong passwords lock an account for 15 minutes: the sixth try fails even with the right one.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, loginError, newContext, startServer, submitLogin, tail } from './helpers.js';

const USERNAME = 'lockme';
const PASSWORD = 'Lo-ckme#2026x';

describe('lockout', { timeout: 120_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ label: 'lockout' });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the sixth try shows the lockout message, even with the right password', async () => {
    // The CLI runs beside the serving server, on the same data dir / database.
    const add = await server.cli(
      ['user', 'add', '--username', USERNAME, '--role', 'community', '--unit', '350503001001'],
      { JINGUO_PASSWORD: PASSWORD },
    );
    assert.equal(add.code, 0, `jinguo user add failed (${add.code}):\n${add.stdout}\n${add.stderr}`);

    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      for (let i = 1; i <= 5; i++) {
        await submitLogin(page, server.baseUrl, USERNAME, `Wr-ong#2026x${i}`);
        assert.match(await loginError(page), /用户名或密码错误/, `wrong try ${i}`);
      }
      await submitLogin(page, server.baseUrl, USERNAME, PASSWORD);
      assert.match(await loginError(page), /锁定/, 'the sixth try (right password) is not refused as locked');
      assert.equal(new URL(page.url()).pathname, '/login');
    } catch (err) {
      err.message += `\n--- page: ${page.url()}\n--- server output (tail):\n${tail(server.output())}`;
      throw err;
    } finally {
      await context.close();
    }
  });
});
