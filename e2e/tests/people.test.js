// The people registry in chromium, on a `serve --demo` server (3,000 synthetic residents):
// registering a person and finding her by pinyin initials, importing a roster with a bad row,
// and revealing an ID number, which the audit log then shows.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import ExcelJS from 'exceljs';

import { SHAOLIN, maskedId as masked } from './district.js';
import {
  ADMIN_PASSWORD,
  addUser,
  assertDownload,
  idNumber,
  inBrowser,
  saveScreenshot,
  serveForFile,
  signIn,
  textOf,
  waitForPath,
  withWrongCheck,
} from './helpers.js';

const AUDITOR_PASSWORD = 'Aud-itor#2026pass';

/**
 * A roster as offices keep them: a title row above the header, the ID column as text, and a
 * “filled in by” line under the table. `rows` are the data rows (arrays in header order).
 */
async function writeRoster(path, rows) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('花名册');
  sheet.addRow(['丰泽区失业妇女花名册']);
  sheet.mergeCells('A1:G1');
  sheet.addRow(['序号', '姓名', '身份证号码', '联系电话', '所属街道', '所属社区', '人员类别']);
  rows.forEach((r, i) => sheet.addRow([i + 1, ...r]));
  sheet.addRow(['填表人：张三']);
  // The ID number and phone columns are text, as in a roster typed by hand (no 3.5E+17).
  sheet.getColumn(3).numFmt = '@';
  sheet.getColumn(4).numFmt = '@';
  sheet.getColumn(3).width = 22;
  await workbook.xlsx.writeFile(path);
}

