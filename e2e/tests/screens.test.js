// A screenshot of every page at desk width (1280 px) and phone width (390 px), saved under
// e2e/test-results/pages/ so that a change to the pages can be looked at, page by page. Each
// page must also answer 200, keep inside the phone's width, and raise no script error.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN_PASSWORD,
  addUser,
  launchBrowser,
  newContext,
  resultsDir,
  signIn,
  startServer,
  tail,
} from './helpers.js';

const PASSWORD = 'Lin-Fang#2026ok';
const WIDTHS = { desk: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/** The first link of `selector` on `path`: a record page of the demo district (null if none). */
async function firstLink(page, baseUrl, path, selector) {
  await page.goto(`${baseUrl}${path}`);
  const href = await page
    .locator(selector)
    .first()
    .getAttribute('href', { timeout: 5_000 })
    .catch(() => null);
  return href;
}

describe('every page at desk and phone width', { timeout: 600_000 }, () => {
  let server;
  let browser;
  const dir = join(resultsDir(), 'pages');

  before(
    async () => {
      mkdirSync(dir, { recursive: true });
      server = await startServer({ label: 'screens', demo: true });
      await addUser(server, { username: 'linfang', role: 'federation', unit: '350503', name: '林芳' }, PASSWORD);
      browser = await launchBrowser();
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function shoot(username, password, paths) {
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      try {
        await signIn(page, server.baseUrl, username, password);
        const records = {
          person: await firstLink(page, server.baseUrl, '/people', 'a.person-link'),
          case: await firstLink(page, server.baseUrl, '/cases', 'a.case-link'),
          openCase: await firstLink(page, server.baseUrl, '/cases?status=in_progress', 'a.case-link'),
          enterprise: await firstLink(page, server.baseUrl, '/enterprises', 'a.enterprise-link'),
          job: await firstLink(page, server.baseUrl, '/jobs', 'a.job-link'),
          event: await firstLink(page, server.baseUrl, '/events', 'a.event-link'),
          seeker: await firstLink(page, server.baseUrl, '/seekers', 'a.seeker-link'),
          child: await firstLink(page, server.baseUrl, '/children', 'a.child-link'),
          parentSchool: await firstLink(page, server.baseUrl, '/parent-schools', 'a.parent-school-link'),
          campaign: await firstLink(page, server.baseUrl, '/awards', 'a.award-campaign-link'),
          modelWoman: await firstLink(page, server.baseUrl, '/model-women', 'a.model-woman-link'),
          fundCampaign: await firstLink(page, server.baseUrl, '/funds', 'a.fund-campaign-link'),
          // The demo's SYB course is finished: its sessions, sign-in sheet and certificates.
          course: await firstLink(page, server.baseUrl, '/training?q=SYB', 'a.course-link'),
        };
        // The demo's 低保 screening: a cycle, a person on its roll, its follow-ups.
        records.program = await firstLink(page, server.baseUrl, '/programs?kind=screening', 'a.program-link');
        if (records.program) {
          records.cycle = await firstLink(page, server.baseUrl, records.program, 'a.cycle-link');
        }
        if (records.cycle) {
          records.rollEntry = await firstLink(page, server.baseUrl, records.cycle, 'a.roll-person');
        }
        records.followUp = await firstLink(page, server.baseUrl, '/programs/follow-ups', 'a.follow-up-link');
        if (records.course) {
          records.session = await firstLink(page, server.baseUrl, records.course, 'a.session-link');
          records.certificate = await firstLink(page, server.baseUrl, records.course, 'a.certificate-link');
        }
        // The demo district has people, employment records and cases; a record it lacks is left out.
        for (const path of paths(records).filter(Boolean)) {
          const response = await page.goto(`${server.baseUrl}${path}`);
          assert.equal(response.status(), 200, `${path} at ${width}`);
          const name = path.replace(/^\//, '').replace(/[/?=&]/g, '_') || 'home';
          await page.screenshot({ path: join(dir, `${name}.${width}.png`), fullPage: true });
          if (width === 'phone') {
            const wide = await page.evaluate((w) => [...document.querySelectorAll('main *')]
              .filter((e) => e.getBoundingClientRect().right > w + 1)
              .slice(0, 3)
              .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`), viewport.width);
            assert.deepEqual(wide, [], `${path} is wider than a phone`);
          }
        }
        assert.deepEqual(context.foreignRequests, [], 'a page asked for something not on 127.0.0.1');
        assert.deepEqual(context.pageErrors, [], 'uncaught script errors on a page');
      } catch (err) {
        err.message += `\n--- page: ${page.url()}\n--- server output (tail):\n${tail(server.output())}`;
        throw err;
      } finally {
        await context.close();
      }
    }
  }

  test('the federation officer\'s pages', async () => {
    await shoot('linfang', PASSWORD, (r) => [
      '/', '/units', '/people', r.person, '/people/new', '/people/import',
      '/cases', '/cases?mine=true', r.case, r.openCase, '/cases/new', '/cases/taken-in', '/briefings', '/referrals',
      '/cases/deadlines', '/cases/stats',
      '/enterprises', r.enterprise, '/enterprises/new', '/liaison',
      '/jobs', r.job, '/jobs/new', '/seekers', r.seeker, '/seekers/new',
      '/events', r.event, '/events/new', '/assistance', '/mentorships', '/employment/outcomes',
      '/children', r.child, '/children/new',
      '/parent-schools', r.parentSchool, '/parent-schools/new', '/pairings', '/pairings?overdue=true',
      '/awards', r.campaign, '/awards/new', '/model-women', r.modelWoman, '/model-women/new',
      '/funds', r.fundCampaign, '/funds/donations/new', '/funds/transfers/new', '/funds/journal', '/funds/payments',
      '/training', r.course, '/training/courses/new', r.session, r.session && `${r.session}/sign-in`, r.certificate,
      '/training/report', '/training/follow-ups',
      '/programs', r.program, '/programs/new', r.cycle, r.rollEntry, '/programs/follow-ups', r.followUp,
      r.course && `/training/import/enrollments?course=${r.course.split('/').pop()}`,
      '/account/password',
    ]);
  });

  test('the sign-in and public pages', async () => {
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      try {
        for (const path of ['/login', '/public/intake', '/public/status']) {
          const response = await page.goto(`${server.baseUrl}${path}`);
          assert.equal(response.status(), 200, path);
          await page.screenshot({ path: join(dir, `${path.slice(1).replaceAll('/', '_')}.${width}.png`), fullPage: true });
          if (width === 'phone' && path.startsWith('/public/')) {
            // Phone first: every field of a public form is as wide as the form.
            const narrow = await page.evaluate(() => [...document.querySelectorAll('form.form')]
              .flatMap((form) => [...form.querySelectorAll('input, select, textarea, button[type=submit]')]
                .filter((e) => !['hidden', 'checkbox', 'radio'].includes(e.type) && !e.closest('.hp'))
                .filter((e) => e.getBoundingClientRect().width < form.getBoundingClientRect().width - 2)
                .map((e) => `${e.tagName.toLowerCase()}#${e.id}`)));
            assert.deepEqual(narrow, [], `${path}: fields narrower than the form at phone width`);
          }
        }
      } finally {
        await context.close();
      }
    }
  });

  test('the system administrator\'s settings page', async () => {
    await shoot('admin', ADMIN_PASSWORD, () => ['/admin/settings']);
  });

  test('the administrators\' pages', async () => {
    const res = await server.cli(['user', 'add', '--username', 'secadmin', '--role', 'security_admin', '--unit', '350503'], {
      JINGUO_PASSWORD: 'Gu-ard#2026pass',
    });
    assert.equal(res.code, 0, res.stderr);
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      try {
        await signIn(page, server.baseUrl, 'secadmin', 'Gu-ard#2026pass');
        for (const path of ['/admin/users', '/admin/users/new', '/admin/sessions']) {
          const response = await page.goto(`${server.baseUrl}${path}`);
          assert.equal(response.status(), 200, path);
          await page.screenshot({ path: join(dir, `${path.slice(1).replaceAll('/', '_')}.${width}.png`), fullPage: true });
        }
      } finally {
        await context.close();
      }
    }
    // The system administrator's holiday table (issue #12).
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      try {
        await signIn(page, server.baseUrl, 'admin', ADMIN_PASSWORD);
        const response = await page.goto(`${server.baseUrl}/admin/holidays?year=2026`);
        assert.equal(response.status(), 200, '/admin/holidays');
        await page.screenshot({ path: join(dir, `admin_holidays.${width}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    }
  });
});
