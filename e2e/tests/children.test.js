// Children's work in chromium (issue #13): a community officer registers a left-behind child —
// refused without her guardian's consent, as she is under 14, then registered with it — and
// pairs a volunteer with her, found with the people picker, then logs the volunteer's visit;
// the pairing list shows it.
//
// One server for the file. With PostgreSQL the whole run shares one database, so ID numbers are
// random and the records are found by their ids, never by counts of the district.

import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, test } from 'node:test';

import { SHAOLIN, dayInChina, maskedId, womanId as girlId } from './district.js';
import { apiClient, inBrowser, serveForFile, submitAndLoad, textOf } from './helpers.js';

describe('children: registration with consent, pairing and a visit', { timeout: 120_000 }, () => {
  const officer = { username: `shaolin_${randomInt(1_000_000)}`, password: 'Shao-lin#2026kid' };
  const env = serveForFile({
    label: 'children',
    users: [{ ...officer, role: 'community', unit: SHAOLIN, name: '陈美玲' }],
    timeout: 90_000,
  });

  test('a child is registered with her guardian\'s consent and paired with a volunteer who visits', async () => {
    const { browser, server } = env;
    await inBrowser({ browser, server, user: officer }, async (page) => {
      // The volunteer, registered in the officer's community (the JSON API with her session).
      const client = await apiClient(page, server.baseUrl);
      const volunteerId = girlId('19850612');
      await client.post('/people', { name: '陈丽华', id_number: volunteerId, unit_code: SHAOLIN });

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
      await page.fill('#consent_given_on', dayInChina());
      const saved = await submitAndLoad(page, '#child-submit');
      assert.equal(saved.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/children\/\d+$/);
      assert.match(await textOf(page, '#child-guardians'), /138\*\*\*\*5678/);
      assert.ok(await page.locator('#pairing-none').isVisible(), 'not paired yet');

      // The volunteer found with the picker by the tail of her ID number, paired monthly.
      await page.fill('#volunteer_person_id-search', volunteerId.slice(-6));
      const choice = page.locator('#pairing-form .person-results button', { hasText: maskedId(volunteerId) });
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
      assert.ok(visits.includes(dayInChina()) && visits.includes('孩子功课跟得上'), visits);
      assert.equal(await textOf(page, 'article.pairing .pairing-last-visit'), dayInChina());

      // The pairing list shows her, not overdue.
      await page.click('#nav-pairings');
      const list = await textOf(page, '#pairings-table');
      assert.ok(list.includes('林小雨') && list.includes('陈丽华'), list);
    });
  });
});
