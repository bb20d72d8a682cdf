// The shared page parts in chromium, on a `serve --demo` server: lists that become cards on a
// phone (measured: no cell narrower than four characters), numbered pages that keep the
// filters, and the flash message after a save that shows once.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PHONE, assertNoSidewaysScroll, idNumber, inBrowser, saveScreenshot, serveForFile, textOf, waitForPath } from './helpers.js';

const DISTRICT = '350503';

describe('page parts', { timeout: 180_000 }, () => {
  const officer = { username: 'linfang', password: 'Lin-Fang#2026ok' };
  const env = serveForFile({
    label: 'ui',
    demo: true,
    users: [{ ...officer, role: 'federation', unit: DISTRICT, name: '林芳' }],
  });

  /** Run `body(page)` signed in as the federation officer, at `viewport`. */
  function asFederation(viewport, body) {
    return inBrowser({ browser: env.browser, server: env.server, viewport, user: officer }, body);
  }

  /**
   * The narrowest data cell of `table` in units of the page's character width, and whether the
   * header row is shown.
   */
  async function measure(page, table) {
    return page.evaluate((selector) => {
      const t = document.querySelector(selector);
      const em = parseFloat(getComputedStyle(t).fontSize);
      const cells = [...t.querySelectorAll('tbody td')].filter((td) => td.textContent.trim() !== '');
      const widths = cells.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return td.getBoundingClientRect().width / em;
      });
      const head = t.querySelector('thead');
      return {
        cells: cells.length,
        narrowest: Math.min(...widths),
        headShown: head ? getComputedStyle(head).display !== 'none' : false,
        rowDisplay: getComputedStyle(t.querySelector('tbody tr')).display,
      };
    }, table);
  }

  for (const [path, table] of [
    ['/people', '#people-table'],
    ['/jobs', '#jobs-table'],
    ['/enterprises', '#enterprises-table'],
    ['/cases', '#cases-table'],
  ]) {
    test(`at 390 px the rows of ${path} are cards, no cell narrower than four characters`, async () => {
      await asFederation(PHONE, async (page) => {
        await page.goto(`${env.server.baseUrl}${path}`);
        const m = await measure(page, table);
        assert.ok(m.cells > 0, `${path} shows rows`);
        assert.equal(m.headShown, false, 'the header row is hidden: each cell is labelled instead');
        assert.equal(m.rowDisplay, 'block', 'each row is a card');
        assert.ok(m.narrowest >= 4, `the narrowest cell of ${path} is ${m.narrowest.toFixed(1)} characters wide`);
        await assertNoSidewaysScroll(page, path);
        await saveScreenshot(page, `phone${path.replaceAll('/', '-')}.png`, { fullPage: false });
      });
    });
  }

  test('numbered pages keep the filters, and a page size restarts at page one', async () => {
    await asFederation(undefined, async (page) => {
      await page.goto(`${env.server.baseUrl}/people?sex=female`);
      const total = await textOf(page, '#people-total');
      assert.match(total, /^共 \d{1,3}(,\d{3})+ 人$/, `the count has thousands separators: ${total}`);
      await page.click('.pager-numbers a:text-is("2")');
      await page.waitForURL((url) => url.searchParams.get('page') === '2');
      assert.equal(new URL(page.url()).searchParams.get('sex'), 'female', 'page 2 keeps the filter');
      assert.equal(await textOf(page, '.pager-numbers strong'), '2');
      await page.click('.pager-sizes a:text-is("20")');
      await page.waitForURL((url) => url.searchParams.get('per_page') === '20');
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('page'), '1');
      assert.equal(url.searchParams.get('sex'), 'female');
      assert.equal(await page.locator('#people-table tbody tr').count(), 20);
      await page.click('.pager-last');
      await page.waitForURL((u) => u.searchParams.get('page') !== '1');
      assert.equal(await page.locator('.pager-next').count(), 0, 'the last page has no next');
    });
  });

  test('a save lands on its page with a flash message that shows once', async () => {
    await asFederation(undefined, async (page) => {
      await page.goto(`${env.server.baseUrl}/jobs`);
      await page.click('#jobs-table a.job-link');
      await page.waitForURL((url) => /^\/jobs\/\d+$/.test(url.pathname));
      const jobPath = new URL(page.url()).pathname;
      await page.goto(`${env.server.baseUrl}${jobPath}/edit`);
      await Promise.all([page.waitForURL((url) => url.pathname === jobPath), page.click('#job-submit')]);
      assert.equal(await textOf(page, 'main .notice'), '已保存。');
      await page.reload();
      await waitForPath(page, jobPath);
      assert.equal(await page.locator('main .notice').count(), 0, 'the message shows once');
    });
  });

  test('the person picker registers a new person in place, then finds her by her initials', async () => {
    await asFederation(undefined, async (page) => {
      await page.goto(`${env.server.baseUrl}/cases/new`);
      const picker = page.locator('#case-form .picker, form .picker').first();
      await picker.locator('.picker-search').fill('欧阳娜娜');
      await picker.locator('.picker-results li', { hasText: '没有找到' }).waitFor();
      await picker.locator('.picker-new summary').click();
      await picker.locator('.pn-unit_code option').nth(1).waitFor({ state: 'attached' });
      await picker.locator('.pn-name').fill('欧阳娜娜');
      await picker.locator('.pn-id_number').fill('35050319900307128X');
      await picker.locator('.pn-save').click();
      // The refusal arrives with the answer to the script's request: wait for it.
      await picker.locator('.pn-error:not(:empty)').waitFor();
      assert.match(await picker.locator('.pn-error').textContent(), /身份证/, 'a wrong ID is named');
      await picker.locator('.pn-id_number').fill(idNumber('35050319900307128'));
      await picker.locator('.pn-unit_code').selectOption({ index: 2 });
      await picker.locator('.pn-save').click();
      await picker.locator('.picker-chosen li', { hasText: '欧阳娜娜' }).waitFor();
      const chosen = await page.inputValue('#person_ids');
      assert.match(chosen, /^\d+$/, `the form holds her id: ${chosen}`);

      await picker.locator('.picker-search').fill('oynn');
      await picker.locator('.picker-results button', { hasText: '欧阳娜娜' }).first().click();
      assert.equal(await page.inputValue('#person_ids'), chosen, 'chosen once, not twice');
      await saveScreenshot(page, 'picker.png', { fullPage: false });
    });
  });
});

