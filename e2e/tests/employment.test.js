// Employment in chromium: a job posted and a discriminatory one refused beside its field; a
// seeker matched with her reasons and a recommended job opened; a visitor checking in at a fair
// from a phone through the QR link (and counted once); an agreement recorded at the desk and the
// fair's figures following.
//
// Each test starts its own server. With PostgreSQL the whole run shares one database, so every
// test makes its own users, enterprises (random credit codes), people (random ID numbers) and
// phones, and finds its records by their ids, never by counts of the whole district.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';

import { DISTRICT, SHAOLIN, creditCode, dayInChina, maskedId, randomPhone, uniqueName, womanId } from './district.js';
import {
  PHONE,
  addUser,
  apiClient,
  browserForFile,
  assertDownload,
  assertNoSidewaysScroll,
  signIn,
  submitAndLoad,
  textOf,
  waitForPath,
  withOwnServer,
} from './helpers.js';

const PASSWORD = 'Em-ploy#2026pass';

/** An enterprise of 少林社区 with an open sewing job; a woman of the registry who wants one. */
async function sewingWork(client, { womenOwned = true } = {}) {
  const tag = randomBytes(2).toString('hex');
  const enterprise = await client.post('/enterprises', {
    name: `巧手服饰${tag}有限公司`,
    credit_code: creditCode(),
    women_owned: womenOwned,
    unit_code: SHAOLIN,
    industry: 'C',
  });
  const job = await client.post('/jobs', {
    enterprise_id: enterprise.id,
    title: `缝纫工${tag}`,
    category: 'manufacturing',
    positions: 5,
    salary_min: 4000,
    salary_max: 6000,
    unit_code: SHAOLIN,
    skills: ['缝纫'],
    terms: ['childcare'],
  });
  const id = womanId();
  const person = await client.post('/people', {
    name: '林秀英',
    id_number: id,
    phone: randomPhone(),
    unit_code: SHAOLIN,
    tags: ['laid_off'],
  });
  return { enterprise, job, person, id };
}

/** The job form filled in for a retail job `title`: two places at 3,500–4,500 yuan a month. */
async function fillRetailJob(page, title) {
  await page.fill('#title', title);
  await page.selectOption('#category', 'retail');
  await page.fill('#positions', '2');
  await page.fill('#salary_min', '3500');
  await page.fill('#salary_max', '4500');
}

/** The number in `#id` on the page. */
async function figure(page, id) {
  return Number((await textOf(page, `#${id}`)).trim());
}

