// Casework in chromium: a rights case taken in, assigned, referred, resolved and closed through
// the case page; a stale transition form refused with its message; and the public intake with
// its receipt, the status look-up, and the case in the federation's list.
//
// Each test starts its own server. With PostgreSQL the whole run shares one database, so every
// test makes its own users (a random suffix) and finds its own case by its code, never by counts.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';

import { DISTRICT, SHAOLIN, uniqueName } from './district.js';
import {
  addUser as addUserWith,
  apiClient,
  browserForFile,
  saveScreenshot,
  signIn,
  submitAndLoad,
  textOf,
  withOwnServer,
} from './helpers.js';

const PASSWORD = 'Ca-ses#2026pass';
const addUser = (server, user) => addUserWith(server, user, PASSWORD);
const login = (page, baseUrl, username) => signIn(page, baseUrl, username, PASSWORD);
const CASE_PATH = /^\/cases\/\d+$/;

/** The status code on the case page (`#case-status[data-status]`). */
function statusOf(page) {
  return page.getAttribute('#case-status', 'data-status');
}

/** The values offered by `#transition-to`. */
function nextStatuses(page) {
  return page.locator('#transition-to option').evaluateAll((os) => os.map((o) => o.value));
}

/** The lines of `#timeline`, whitespace squeezed. */
async function timelineLines(page) {
  const texts = await page.locator('#timeline > li').allTextContents();
  return texts.map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Fill the intake form at /cases/new with a rights case and submit it; resolves to the case's path. */
async function takeIn(page, baseUrl, { category, channel, narrative }) {
  await page.goto(`${baseUrl}/cases/new`);
  await page.selectOption('#kind', 'rights');
  await page.selectOption('#channel', channel);
  await page.selectOption('#category', category);
  await page.selectOption('#unit_code', SHAOLIN);
  assert.match(
    await page.locator('#unit_code option:checked').textContent(),
    /少林社区/,
    `${SHAOLIN} is not 少林社区 in #unit_code`,
  );
  await page.fill('#narrative', narrative);
  const res = await submitAndLoad(page, '#case-submit');
  const path = new URL(page.url()).pathname;
  assert.equal(res.status(), 200, `taking the case in: ${res.url()}`);
  assert.match(path, CASE_PATH, `the intake did not lead to a case page but to ${page.url()}`);
  return path;
}

describe('cases', { timeout: 180_000 }, () => {
  const env = browserForFile();

  test('a rights case is taken in, assigned, referred, resolved and closed on its page', async () => {
    await withOwnServer(env.browser, 'cases-flow', async (server, open) => {
      const fed = uniqueName('fed');
      const worker = uniqueName('cw');
      const workerName = `陈社工${worker.slice(-3)}`;
      await addUser(server, { username: fed, role: 'federation', unit: DISTRICT });
      await addUser(server, { username: worker, role: 'caseworker', unit: DISTRICT, name: workerName });

      const { page } = await open();
      await login(page, server.baseUrl, fed);

      const narrative = '当事人反映单位以怀孕为由将其辞退，要求恢复劳动关系。';
      const casePath = await takeIn(page, server.baseUrl, {
        category: 'employment',
        channel: 'walk_in',
        narrative,
      });
      assert.equal(await statusOf(page), 'new');
      assert.match(await textOf(page, '#case-status'), /新登记/);
      assert.match(await textOf(page, 'h1'), /就业与劳动权益/);
      assert.equal((await textOf(page, '#case-narrative')).trim(), narrative);
      assert.deepEqual(await nextStatuses(page), ['assigned', 'referred', 'resolved']);

      /** Submit the form whose button is `button`: back on the case page with status `expected`. */
      const step = async (what, button, expected) => {
        const res = await submitAndLoad(page, button);
        assert.equal(res.status(), 200, `${what}: ${res.request().method()} ${res.url()}`);
        assert.equal(new URL(page.url()).pathname, casePath, `${what}: not back on the case page`);
        assert.equal(
          await page.locator('#action-error').count(),
          0,
          `${what} refused: ${await page.locator('#action-error').allTextContents()}`,
        );
        assert.equal(await statusOf(page), expected, `status after ${what}`);
      };

      // Assign it to the caseworker.
      await page.selectOption('#transition-to', 'assigned');
      await page.selectOption('#transition-handler', worker);
      await page.fill('#transition-note', '请社工当天联系当事人');
      await step('assigning', '#transition-submit', 'assigned');
      assert.match(await textOf(page, '#case-status'), /已分派/);
      assert.equal((await textOf(page, '#case-handler')).trim(), workerName);

      // Refer it to legal aid.
      await page.click('#referral-panel summary');
      await page.selectOption('#referral-department', 'legal_aid');
      const request = '请为当事人提供劳动仲裁法律援助';
      await page.fill('#referral-request', request);
      await step('referring', '#referral-submit', 'referred');
      assert.match(await textOf(page, '#case-status'), /已转介/);
      const referral = (await textOf(page, '#referrals-table tbody')).replace(/\s+/g, ' ');
      assert.ok(referral.includes('司法局（法律援助中心）'), `#referrals-table: ${referral}`);
      assert.ok(referral.includes(request), `#referrals-table: ${referral}`);
      // Referring keeps the handler.
      assert.equal((await textOf(page, '#case-handler')).trim(), workerName);

      // Resolve it with an outcome.
      const outcome = '经法律援助，用人单位撤销辞退决定并补发工资。';
      await page.selectOption('#transition-to', 'resolved');
      await page.fill('#transition-outcome', outcome);
      await step('resolving', '#transition-submit', 'resolved');
      assert.match(await textOf(page, '#case-status'), /已办结/);
      assert.equal((await textOf(page, '#case-outcome')).trim(), outcome);
      assert.deepEqual(await nextStatuses(page), ['closed', 'in_progress']);

      // Close it with the client's satisfaction.
      await page.selectOption('#transition-to', 'closed');
      await page.selectOption('#transition-satisfaction', 'satisfied');
      await step('closing', '#transition-submit', 'closed');
      assert.match(await textOf(page, '#case-status'), /已结案/);
      assert.match(await textOf(page, '#case-facts'), /满意/);
      assert.deepEqual(await nextStatuses(page), ['in_progress']);

      // The timeline: intake, the assignment (to whom), the referral (where), resolved, closed.
      const lines = await timelineLines(page);
      const has = (what, ...parts) =>
        assert.ok(
          lines.some((l) => parts.every((p) => l.includes(p))),
          `no timeline line with ${what} (${parts.join(' + ')}):\n${lines.join('\n')}`,
        );
      has('the intake', '登记');
      has('the assignment', '状态变更', '新登记 → 已分派', workerName);
      has('the referral', '转介', '已分派 → 已转介', '司法局（法律援助中心）', request);
      has('the resolution', '状态变更', '已转介 → 已办结');
      has('the closure', '状态变更', '已办结 → 已结案');
      assert.equal(lines.filter((l) => l.includes('状态变更')).length, 3, `status lines:\n${lines.join('\n')}`);

      await saveScreenshot(page, 'case.png');
    });
  });

  test('a stale transition form is refused with the current and requested status', async () => {
    await withOwnServer(env.browser, 'cases-stale', async (server, open) => {
      const fed = uniqueName('fed');
      await addUser(server, { username: fed, role: 'federation', unit: DISTRICT });

      const { page } = await open();
      await login(page, server.baseUrl, fed);
      const casePath = await takeIn(page, server.baseUrl, {
        category: 'employment',
        channel: 'hotline_12338',
        narrative: '来电反映产假期间被降薪。',
      });
      const id = casePath.split('/').pop();
      assert.equal(await statusOf(page), 'new');
      assert.deepEqual(await nextStatuses(page), ['assigned', 'referred', 'resolved']);

      // Behind the page's back: resolve the case through the API with the same session.
      const client = await apiClient(page, server.baseUrl);
      const moved = await client.post(
        `/cases/${id}/transition`,
        { to: 'resolved', outcome: '电话答复，已协调单位恢复原薪。' },
        200,
      );
      assert.equal(moved.status, 'resolved');

      // The page still offers `referred` (allowed from new, not from resolved): choose it.
      assert.equal(await statusOf(page), 'new', 'the page changed by itself');
      await page.selectOption('#transition-to', 'referred');
      await page.fill('#transition-note', '转介妇联维权律师');
      const res = await submitAndLoad(page, '#transition-submit');
      assert.equal(res.status(), 422, `the stale transition: ${res.request().method()} ${res.url()}`);

      const message = (await textOf(page, '#action-error')).trim();
      assert.match(message, /不允许的状态流转/, `#action-error: ${message}`);
      assert.ok(message.includes('resolved → referred'), `#action-error names current → requested: ${message}`);
      // The page shown with the refusal is the case as it is now: resolved, not referred.
      assert.equal(await statusOf(page), 'resolved');
      assert.match(await textOf(page, '#case-status'), /已办结/);
      assert.deepEqual(await nextStatuses(page), ['closed', 'in_progress']);

      // And the refusal changed nothing.
      const now = await page.request.get(`${server.baseUrl}/api/v1/cases/${id}`);
      assert.equal(now.status(), 200);
      assert.equal((await now.json()).status, 'resolved');
      await page.goto(`${server.baseUrl}${casePath}`);
      assert.equal(await statusOf(page), 'resolved');
      const lines = await timelineLines(page);
      assert.ok(!lines.some((l) => l.includes('已转介')), `a referral in the timeline:\n${lines.join('\n')}`);
      assert.equal(lines.filter((l) => l.includes('状态变更')).length, 1, `status lines:\n${lines.join('\n')}`);
    });
  });

  test('the public intake gives a receipt; the status look-up needs the right phone; staff see the case', async () => {
    await withOwnServer(env.browser, 'cases-public', async (server, open) => {
      const fed = uniqueName('fed');
      await addUser(server, { username: fed, role: 'federation', unit: DISTRICT });
      const phone = `139${String(Date.now()).slice(-8)}`;
      const wrongPhone = `${phone.slice(0, 10)}${(Number(phone[10]) + 1) % 10}`;
      const narrative = `公司拒绝为怀孕女职工缴纳生育保险（${randomBytes(2).toString('hex')}）。`;

      // The federation user signs in meanwhile, in her own browser context.
      const signedIn = (async () => {
        const { page } = await open();
        await login(page, server.baseUrl, fed);
        return page;
      })();
      signedIn.catch(() => {}); // awaited below; a failure here is reported there

      // An anonymous visitor reports online.
      const visitor = await open();
      const p = visitor.page;
      await p.goto(`${server.baseUrl}/public/intake`);
      assert.equal(new URL(p.url()).pathname, '/public/intake', 'the public intake wants a login');
      await p.selectOption('#category', 'employment');
      await p.selectOption('#unit_code', SHAOLIN);
      assert.match(await p.locator('#unit_code option:checked').textContent(), /少林社区/);
      await p.fill('#narrative', narrative);
      await p.fill('#name', '林女士');
      await p.fill('#phone', phone);
      const question = await p.locator('label', { has: p.locator('#answer') }).textContent();
      const sum = question.match(/请回答：\s*(\d+)\s*\+\s*(\d+)\s*=/);
      assert.ok(sum, `no sum in the label of #answer: ${question}`);
      await p.fill('#answer', String(Number(sum[1]) + Number(sum[2])));
      const sent = await submitAndLoad(p, '#public-submit');
      assert.equal(
        sent.status(),
        200,
        `POST /public/intake: ${await p.locator('#form-error').allTextContents()}`,
      );
      const receipt = (await textOf(p, '#receipt-code')).trim();
      assert.match(receipt, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/, `#receipt-code: ${receipt}`);

      // She looks it up with her phone: 新登记.
      await p.goto(`${server.baseUrl}/public/status`);
      await p.fill('#receipt', receipt);
      await p.fill('#phone', phone);
      const found = await submitAndLoad(p, '#status-submit');
      assert.equal(found.status(), 200, 'POST /public/status with the right phone');
      assert.equal((await textOf(p, '#public-status-value')).trim(), '新登记');
      assert.equal(await p.locator('#status-not-found').count(), 0);
      const code = (await textOf(p, '#public-status dd.code')).trim();
      assert.ok(code, 'the status page shows no case code');
      assert.match(await textOf(p, '#public-status'), /就业与劳动权益/);

      // Someone with the receipt but another phone learns nothing (the form stays on the page,
      // the receipt filled in).
      assert.equal(await p.inputValue('#receipt'), receipt);
      await p.fill('#phone', wrongPhone);
      const refused = await submitAndLoad(p, '#status-submit');
      assert.equal(refused.status(), 404, 'POST /public/status with a wrong phone');
      assert.match(await textOf(p, '#status-not-found'), /没有找到对应的记录/);
      assert.equal(await p.locator('#public-status').count(), 0, 'a wrong phone still shows the case');

      // A district federation user finds it among the online cases.
      const s = await signedIn;
      await s.goto(`${server.baseUrl}/cases`);
      await s.selectOption('#filter-channel', 'online');
      await s.fill('#cases-q', code);
      const listed = await submitAndLoad(s, '#cases-search-button');
      assert.equal(listed.status(), 200, `GET ${listed.url()}`);
      const url = new URL(s.url());
      assert.equal(url.pathname, '/cases');
      assert.equal(url.searchParams.get('channel'), 'online');
      const row = s.locator('#cases-table tbody tr', { has: s.locator('a.case-link', { hasText: code }) });
      assert.equal(await row.count(), 1, `no row of ${code} in the online cases`);
      assert.equal(await row.getAttribute('data-status'), 'new');
      const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
      assert.ok(cells.includes('网上'), `channel of ${code}: ${cells}`);
      assert.ok(cells.includes('就业与劳动权益'), `category of ${code}: ${cells}`);
      assert.ok(cells.includes('新登记'), `status of ${code}: ${cells}`);
      assert.ok(cells.some((c) => c.includes('少林社区')), `unit of ${code}: ${cells}`);

      await Promise.all([s.waitForURL((u) => CASE_PATH.test(u.pathname)), row.locator('a.case-link').click()]);
      assert.equal(await statusOf(s), 'new');
      assert.equal((await textOf(s, '#case-code')).trim(), code);
      assert.equal((await textOf(s, '#case-narrative')).trim(), narrative);
      const facts = (await textOf(s, '#case-facts')).replace(/\s+/g, ' ');
      assert.match(facts, /网上/, `#case-facts: ${facts}`);
      // Her name, and her phone masked: 139****1234.
      assert.ok(facts.includes('林女士'), `#case-facts: ${facts}`);
      assert.ok(facts.includes(`${phone.slice(0, 3)}****${phone.slice(-4)}`), `#case-facts: ${facts}`);
      assert.ok(!facts.includes(phone), `the case page shows the full phone: ${facts}`);
    });
  });
});
