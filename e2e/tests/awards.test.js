// Awards in chromium (issue #14, point 7): the district federation opens a 三八红旗手 campaign
// with a quota for a street, nominates a woman found with the person picker, votes, publishes
// the shortlist; on a phone the public notice shows her name and unit — no ID number or phone —
// and takes an objection, which the federation dismisses. On the demo district, whose
// 杰出创业女性 notice is over, the federation decides the waiting objection and makes the
// honours final; the honour shows on the enterprise's page. A model woman (典型, point 6) is
// profiled from the person picker, gets a photo that shows from the encrypted store, and the
// record of her story in the paper; her person page links to the profile.
//
// With PostgreSQL the whole run shares one database, so ID numbers are random and records are
// found by their ids, never by counts of the district.

import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, test } from 'node:test';

import { DISTRICT, EAST_LAKE, SHAOLIN, womanId } from './district.js';
import { PHONE, apiClient, assertNoSidewaysScroll, inBrowser, serveForFile, submitAndLoad, textOf } from './helpers.js';

describe('awards: nominate, review, publish, object, finalize', { timeout: 240_000 }, () => {
  const fed = { username: `fed_${randomInt(1_000_000)}`, password: 'Fed-awards#2026' };
  const env = serveForFile({
    label: 'awards',
    withDemo: true,
    users: [{ ...fed, role: 'federation', unit: DISTRICT, name: '黄丽娟' }],
    timeout: 200_000,
  });

  test('a campaign goes from the form to the public notice and its objection', async () => {
    const { browser, server } = env;
    await inBrowser({ browser, server, user: fed, acceptDialogs: true }, async (page) => {
      const id = womanId('19800308');
      const client = await apiClient(page, server.baseUrl);
      await client.post('/people', { name: '郑雅琴', id_number: id, phone: '13905951234', unit_code: SHAOLIN });

      await page.goto(`${server.baseUrl}/`);
      await page.click('#nav-awards');
      await page.click('#award-campaign-new');
      await page.selectOption('#award', 'march8_red_banner_holder');
      await page.fill('#title', '2026 年度三八红旗手推荐评选');
      await page.fill(`input[name="quota-${EAST_LAKE}"]`, '2');
      const created = await submitAndLoad(page, '#award-campaign-submit');
      assert.equal(created.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/awards\/\d+$/);

      // The nominee, found by the tail of her ID number.
      await page.click('#nominate-panel summary');
      await page.fill('#person_id-search', id.slice(-6));
      await page.locator('#nominate-form .person-results button').first().click();
      assert.ok(Number(await page.inputValue('#person_id')) > 0, 'the nominee is chosen');
      await page.selectOption('#nominate-unit', SHAOLIN);
      await page.fill('#deeds', '创办巾帼家政服务站，带动 40 名失业妇女再就业');
      const nominated = await submitAndLoad(page, '#nominate-submit');
      assert.equal(nominated.status(), 200);
      assert.match(await textOf(page, '#award-review'), /郑雅琴/);

      await page.locator('.vote-form select').first().selectOption('for');
      const voted = await submitAndLoad(page, '.vote-form button');
      assert.equal(voted.status(), 200);
      assert.match(await textOf(page, '#award-review'), /✓/, 'carried');
      const published = await submitAndLoad(page, '#publish-submit');
      assert.equal(published.status(), 200);
      const notice = await page.getAttribute('#award-notice-link', 'href');
      assert.match(notice, /^\/public\/notices\//);

      // The public notice on a phone: her name and unit, nothing that identifies her further.
      await inBrowser({ browser, server, viewport: PHONE, check: [] }, async (pub) => {
        await pub.goto(`${server.baseUrl}${notice}`);
        const html = await pub.content();
        assert.ok(html.includes('郑雅琴') && html.includes('少林'), 'name and unit');
        for (const secret of [id, '13905951234', '家政服务站']) {
          assert.ok(!html.includes(secret), `the notice shows ${secret}`);
        }
        await assertNoSidewaysScroll(pub, 'the public notice');
        await pub.fill('#text', '推荐材料中的就业人数需要核实');
        const sent = await submitAndLoad(pub, '#objection-submit');
        assert.equal(sent.status(), 200);
        assert.ok(await pub.locator('#objection-received').isVisible());
      });

      await page.reload();
      const objection = page.locator('article.objection').first();
      assert.match(await objection.textContent(), /就业人数需要核实/);
      await objection.locator('select[name=outcome]').selectOption('dismissed');
      const decided = await submitAndLoad(page, 'article.objection .decide-form button');
      assert.equal(decided.status(), 200);
      assert.equal(await page.locator('.decide-form').count(), 0, 'nothing left to decide');
      assert.equal(await page.locator('#finalize-form').count(), 0, 'the notice is still open');
    });
  });

  test('the demo campaign, past its notice, is made final and the honour shows', async () => {
    const { browser, demo } = env;
    const options = { browser, server: demo, user: fed, acceptDialogs: true, check: ['pageErrors'] };
    await inBrowser(options, async (page) => {
      assert.ok(await page.locator('#todo-awards').isVisible(), 'the home card');
      await page.click('#nav-awards');
      await page.locator('.award-campaign-link').first().click();
      assert.match(await textOf(page, '#award-stage'), /公示期满/);
      const campaignId = new URL(page.url()).pathname.split('/').pop();

      const objection = page.locator('article.objection').first();
      await objection.locator('select[name=outcome]').selectOption('upheld');
      assert.equal((await submitAndLoad(page, 'article.objection .decide-form button')).status(), 200);
      const finalized = await submitAndLoad(page, '#finalize-submit');
      assert.equal(finalized.status(), 200);
      assert.match(await textOf(page, '#award-stage'), /已确定/);

      const res = await page.request.get(`${demo.baseUrl}/api/v1/award-campaigns/${campaignId}/nominations`);
      const honoured = (await res.json()).items.find((n) => n.status === 'honoured');
      assert.ok(honoured, 'someone is honoured');
      await page.goto(`${demo.baseUrl}/enterprises/${honoured.enterprise_id}`);
      assert.match(await textOf(page, '#enterprise-honours'), /杰出创业女性/);
    });
  });

  test('a model woman is profiled with a photo and where her story ran', async () => {
    const { browser, server } = env;
    await inBrowser({ browser, server, user: fed, check: ['pageErrors'] }, async (page) => {
      const id = womanId('19790415');
      const client = await apiClient(page, server.baseUrl);
      const person = await client.post('/people', { name: '林素芬', id_number: id, phone: '13905950001', unit_code: SHAOLIN });
      const personId = person.id;

      await page.goto(`${server.baseUrl}/`);
      await page.click('#nav-model-women');
      await page.click('#model-woman-new');
      await page.fill('#person_id-search', id.slice(-6));
      await page.locator('#model-woman-form .person-results button').first().click();
      await page.fill('#headline', '返乡创办茶叶合作社');
      await page.fill('#story', '2015 年返乡创办茶叶合作社，带动本村 30 户妇女增收。');
      const created = await submitAndLoad(page, '#model-woman-submit');
      assert.equal(created.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/model-women\/\d+$/);
      assert.match(await textOf(page, 'h1'), /林素芬/);

      // A 1×1 PNG, shown back from the encrypted store.
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      );
      await page.setInputFiles('#photo-form input[type=file]', { name: '茶园.png', mimeType: 'image/png', buffer: png });
      const uploaded = await submitAndLoad(page, '#photo-form button');
      assert.equal(uploaded.status(), 200);
      // On a busy machine the photo may still be on its way: wait for it to load or fail.
      const width = await page.locator('#photos img').first().evaluate((img) =>
        img.complete
          ? img.naturalWidth
          : new Promise((done) => {
              img.addEventListener('load', () => done(img.naturalWidth), { once: true });
              img.addEventListener('error', () => done(0), { once: true });
            }),
      );
      assert.equal(width, 1, 'the photo loads');

      await page.click('#publication-panel summary');
      await page.selectOption('#channel', 'newspaper');
      await page.fill('#outlet', '泉州晚报');
      await page.fill('#published_on', '2026-03-08');
      const told = await submitAndLoad(page, '#publication-submit');
      assert.equal(told.status(), 200);
      assert.match(await textOf(page, '#publications'), /泉州晚报/);

      await page.goto(`${server.baseUrl}/people/${personId}`);
      assert.match(await textOf(page, '#person-model-woman'), /茶叶合作社/);
    });
  });
});
