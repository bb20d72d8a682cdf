// Care programs in chromium (issue #13): the district federation defines the free screening for
// women on 低保 by its rule and sees the rule in words before saving, opens the 2026 cycle and
// sees its roll, marks a delivery, records an abnormal result and sees the follow-up it opened
// (on the person's page and as a home card), records the follow-up's outcome, and prints the
// community's sign-off sheet (签领表) with its signature column.
//
// With PostgreSQL the whole run shares one database, so the program's name carries a random
// tag, ID numbers are random and people are found by their ids, never by counts of the roll.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';

import { DISTRICT, SHAOLIN, dayInChina, womanId } from './district.js';
import { apiClient, assertPrints, inBrowser, serveForFile, submitAndLoad, textOf } from './helpers.js';

const TAG = randomBytes(3).toString('hex');

describe('programs: the 低保 screening from its rule to the sign-off sheet', { timeout: 150_000 }, () => {
  const fed = { username: `fed_care_${TAG}`, password: 'Fed-care#2026' };
  const env = serveForFile({
    label: 'programs',
    users: [{ ...fed, role: 'federation', unit: DISTRICT, name: '黄秀琴' }],
    timeout: 100_000,
  });

  test('a screening is defined by its rule, worked on its roll, followed up and printed', async () => {
    const { browser, server } = env;
    await inBrowser({ browser, server, user: fed, acceptDialogs: true }, async (page) => {
      // Two women on 低保 in 少林社区 (the JSON API with her session).
      const client = await apiClient(page, server.baseUrl);
      const register = async (name, birth) => {
        const person = await client.post('/people', { name, id_number: womanId(birth), unit_code: SHAOLIN, tags: ['dibao'] });
        return person.id;
      };
      const screened = await register('林秀珍', '19780315');
      const delivered = await register('王美华', '19820920');

      // The program, its rule shown in words beside the form before it is saved.
      await page.click('#nav-programs');
      await page.click('#program-new');
      await page.fill('#name', `低保妇女两癌免费筛查 ${TAG}`);
      await page.selectOption('#kind', 'screening');
      await page.selectOption('#unit_code', DISTRICT);
      await page.selectOption('#rule_sex', 'female');
      await page.fill('#rule_age_min', '35');
      await page.fill('#rule_age_max', '64');
      await page.check('#rule_tags_all input[value="dibao"]');
      await page.check('#result_readers input[value="federation"]');
      await page.click('#program-preview');
      await page.waitForFunction(() => /低保/.test(document.querySelector('#rule-words')?.textContent ?? ''));
      const words = await textOf(page, '#rule-words');
      assert.match(words, /女性/);
      assert.match(words, /35/);
      assert.match(words, /64/);
      const saved = await submitAndLoad(page, '#program-submit');
      assert.equal(saved.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/programs\/\d+$/);
      assert.match(await textOf(page, '#program-rule'), /低保/);

      // The 2026 cycle: its roll drawn from the rule.
      await page.fill('#cycle-title', `2026 年筛查 ${TAG}`);
      await page.fill('#starts_on', dayInChina(-1));
      await page.fill('#ends_on', dayInChina(60));
      await page.check('#benefit-service');
      const opened = await submitAndLoad(page, '#cycle-submit');
      assert.equal(opened.status(), 200);
      const cyclePath = new URL(page.url()).pathname;
      assert.match(cyclePath, /^\/cycles\/\d+$/);
      assert.ok(Number((await textOf(page, '#cycle-roll-size')).replace(/,/g, '')) >= 2);
      await page.click('#tab-roll-link');
      assert.ok(await page.locator(`#roll-${screened}`).isVisible(), 'she is on the roll');

      // A delivery, marked on the roll.
      const row = page.locator(`#roll-${delivered}`);
      const loaded = page.waitForEvent('load');
      await row.locator('.deliver-submit').click();
      await loaded;
      assert.equal(await page.locator(`#roll-${delivered}`).getAttribute('data-status'), 'delivered');

      // An abnormal result on her page opens a follow-up.
      await page.goto(`${server.baseUrl}${cyclePath}/roll/${screened}`);
      await page.selectOption('#cervical', 'abnormal');
      await page.selectOption('#hpv', 'positive');
      await page.fill('#referral', '泉州市妇幼保健院');
      const recorded = await submitAndLoad(page, '#result-submit');
      assert.equal(recorded.status(), 200);
      assert.ok(await page.locator('#entry-follow-up').isVisible(), 'the follow-up it opened');
      assert.equal((await textOf(page, '#follow-up-status')).trim(), '待随访');
      assert.equal((await textOf(page, '#follow-up-due')).trim().slice(0, 10), dayInChina(30));

      // The home page counts it, without her name; its link lists her.
      await page.goto(server.baseUrl + '/');
      const card = page.locator('#todo-screening-follow-ups');
      assert.ok(await card.isVisible(), 'the follow-ups card');
      assert.doesNotMatch(await card.textContent(), new RegExp('林秀珍'));
      await card.locator(`a[href*="cycle_id=${cyclePath.split('/').pop()}"]`).click();
      await page.waitForURL((url) => url.pathname === '/programs/follow-ups');
      assert.match(await textOf(page, '#follow-ups-table'), new RegExp('林秀珍'));

      // The follow-up's outcome, recorded on her page.
      await page.goto(`${server.baseUrl}${cyclePath}/roll/${screened}`);
      await page.fill('#follow-up-outcome-input', '已到市妇幼复查，确诊宫颈炎，已治疗');
      const closed = await submitAndLoad(page, '#follow-up-submit');
      assert.equal(closed.status(), 200);
      assert.equal((await textOf(page, '#follow-up-status')).trim(), '已随访');
      assert.match(await textOf(page, '#follow-up-outcome'), /宫颈炎/);

      // The community's sign-off sheet, with a signature column, printed.
      await page.goto(`${server.baseUrl}${cyclePath}`);
      await page.click('#tab-prints-link');
      await page.selectOption('#print-unit', SHAOLIN);
      const sheet = await submitAndLoad(page, '#print-signoff');
      assert.equal(sheet.status(), 200);
      assert.ok(await page.locator('#signoff-sheet').isVisible());
      assert.ok(await page.locator(`#signoff-sheet tr[data-person-id="${screened}"]`).isVisible());
      assert.ok(await page.locator('#signoff-sheet th.signature').isVisible(), 'the signature column');
      await assertPrints(page, '#print-button');
    });
  });
});
