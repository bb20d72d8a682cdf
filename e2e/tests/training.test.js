// Training in chromium (issue #14, points 1–5): the district federation opens a course with the
// course form, adds today's session and enrolls a woman found with the person picker; on a
// phone-sized window she checks in by the session's QR link and her attendance is recorded;
// the desk sees her ticked, finishes the course, opens her certificate and its public
// verification page — which shows her name masked (王*丽-style) and no ID number or phone. On
// the demo district the menu, the running course with its online part, the report and the
// follow-up calls are there.
//
// With PostgreSQL the whole run shares one database, so ID numbers and phones are random and
// records are found by their ids, never by counts of the district.

import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
  addUser,
  idNumber,
  launchBrowser,
  newContext,
  signIn,
  startServer,
  submitAndLoad,
  tail,
  textOf,
} from './helpers.js';

const DISTRICT = '350503000000';
const SHAOLIN = '350503001001';
const PASSWORD = 'Fed-training#2026';
const PHONE = { width: 390, height: 844 };

function womanId(birth) {
  const seq = String(randomInt(500) * 2).padStart(3, '0');
  return idNumber(`350503${birth}${seq}`);
}

function randomPhone() {
  return `139${String(randomInt(100_000_000)).padStart(8, '0')}`;
}

/** Today in the federation's time zone (UTC+8), as the server counts days. */
function todayInChina() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

async function apiSession(page, baseUrl) {
  const me = await page.request.get(`${baseUrl}/api/v1/me`);
  return me.headers()['x-csrf-token'];
}

async function noSidewaysScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `no sideways scrolling (${width}px)`);
}

