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
import { describe, test } from 'node:test';

import { DISTRICT, SHAOLIN, dayInChina, randomPhone, womanId } from './district.js';
import {
  PHONE,
  apiClient,
  assertDownload,
  assertNoSidewaysScroll,
  inBrowser,
  serveForFile,
  submitAndLoad,
  textOf,
} from './helpers.js';

describe('training: enroll, check in by QR, finish, certificate and its verification', { timeout: 240_000 }, () => {
  const fed = { username: `fed_${randomInt(1_000_000)}`, password: 'Fed-training#2026' };
  const env = serveForFile({
    label: 'training',
    withDemo: true,
    users: [{ ...fed, role: 'federation', unit: DISTRICT, name: '黄丽娟' }],
    timeout: 200_000,
  });

  test('a course from its form to a verified certificate', async () => {
    const { browser, server } = env;
    await inBrowser({ browser, server, user: fed, acceptDialogs: true }, async (page) => {
      const id = womanId('19860712');
      const phone = randomPhone();
      const client = await apiClient(page, server.baseUrl);
      await client.post('/people', { name: '王秀丽', id_number: id, phone, unit_code: SHAOLIN, tags: ['unemployed'] });

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
      await page.fill('#session-date', dayInChina());
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
      await inBrowser({ browser, server, viewport: PHONE, check: ['pageErrors'] }, async (mobile) => {
        await mobile.goto(checkinUrl);
        await assertNoSidewaysScroll(mobile, 'the check-in form');
        assert.match(await textOf(mobile, '#checkin-event'), /巾帼创业培训/);
        await mobile.fill('#name', '王秀丽');
        await mobile.fill('#phone', phone);
        await mobile.check('#sex-female');
        const sent = await submitAndLoad(mobile, '#checkin-submit');
        assert.equal(sent.status(), 200);
        assert.ok(await mobile.locator('#checkin-done').isVisible());
        assert.ok(await mobile.locator('#checkin-training').isVisible(), 'a training session');
      });

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
      await assertDownload(page, await page.getAttribute('#certificate-docx', 'href'), /wordprocessingml/);

      // The public verification, on a phone: the course, the day, the name masked — nothing
      // that identifies her further.
      await inBrowser({ browser, server, viewport: PHONE, check: [] }, async (pub) => {
        const shown = await pub.goto(`${server.baseUrl}/public/certificates/${number}`);
        assert.equal(shown.status(), 200);
        await assertNoSidewaysScroll(pub, 'the verification page');
        assert.equal((await textOf(pub, '#certificate-name')).trim(), '王*丽');
        assert.match(await textOf(pub, '#certificate-course'), /巾帼创业培训（SYB）第三期/);
        assert.equal((await textOf(pub, '#certificate-date')).trim(), dayInChina());
        const html = await pub.content();
        for (const secret of [id, id.slice(-4), phone, phone.slice(-4), '王秀丽', '少林']) {
          assert.ok(!html.includes(secret), `the verification page shows ${secret}`);
        }
      });
    });
  });

  test('the demo district: a running course with its online part, the report, the calls due', async () => {
    const { browser, demo } = env;
    await inBrowser({ browser, server: demo, user: fed, check: ['pageErrors'] }, async (page) => {
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
    });
  });
});