describe('employment', { timeout: 180_000 }, () => {
  const env = browserForFile();

  /**
   * A fresh server and a signed-in federation officer for one test; `body` gets the server,
   * her page, the API with her session and `open(options)` for more browser contexts (each
   * checked afterwards as `withOwnServer` checks them).
   */
  function withOfficer(label, body) {
    return withOwnServer(env.browser, label, async (server, open) => {
      const fed = uniqueName('fed');
      await addUser(server, { username: fed, role: 'federation', unit: DISTRICT }, PASSWORD);
      const { page } = await open();
      await signIn(page, server.baseUrl, fed, PASSWORD);
      await body({ server, page, client: await apiClient(page, server.baseUrl), open });
    });
  }

  test('a job is posted; a discriminatory posting is refused beside its field and not listed', async () => {
    await withOfficer('employment-jobs', async ({ server, page, client }) => {
      const { enterprise } = await sewingWork(client);
      const title = `收银员${randomBytes(2).toString('hex')}`;

      await page.goto(`${server.baseUrl}/enterprises/${enterprise.id}`);
      await page.click('#post-job');
      await waitForPath(page, '/jobs/new');
      assert.equal(await page.inputValue('#enterprise_id'), String(enterprise.id));
      await fillRetailJob(page, title);
      await page.fill('#skills', '收银、普通话');
      await page.check('#terms input[value="near_home"]');
      await page.fill('#requirements', '限男性，身体健康');
      const refused = await submitAndLoad(page, '#job-submit');
      assert.equal(refused.status(), 422, 'the discriminatory posting was not refused');

      const error = page.locator('#requirements-error');
      assert.ok(await error.isVisible(), '#requirements-error is not shown');
      const message = (await error.textContent()) ?? '';
      assert.match(message, /就业歧视/);
      assert.ok(message.includes('限男性'), `the message names the words: ${message}`);
      // Beside the field: right after the requirements box.
      const next = await page.evaluate(() => {
        const box = document.getElementById('requirements').closest('label');
        return box.nextElementSibling && box.nextElementSibling.id;
      });
      assert.equal(next, 'requirements-error');
      // What was typed is kept.
      assert.equal(await page.inputValue('#title'), title);
      assert.equal(await page.inputValue('#skills'), '收银、普通话');
      assert.equal(await page.inputValue('#requirements'), '限男性，身体健康');
      assert.ok(await page.isChecked('#terms input[value="near_home"]'));

      // Nothing was stored.
      await page.goto(`${server.baseUrl}/jobs?q=${encodeURIComponent(title)}`);
      assert.equal(await page.locator('#jobs-table .job-link').count(), 0, 'the refused job is listed');

      // Fixed, it is published.
      await page.goto(`${server.baseUrl}/jobs/new?enterprise_id=${enterprise.id}`);
      await fillRetailJob(page, title);
      await page.fill('#requirements', '男女不限，享受生育保险');
      const published = await submitAndLoad(page, '#job-submit');
      assert.equal(published.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/jobs\/\d+$/);
      assert.equal((await textOf(page, 'h1')).trim(), title);
      await page.goto(`${server.baseUrl}/jobs?q=${encodeURIComponent(title)}`);
      assert.equal(await page.locator('#jobs-table .job-link').count(), 1);
    });
  });

  test('a seeker is matched with her reasons and a recommended job is opened', async () => {
    await withOfficer('employment-match', async ({ server, page, client }) => {
      const { job, person } = await sewingWork(client);

      // Registered from her person page.
      await page.goto(`${server.baseUrl}/people/${person.id}`);
      await page.click('#register-seeker');
      await waitForPath(page, '/seekers/new');
      assert.equal(await page.inputValue('#person_id'), String(person.id));
      await page.check('#categories input[value="manufacturing"]');
      await page.fill('#skills', '缝纫，熨烫');
      await page.fill('#expected_pay', '4000');
      await page.check('#needs input[value="childcare"]');
      const saved = await submitAndLoad(page, '#seeker-submit');
      assert.equal(saved.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/seekers\/\d+$/);

      const match = page.locator(`#seeker-matches li.match[data-job="${job.id}"]`);
      assert.equal(await match.count(), 1, `job ${job.id} is not among the matches`);
      const reasons = (await match.locator('.reasons li').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.ok(reasons.some((r) => r.includes('岗位类别是本人期望的')), `reasons: ${reasons.join(' | ')}`);
      assert.ok(reasons.some((r) => /掌握岗位所需技能 1\/1 项 \d+\/\d+/.test(r)), `reasons: ${reasons.join(' | ')}`);
      assert.ok(reasons.some((r) => r.includes('满足本人需要的条件')), `reasons: ${reasons.join(' | ')}`);
      assert.match(await match.locator('.score').textContent(), /匹配度 \d+/);

      // Recommend it: the page shows the recommendation and no second button.
      const recommended = await submitAndLoad(page, `#seeker-matches li.match[data-job="${job.id}"] button.recommend`);
      assert.equal(recommended.status(), 200);
      assert.equal(await page.locator('#recommendations-table tr[data-outcome="recommended"]').count(), 1);
      assert.equal(await match.locator('button.recommend').count(), 0);

      // Open the job from the match.
      await match.locator('a.match-job').click();
      await waitForPath(page, `/jobs/${job.id}`);
      assert.equal((await textOf(page, 'h1')).trim(), job.title);
      assert.match(await textOf(page, '#job-recommendations'), /林秀英/);
    });
  });

  test('a visitor checks in at a fair from her phone through the QR link, counted once', async () => {
    await withOfficer('employment-checkin', async ({ server, page, client, open }) => {
      const { enterprise } = await sewingWork(client);
      const title = `春风行动招聘会${randomBytes(2).toString('hex')}`;
      const event = await client.post('/events', {
        kind: 'job_fair',
        title,
        date: dayInChina(),
        unit_code: DISTRICT,
        place: '区文体中心',
        enterprise_ids: [enterprise.id],
      });
      await page.goto(`${server.baseUrl}/events/${event.id}`);
      assert.equal(await figure(page, 'fig-visitors'), 0);
      assert.equal(await page.locator('.qr-block svg').count(), 1, 'no QR code on the event page');
      const url = (await textOf(page, '#checkin-url')).trim();
      assert.equal(url, `${server.baseUrl}${event.checkin_path}`);

      // A phone, not signed in.
      const phone = await open({ viewport: PHONE });
      await phone.page.goto(url);
      assert.equal(new URL(phone.page.url()).pathname, event.checkin_path, 'the check-in asked for a sign-in');
      assert.equal((await textOf(phone.page, '#checkin-event')).trim(), title);
      await assertNoSidewaysScroll(phone.page, 'the check-in page');
      const number = randomPhone();
      const checkIn = async () => {
        await phone.page.fill('#name', '王丽华');
        await phone.page.fill('#phone', number);
        await phone.page.check('#sex-female');
        await phone.page.selectOption('#category', 'graduate');
        return submitAndLoad(phone.page, '#checkin-submit');
      };
      const first = await checkIn();
      assert.equal(first.status(), 200);
      assert.match(await textOf(phone.page, '#checkin-done'), /签到成功/);

      await phone.page.goto(url);
      await checkIn();
      assert.match(await textOf(phone.page, '#checkin-done'), /您已签到/);

      await page.reload();
      assert.equal(await figure(page, 'fig-visitors'), 1);
      assert.equal(await figure(page, 'fig-women-visitors'), 1);
      assert.match(await textOf(page, '#checkins-table'), /王丽华/);

      // Closed (after the confirmation), the phone is told so and nothing is stored.
      page.once('dialog', (dialog) => dialog.accept());
      await submitAndLoad(page, '#event-close');
      assert.match(await textOf(page, '#event-checkin-state'), /已结束/);
      await phone.page.goto(url);
      assert.match(await textOf(phone.page, '#checkin-closed'), /本次活动签到已结束/);
      assert.equal(await phone.page.locator('#checkin-form').count(), 0);
      await page.reload();
      assert.equal(await figure(page, 'fig-visitors'), 1);
    });
  });

  test('an agreement recorded at the desk changes the fair report', async () => {
    await withOfficer('employment-desk', async ({ server, page, client }) => {
      const { enterprise, job, person, id } = await sewingWork(client);
      const event = await client.post('/events', {
        kind: 'job_fair',
        title: `供需对接会${randomBytes(2).toString('hex')}`,
        date: dayInChina(),
        unit_code: DISTRICT,
        enterprise_ids: [enterprise.id],
      });
      await page.goto(`${server.baseUrl}/events/${event.id}`);
      const before = {
        agreements: await figure(page, 'fig-agreements'),
        withWomen: await figure(page, 'fig-agreements-with-women'),
        womenOwned: await figure(page, 'fig-women-owned-agreements'),
      };
      assert.deepEqual(before, { agreements: 0, withWomen: 0, womenOwned: 0 });

      // The long page is in tabs: one shows at a time, 概况 first.
      assert.equal(await page.locator('.tab-panel:visible').count(), 1, 'one tab at a time');
      assert.ok(await page.locator('#event-facts').isVisible(), 'the overview first');

      // She checks in at the desk.
      await page.click('#tab-checkins-link');
      await page.fill('#desk-form #name', '林秀英');
      await page.fill('#desk-form #phone', randomPhone());
      await page.check('#desk-form #sex-female');
      await page.selectOption('#desk-form #category', 'laid_off');
      const checked = await submitAndLoad(page, '#desk-submit');
      assert.equal(checked.status(), 200);
      assert.equal(await figure(page, 'fig-visitors'), 1);
      assert.ok(await page.locator('#desk-form').isVisible(), 'back on the check-in tab');

      // The agreement: the person found with the people search.
      await page.click('#tab-agreements-link');
      await page.selectOption('#agreement-enterprise', String(enterprise.id));
      await page.selectOption('#agreement-job', String(job.id));
      await page.fill('#agreement-form .person-search', id.slice(-6));
      // The picker shows her masked ID number: the division and the last 2 characters.
      const pick = page.locator('#agreement-form .person-results button', { hasText: maskedId(id) });
      await pick.first().click();
      assert.equal(await page.inputValue('#agreement-person'), String(person.id));
      const recorded = await submitAndLoad(page, '#agreement-submit');
      assert.equal(recorded.status(), 200);
      assert.equal(await page.locator('#action-error').count(), 0);

      assert.equal(await figure(page, 'fig-agreements'), 1);
      assert.equal(await figure(page, 'fig-agreements-with-women'), 1);
      assert.equal(await figure(page, 'fig-women-owned-agreements'), 1);
      const row = (await textOf(page, '#report-by-enterprise tbody')).replace(/\s+/g, ' ');
      assert.ok(row.includes(enterprise.name) && row.includes('是'), `#report-by-enterprise: ${row}`);
      assert.match(await textOf(page, '#agreements-table'), new RegExp(job.title));

      // The workbook downloads.
      await assertDownload(page, `/events/${event.id}/report.xlsx`, /spreadsheetml/);
    });
  });
});
