// Funds in chromium (issue #15): the district federation opens a fundraising campaign from the
// menu 资金与捐赠, records a donation typed in yuan, prints its receipt (the amount in figures and
// in Chinese capitals, and the .docx beside it), transfers the campaign's money out to civil
// affairs and sees the campaign's balance reach zero.
//
// With PostgreSQL the whole run shares one database, so names carry a random tag and the
// receipt's number is read from the page, never assumed.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';

import { DISTRICT } from './district.js';
import { assertDownload, assertPrints, inBrowser, serveForFile, submitAndLoad, textOf } from './helpers.js';

const TAG = randomBytes(3).toString('hex');

describe('funds: donate, print the receipt, transfer out to zero', { timeout: 120_000 }, () => {
  const fed = { username: `fed_funds_${TAG}`, password: 'Fed-funds#2026' };
  const env = serveForFile({
    label: 'funds',
    users: [{ ...fed, role: 'federation', unit: DISTRICT, name: '陈慧敏' }],
    timeout: 100_000,
  });

  test('a campaign takes a donation with its receipt and is handed out to zero', async () => {
    const { browser, server } = env;
    await inBrowser({ browser, server, user: fed, acceptDialogs: true }, async (page) => {
      await page.click('#nav-funds');
      await page.click('#fund-campaign-new');
      await page.fill('#campaign-title', `抗震救灾爱心募捐 ${TAG}`);
      const today = new Date().toISOString().slice(0, 10);
      await page.fill('#campaign-starts_on', today);
      const opened = await submitAndLoad(page, '#fund-campaign-submit');
      assert.equal(opened.status(), 200);
      const campaignPath = new URL(page.url()).pathname;
      assert.match(campaignPath, /^\/funds\/campaigns\/\d+$/);

      // A donation typed in yuan; a fraction of a fen is refused beside the amount first.
      await page.click('#campaign-donate');
      await page.selectOption('#donor-kind', 'association');
      await page.fill('#donor-name', `区女企业家协会 ${TAG}`);
      await page.fill('#amount', '1.005');
      const refused = await submitAndLoad(page, '#fund-donation-submit');
      assert.equal(refused.status(), 422);
      assert.ok(await page.locator('#amount-error').isVisible(), 'the reason beside the amount');
      await page.fill('#amount', '104,000.50');
      const donated = await submitAndLoad(page, '#fund-donation-submit');
      assert.equal(donated.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/funds\/donations\/\d+\/receipt$/);

      // The receipt: its number, the amount in figures and in capitals; printed, and as .docx.
      assert.match(await textOf(page, '#receipt-number'), /^\d{4}-\d{6}$/);
      assert.equal((await textOf(page, '#receipt-capitals')).trim(), '壹拾万肆仟元伍角');
      assert.match(await textOf(page, '#receipt-figures'), /104,000\.50/);
      await assertPrints(page, '#receipt-docx');
      await assertDownload(page, await page.getAttribute('#receipt-docx', 'href'), /wordprocessingml/);

      // Handed out in full: the balance reaches zero.
      await page.goto(`${server.baseUrl}${campaignPath}`);
      assert.match(await textOf(page, '#campaign-balance'), /104,000\.50/);
      await page.click('#campaign-transfer');
      await page.fill('#to_party-name', '区民政局');
      await page.selectOption('#to_party-kind', 'department');
      await page.fill('#amount', '104000.5');
      const sent = await submitAndLoad(page, '#fund-transfer-submit');
      assert.equal(sent.status(), 200);
      assert.equal(new URL(page.url()).pathname, campaignPath);
      assert.equal((await textOf(page, '#campaign-balance')).trim(), '0.00');
      assert.match(await textOf(page, '#campaign-transferred'), /104,000\.50/);
      assert.match(await textOf(page, '#campaign-transfers'), /区民政局/);
    });
  });
});
