// Children's work in chromium (issue #13): a community officer registers a left-behind child —
// refused without her guardian's consent, as she is under 14, then registered with it — and
// pairs a volunteer with her, found with the people picker, then logs the volunteer's visit;
// the pairing list shows it.
//
// One server for the file. With PostgreSQL the whole run shares one database, so ID numbers are
// random and the records are found by their ids, never by counts of the district.

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

/** 少林社区居委会, in 东湖街道. */
const SHAOLIN = '350503001001';
const PASSWORD = 'Shao-lin#2026kid';
const USERNAME = `shaolin_${randomInt(1_000_000)}`;

/** A random ID number of the district: born on `birth` (YYYYMMDD), a girl (even 17th digit). */
function girlId(birth) {
  const seq = String(randomInt(500) * 2).padStart(3, '0');
  return idNumber(`350503${birth}${seq}`);
}

/** `350503**********83`: how pages and pickers show an ID number. */
function masked(id) {
  return `${id.slice(0, 6)}${'*'.repeat(10)}${id.slice(16)}`;
}

function todayInChina() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

describe('children: registration with consent, pairing and a visit', { timeout: 120_000 }, () => {
  let server;
  let browser;

  before(
    async () => {
      server = await startServer({ label: 'children' });
      await addUser(server, { username: USERNAME, role: 'community', unit: SHAOLIN, name: '陈美玲' }, PASSWORD);
      browser = await launchBrowser();
    },
    { timeout: 90_000 },
  );

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a child is registered with her guardian\'s consent and paired with a volunteer who visits', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await signIn(page, server.baseUrl, USERNAME, PASSWORD);
      // The volunteer, registered in the officer's community (the JSON API with her session).
      const me = await page.request.get(`${server.baseUrl}/api/v1/me`);
      const csrf = me.headers()['x-csrf-token'];
      const volunteerId = girlId('19850612');
      const res = await page.request.post(`${server.baseUrl}/api/v1/people`, {
        headers: { 'x-csrf-token': csrf },
        data: { name: '陈丽华', id_number: volunteerId, unit_code: SHAOLIN },
      });
      assert.equal(res.status(), 201, await res.text());

      // The menu's children's work, then the registration form.
      await page.goto(`${server.baseUrl}/`);
      assert.ok(await page.locator('#nav-children').isVisible());
      assert.ok(await page.locator('#nav-parent-schools').isVisible());
      assert.ok(await page.locator('#nav-pairings').isVisible());
      await page.click('#nav-children');
      await page.click('#child-new');
      const childId = girlId('20190301');
      await page.fill('#name', '林小雨');
      await page.fill('#id_number', childId);
      await page.check('input[name=tags][value=left_behind_child]');
      await page.fill('#guardian_name', '林秀英');
      await page.fill('#guardian_phone', '13812345678');
      await page.selectOption('#guardian_relation', 'grandparent');
      const refused = await submitAndLoad(page, '#child-submit');
      assert.equal(refused.status(), 422, 'under 14 without the consent');
      assert.match(await textOf(page, '#consent-error'), /监护人同意/);
      assert.equal(await page.inputValue('#name'), '林小雨', 'what was typed is kept');

      await page.fill('#consent_given_by', '林秀英');
      await page.fill('#consent_given_on', todayInChina());
      const saved = await submitAndLoad(page, '#child-submit');
      assert.equal(saved.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/children\/\d+$/);
      assert.match(await textOf(page, '#child-guardians'), /138\*\*\*\*5678/);
      assert.ok(await page.locator('#pairing-none').isVisible(), 'not paired yet');

      // The volunteer found with the picker by the tail of her ID number, paired monthly.
      await page.fill('#volunteer_person_id-search', volunteerId.slice(-6));
      const choice = page.locator('#pairing-form .person-results button', { hasText: masked(volunteerId) });
      await choice.first().click();
      assert.ok(Number(await page.inputValue('#volunteer_person_id')) > 0, 'the volunteer is chosen');
      await page.selectOption('#visit_every', 'monthly');
      const paired = await submitAndLoad(page, '#pairing-submit');
      assert.equal(paired.status(), 200);
      const pairing = page.locator('article.pairing').first();
      assert.match(await pairing.locator('h3').textContent(), /陈丽华/);

      // Her first visit, logged today with a note.
      await pairing.locator('select[name=how]').selectOption('home');
      await pairing.locator('input[name=note]').fill('奶奶身体好转，孩子功课跟得上');
      const logged = await submitAndLoad(page, 'article.pairing .visit-submit');
      assert.equal(logged.status(), 200);
      const visits = await textOf(page, 'article.pairing .pairing-visits');
      assert.ok(visits.includes(todayInChina()) && visits.includes('孩子功课跟得上'), visits);
      assert.equal(await textOf(page, 'article.pairing .pairing-last-visit'), todayInChina());

      // The pairing list shows her, not overdue.
      await page.click('#nav-pairings');
      const list = await textOf(page, '#pairings-table');
      assert.ok(list.includes('林小雨') && list.includes('陈丽华'), list);

      assert.deepEqual(context.foreignRequests, [], 'the page asked for something not on 127.0.0.1');
      assert.deepEqual(context.pageErrors, [], 'uncaught script errors on the page');
    } catch (err) {
      err.message += `\n--- page: ${page.url()}\n--- server output (tail):\n${tail(server.output())}`;
      throw err;
    } finally {
      await context.close();
    }
  });
});
