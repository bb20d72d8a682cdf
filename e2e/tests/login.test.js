// Signing in and out as the admin, through the real pages in chromium.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { inBrowser, loginAsAdmin, refusedLogin, saveScreenshot, serveForFile, tail, textOf, waitForPath } from './helpers.js';

describe('login', { timeout: 120_000 }, () => {
  const env = serveForFile({ label: 'login' });

  /** Run `body(page, context)` in a fresh context, checked as the test says; on failure add what the server printed. */
  function withPage(check, body) {
    return inBrowser({ browser: env.browser, server: env.server, check }, body);
  }

  test('admin logs in to the home page; the org tree has its own page', async () => {
    await withPage(undefined, async (page) => {
      await loginAsAdmin(page, env.server.baseUrl);

      assert.match(await textOf(page, 'h1'), /首页/);
      await saveScreenshot(page, 'home.png');
      await page.goto(`${env.server.baseUrl}/units`);
      const tree = await textOf(page, '#org-tree');
      assert.match(tree, /丰泽区/);
      assert.match(tree, /东湖街道/);
      assert.match(await textOf(page, '#current-user'), /admin/);
    });
  });

  test('a wrong password shows its message on the login page', async () => {
    await withPage([], async (page) => {
      assert.match(await refusedLogin(page, env.server.baseUrl, 'admin', 'Wr-ong#2026pass'), /用户名或密码错误/);
      assert.equal(new URL(page.url()).pathname, '/login');
      // Still the login page: the form is there to try again.
      await page.locator('#login-form').waitFor({ state: 'visible' });
    });
  });

  test('logging out lands on /login and the home page is closed again', async () => {
    await withPage([], async (page) => {
      await loginAsAdmin(page, env.server.baseUrl);

      await page.click('#logout-button');
      await waitForPath(page, '/login');

      await page.goto(`${env.server.baseUrl}/`);
      assert.equal(new URL(page.url()).pathname, '/login', 'visiting / after logout did not redirect');
      await page.locator('#login-form').waitFor({ state: 'visible' });
    });
  });

  test('the server exits 0 on SIGTERM', async () => {
    const { server } = env;
    const { code, signal } = await server.stop();
    assert.equal(signal, null, `killed by ${signal}:\n${tail(server.output())}`);
    assert.equal(code, 0, `exit code ${code}:\n${tail(server.output())}`);
  });
});