describe('people', { timeout: 120_000 }, () => {
  let tmp;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'jinguo-people-files-'));
  });
  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });
  const env = serveForFile({ label: 'people', demo: true, timeout: 90_000 });

  /** Run `body(page, context)` in a fresh context signed in as `user` ({username, password}). */
  function signedIn(user, body) {
    return inBrowser({ browser: env.browser, server: env.server, user }, body);
  }

  /** Run `body(page, context)` signed in as admin in a fresh context; on failure add the server's output. */
  function asAdmin(body) {
    return signedIn({ username: 'admin', password: ADMIN_PASSWORD }, body);
  }

  /** Submit the people search form with `q`; fails at once when the result page is an error. */
  async function search(page, q) {
    await page.fill('#people-q', q);
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === '/people',
      ),
      page.click('#people-search-button'),
    ]);
    await page.waitForURL((url) => url.pathname === '/people' && url.searchParams.get('q') === q);
    assert.equal(response.status(), 200, `searching ${q}: GET ${response.url()}`);
  }

  test('a registered person is found by her pinyin initials and her page shows the masked ID', async () => {
    await asAdmin(async (page) => {
      const id = idNumber('35050319900307128'); // 17th digit 8: a woman

      await page.click('#nav-people');
      await waitForPath(page, '/people');
      // The demo district's registry (3,000 residents and more), as many as the API counts.
      const listed = await page.request.get(`${env.server.baseUrl}/api/v1/people?per_page=1`);
      const registered = (await listed.json()).total;
      assert.ok(registered >= 3000, `the demo registry holds ${registered} people`);
      assert.equal(await textOf(page, "#people-total"), `共 ${registered.toLocaleString("en-US")} 人`);
      await saveScreenshot(page, 'people.png', { fullPage: false });

      // Register her.
      await page.click('#people-new');
      await waitForPath(page, '/people/new');
      await page.fill('#name', '欧阳娜娜');
      await page.fill('#id_number', id);
      await page.fill('#phone', '13905951234');
      await page.selectOption('#unit_code', SHAOLIN);
      assert.match(
        await page.locator('#unit_code option:checked').textContent(),
        /少林社区/,
        `${SHAOLIN} is not 少林社区`,
      );
      await page.check('#person-form input[name="tags"][value="dibao"]');
      await Promise.all([
        page.waitForURL((url) => /^\/people\/\d+$/.test(url.pathname)),
        page.click('#save-person'),
      ]);
      const personPath = new URL(page.url()).pathname;
      assert.equal(await textOf(page, '#person-name'), '欧阳娜娜');

      // Find her by the initials of 欧阳娜娜.
      await page.click('#nav-people');
      await waitForPath(page, '/people');
      await search(page, 'oynn');
      const total = await textOf(page, '#people-total');
      assert.match(total, /^共 [1-9]\d* 人$/, `#people-total after searching oynn: ${total}`);
      const row = page.locator('#people-table tbody tr', {
        has: page.locator(`a.person-link[href="${personPath}"]`),
      });
      assert.equal(await row.count(), 1, `no result row links to ${personPath}`);
      const link = row.locator('a.person-link');
      assert.equal((await link.textContent()).trim(), '欧阳娜娜');
      assert.ok((await row.textContent()).includes(masked(id)), `the row does not show ${masked(id)}`);

      await link.click();
      await waitForPath(page, personPath);
      assert.equal(await textOf(page, '#person-name'), '欧阳娜娜');
      assert.equal((await textOf(page, '#person-id-number')).trim(), masked(id));
    });
  });

  test('a roster with a bad ID number: the preview names the row and the reason, the rest imports', async () => {
    const good1 = idNumber('35050319850612024');
    const good2 = idNumber('35050319920115046');
    const bad = withWrongCheck(idNumber('35050319880720062'));
    const file = join(tmp, '丰泽区失业妇女花名册.xlsx');
    await writeRoster(file, [
      ['林秀英', good1, '13805951001', '东湖街道', '少林社区', '失业'],
      ['陈美玲', bad, '13805951002', '东湖街道', '少林社区', '失业'],
      ['黄丽华', good2, '13805951003', '东湖街道', '少林社区', '失业'],
    ]);

    await asAdmin(async (page) => {
      await page.goto(`${env.server.baseUrl}/people/import`);
      await page.setInputFiles('#import-file', file);
      await Promise.all([
        page.waitForURL((url) => /^\/people\/import\/[^/]+$/.test(url.pathname)),
        page.click('#import-check'),
      ]);
      const previewPath = new URL(page.url()).pathname;

      // The dry run: nothing written yet.
      assert.match(await textOf(page, '#import-stage'), /尚未写入/);
      const count = async (what) => (await textOf(page, `#count-${what}`)).trim();
      assert.equal(await count('rows'), '3', 'data rows');
      assert.equal(await count('imported'), '2', 'new people in the preview');
      assert.equal(await count('updated'), '0', 'updated people in the preview');
      assert.equal(await count('rejected'), '1', 'rejected rows');
      assert.equal(await count('skipped'), '1', 'skipped rows (the 填表人 line)');

      const problems = page.locator('#import-problems tbody tr');
      assert.equal(await problems.count(), 1, 'rows of #import-problems');
      const cells = (await problems.first().locator('td').allTextContents()).map((t) => t.trim());
      assert.equal(cells[0], '4', `行号 of the bad row (sheet row 4): ${cells}`);
      assert.match(cells[1], /身份证/, `字段 of the bad row: ${cells}`);
      assert.match(cells[2], /身份证号码校验位不正确/, `原因 of the bad row: ${cells}`);

      // The list of rejected rows downloads as a workbook with the same line and reason.
      const href = await page.getAttribute('#download-rejected', 'href');
      const res = await assertDownload(page, href);
      const back = new ExcelJS.Workbook();
      await back.xlsx.load(await res.body());
      const lines = [];
      back.worksheets[0].eachRow((r) => lines.push(r.values.slice(1).map(String)));
      // Line, field and reason, then the row itself under the file's own header, so the sheet
      // can be corrected and imported again.
      assert.deepEqual(lines[0].slice(0, 3), ['行号', '字段', '原因'], `header of ${href}`);
      assert.ok(lines[0].includes('身份证号码') && lines[0].includes('姓名'), `the roster's header in ${href}: ${lines[0]}`);
      assert.equal(lines.length, 2, `rows of ${href}: ${JSON.stringify(lines)}`);
      assert.equal(lines[1][0], '4', `行号 in ${href}`);
      assert.match(lines[1][1], /身份证/, `字段 in ${href}`);
      assert.match(lines[1][2], /身份证号码校验位不正确/, `原因 in ${href}`);
      assert.ok(lines[1].length > 4, `the rejected row's own cells in ${href}: ${lines[1]}`);

      // Import for real: a progress page that reloads itself until the job is done.
      await page.click('#import-confirm');
      await page
        .locator('#import-stage', { hasText: '导入完成' })
        .waitFor({ state: 'attached', timeout: 30_000 });
      assert.equal(new URL(page.url()).pathname, previewPath);
      assert.equal(await count('imported'), '2', 'people imported');
      assert.equal(await count('rejected'), '1', 'rows rejected');
      assert.equal(await page.locator('#import-confirm').count(), 0, 'the confirm button is still there');

      // The two are in the registry now (found by ID number); the one with the typo is not (by phone).
      await page.goto(`${env.server.baseUrl}/people`);
      await search(page, good1);
      assert.deepEqual(
        await page.locator('#people-table a.person-link').allTextContents(),
        ['林秀英'],
        `searching ${good1}`,
      );
      await search(page, '13805951002');
      assert.match(await textOf(page, '#people-total'), /^共 0 人$/, 'the rejected row was imported');
    });
  });

  test('revealing an ID number shows all 18 characters and is in the audit log', async () => {
    // Revealing is the work of the federation's staff, not the admin's (#10.3); the audit log is
    // the audit administrator's (三员分立).
    const clerkPassword = 'Cl-erk#2026pass';
    await addUser(env.server, { username: 'clerk', role: 'federation', unit: '350503000000' }, clerkPassword);
    await signedIn({ username: 'clerk', password: clerkPassword }, async (page, context) => {
      await page.click('#nav-people');
      await waitForPath(page, '/people');
      await search(page, '王');
      const first = page.locator('#people-table a.person-link').first();
      const href = await first.getAttribute('href');
      assert.ok(href, 'searching 王 found nobody');
      const personId = href.split('/').pop();
      await first.click();
      await waitForPath(page, href);

      const before = (await textOf(page, '#person-id-number')).trim();
      assert.match(before, /^\d{6}\*{10}\d[\dX]$/, `masked ID: ${before}`);

      await Promise.all([page.waitForLoadState('load'), page.click('#reveal-button')]);
      await page.locator('#reveal-button').waitFor({ state: 'detached' });
      const full = (await textOf(page, '#person-id-number')).trim();
      assert.match(full, /^\d{17}[\dX]$/, `revealed ID: ${full}`);
      assert.equal(masked(full), before, 'the revealed ID does not fit the masked one');

      // Signed in as the audit administrator, the log filtered to reveals through its form.
      await addUser(env.server, { username: 'auditor', role: 'audit_admin', unit: '350503000000' }, AUDITOR_PASSWORD);
      await context.clearCookies();
      await signIn(page, env.server.baseUrl, 'auditor', AUDITOR_PASSWORD);
      await page.goto(`${env.server.baseUrl}/admin/audit`);
      await page.selectOption('#audit-filters select[name="action"]', 'reveal');
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/admin/audit' && url.searchParams.get('action') === 'reveal'),
        page.click('#audit-filters button[type="submit"]'),
      ]);
      const reveals = page.locator('#audit-table tbody tr[data-action="reveal"]');
      assert.ok((await reveals.count()) >= 1, 'no reveal row in the audit log');
      assert.equal(
        await page.locator('#audit-table tbody tr[data-action]:not([data-action="reveal"])').count(),
        0,
        'the action filter let other events through',
      );
      const mine = reveals.filter({ hasText: personId });
      assert.equal(await mine.count(), 1, `no reveal row for person ${personId}`);
      const line = await mine.textContent();
      assert.match(line, /查看完整信息/);
      assert.match(line, /clerk/);
      assert.ok(!line.includes(full), 'the audit row shows the full ID number');
    });
  });
});