describe('training: enroll, check in by QR, finish, certificate and its verification', { timeout: 240_000 }, () => {
  let server;
  let demo;
  let browser;
  const fed = `fed_${randomInt(1_000_000)}`;

  before(
    async () => {
      [server, demo] = await Promise.all([
        startServer({ label: 'training' }),
        startServer({ label: 'training-demo', demo: true }),
      ]);
      for (const s of [server, demo]) {
        await addUser(s, { username: fed, role: 'federation', unit: DISTRICT, name: '黄丽娟' }, PASSWORD);
      }
      browser = await launchBrowser();
    },
    { timeout: 200_000 },
  );

  after(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), demo?.stop()]);
  });

  test('a course from its form to a verified certificate', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.on('dialog', (d) => d.accept());
    try {
      await signIn(page, server.baseUrl, fed, PASSWORD);
      const csrf = await apiSession(page, server.baseUrl);
      const id = womanId('19860712');
      const phone = randomPhone();
      const res = await page.request.post(`${server.baseUrl}/api/v1/people`, {
        headers: { 'x-csrf-token': csrf },
        data: { name: '王秀丽', id_number: id, phone, unit_code: SHAOLIN, tags: ['unemployed'] },
      });
      assert.equal(res.status(), 201, await res.text());

      // The course, by its form.
      await page.goto(`${server.baseUrl}/`);
      await page.click('#nav-training');
      await page.click('#course-new');
      await page.fill('#title', '巾帼创业培训（SYB）第三期');
      await page.selectOption('#tier', 'entrepreneurship');
      await page.check('input[name=target_tags][value=unemployed]');
      await page.fill('#capacity', '30');
      await page.fill('#completion_share', '50');
      const made = await submitAndLoad(page, '#course-submit');
      assert.equal(made.status(), 200);
      const courseUrl = page.url();
      assert.match(new URL(courseUrl).pathname, /^\/training\/courses\/\d+$/);

      // Today's session, in a room.
      await page.click('#session-panel summary');
      await page.fill('#session-date', todayInChina());
      await page.fill('#session-topic', '创业意识与创业构思');
      await page.fill('#session-place', '区妇女儿童活动中心三楼');
      await page.fill('#session-teacher', '陈丽华');
      assert.equal((await submitAndLoad(page, '#session-submit')).status(), 200);
      assert.match(await textOf(page, '#course-sessions'), /创业意识与创业构思/);

      // She is enrolled from the registry, found by the tail of her ID number.
      await page.click('#enroll-panel summary');
      await page.fill('#person_id-search', id.slice(-6));
      await page.locator('#enroll-form .person-results button').first().click();
      assert.ok(Number(await page.inputValue('#person_id')) > 0, 'she is chosen');
      assert.equal((await submitAndLoad(page, '#enroll-submit')).status(), 200);
      assert.match(await textOf(page, '#course-enrollments'), /王秀丽/);

      // The session's page: its QR check-in link.
      await page.locator('.session-link').first().click();
      const checkinUrl = (await textOf(page, '#session-checkin-url')).trim();
      assert.match(checkinUrl, /\/checkin\/[\w-]+$/);
      assert.ok(await page.locator('#session-qr svg').isVisible(), 'the QR code');
      const sessionUrl = page.url();

      // On her phone: the check-in form, no sign-in.
      const phoneContext = await newContext(browser, { viewport: PHONE });
      const mobile = await phoneContext.newPage();
      try {
        await mobile.goto(checkinUrl);
        await noSidewaysScroll(mobile);
        assert.match(await textOf(mobile, '#checkin-event'), /巾帼创业培训/);
        await mobile.fill('#name', '王秀丽');
        await mobile.fill('#phone', phone);
        await mobile.check('#sex-female');
        const sent = await submitAndLoad(mobile, '#checkin-submit');
        assert.equal(sent.status(), 200);
        assert.ok(await mobile.locator('#checkin-done').isVisible());
        assert.ok(await mobile.locator('#checkin-training').isVisible(), 'a training session');
        assert.deepEqual(phoneContext.pageErrors, [], 'uncaught script errors on the phone');
      } finally {
        await phoneContext.close();
      }

      // The desk sees her present, by QR.
      await page.goto(sessionUrl);
      assert.ok(await page.locator('#roll input[type=checkbox]').first().isChecked(), 'ticked');
      assert.match(await textOf(page, '#roll'), /扫码签到/);
      assert.match(await textOf(page, '#session-present'), /^1 \/ 1/);

      // The printable sign-in sheet lists her with a blank column to sign.
      await page.click('#sign-in-link');
      assert.match(await textOf(page, '#sign-in-table'), /王秀丽/);

      // Finished: she completed it and has a numbered certificate.
      await page.goto(courseUrl);
      const finished = await submitAndLoad(page, '#finish-submit');
      assert.equal(finished.status(), 200);
      assert.match(await textOf(page, '#course-stage'), /已结业/);
      assert.equal((await textOf(page, '#report-completed')).trim(), '1');
      await page.locator('.certificate-link').first().click();
      assert.match(await textOf(page, '#certificate-body'), /王秀丽/);
      const number = (await textOf(page, '#certificate-number')).replace(/^.*：/, '').trim();
      assert.match(number, /^\d{6}-\d{4}-\d{5}-[A-Z2-9]{4}$/);
      const docx = await page.request.get(`${server.baseUrl}${await page.getAttribute('#certificate-docx', 'href')}`);
      assert.equal(docx.status(), 200);
      assert.match(docx.headers()['content-type'], /wordprocessingml/);

      // The public verification, on a phone: the course, the day, the name masked — nothing
      // that identifies her further.
      const verifyContext = await newContext(browser, { viewport: PHONE });
      const pub = await verifyContext.newPage();
      try {
        const shown = await pub.goto(`${server.baseUrl}/public/certificates/${number}`);
        assert.equal(shown.status(), 200);
        await noSidewaysScroll(pub);
        assert.equal((await textOf(pub, '#certificate-name')).trim(), '王*丽');
        assert.match(await textOf(pub, '#certificate-course'), /巾帼创业培训（SYB）第三期/);
        assert.equal((await textOf(pub, '#certificate-date')).trim(), todayInChina());
        const html = await pub.content();
        for (const secret of [id, id.slice(-4), phone, phone.slice(-4), '王秀丽', '少林']) {
          assert.ok(!html.includes(secret), `the verification page shows ${secret}`);
        }
      } finally {
        await verifyContext.close();
      }

      assert.deepEqual(context.foreignRequests, [], 'the page asked for something not on 127.0.0.1');
      assert.deepEqual(context.pageErrors, [], 'uncaught script errors on the page');
    } catch (err) {
      err.message += `\n--- page: ${page.url()}\n--- server output (tail):\n${tail(server.output())}`;
      throw err;
    } finally {
      await context.close();
    }
  });

  test('the demo district: a running course with its online part, the report, the calls due', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await signIn(page, demo.baseUrl, fed, PASSWORD);
      assert.ok(await page.locator('#todo-courses').isVisible(), 'the running courses card');
      assert.ok(await page.locator('#todo-training-follow-ups li').first().isVisible(), 'calls due');
      await page.click('#nav-training');
      assert.match(await textOf(page, '#courses-table'), /SYB/);
      assert.match(await textOf(page, '#courses-table'), /企业如何过冬/);
      await page.locator('.course-link', { hasText: '技能培训' }).first().click();
      assert.match(await textOf(page, '#course-sessions'), /线上/);
      assert.match(await textOf(page, '#course-places'), /候补/);
      await page.goto(`${demo.baseUrl}/training/report`);
      const syb = page.locator('#report-tiers tr[data-tier=entrepreneurship]');
      assert.match(await syb.textContent(), /\d+%/);
      await page.goto(`${demo.baseUrl}/training/follow-ups`);
      assert.ok((await page.locator('article.follow-up').count()) > 0, 'completers to call');
      assert.deepEqual(context.pageErrors, [], 'uncaught script errors on the page');
    } catch (err) {
      err.message += `\n--- page: ${page.url()}\n--- server output (tail):\n${tail(demo.output())}`;
      throw err;
    } finally {
      await context.close();
    }
  });
});
