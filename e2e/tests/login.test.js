// Signing in and out as the admin, through the real pages in chromium.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN_PASSWORD,
  launchBrowser,
  loginError,
  newContext,
  resultsDir,
  startServer,
  submitLogin,
  tail,
  textOf,
  waitForPath,
} from './helpers.js';

describe('login', { timeout: 120_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ label: 'login' });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Run `body(page, context)` in a fresh context; on failure add what the server printed. */
  async function withPage(body) {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await body(page, context);
    } catch (err) {
      err.message += `\n--- page: ${page.url()}\n--- server output (tail):\n${tail(server.output())}`;
      throw err;
    } finally {
      await context.close();
    }
  }

  test('admin logs in to the home page; the org tree has its own page', async () => {
    await withPage(async (page, context) => {
      await submitLogin(page, server.baseUrl, 'admin', ADMIN_PASSWORD);
      await waitForPath(page, '/');

      assert.match(await textOf(page, 'h1'), /首页/);
      await page.screenshot({ path: join(resultsDir(), 'home.png'), fullPage: true });
      await page.goto(`${server.baseUrl}/units`);
      const tree = await textOf(page, '#org-tree');
      assert.match(tree, /丰泽区/);
      assert.match(tree, /东湖街道/);
      assert.match(await textOf(page, '#current-user'), /admin/);

      assert.deepEqual(context.foreignRequests, [], 'the page asked for something not on 127.0.0.1');
      assert.deepEqual(context.pageErrors, [], 'uncaught script errors on the page');
    });
  });

  test('a wrong password shows its message on the login page', async () => {
    await withPage(async (page) => {
      await submitLogin(page, server.baseUrl, 'admin', 'Wr-ong#2026pass');
      assert.match(await loginError(page), /用户名或密码错误/);
      assert.equal(new URL(page.url()).pathname, '/login');
      // Still the login page: the form is there to try again.
      await page.locator('#login-form').waitFor({ state: 'visible' });
    });
  });

  test('logging out lands on /login and the home page is closed again', async () => {
    await withPage(async (page) => {
      await submitLogin(page, server.baseUrl, 'admin', ADMIN_PASSWORD);
      await waitForPath(page, '/');

      await page.click('#logout-button');
      await waitForPath(page, '/login');

      await page.goto(`${server.baseUrl}/`);
      assert.equal(new URL(page.url()).pathname, '/login', 'visiting / after logout did not redirect');
      await page.locator('#login-form').waitFor({ state: 'visible' });
    });
  });

  test('the server exits 0 on SIGTERM', async () => {
    const { code, signal } = await server.stop();
    assert.equal(signal, null, `killed by ${signal}:\n${tail(server.output())}`);
    assert.equal(code, 0, `exit code ${code}:\n${tail(server.output())}`);
  });
});
