// A screenshot of every page at desk width (1280 px) and phone width (390 px), saved under
// e2e/test-results/pages/ so that a change to the pages can be looked at, page by page. Each
// page must also answer 200, keep inside the phone's width, and raise no script error.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ADMIN_PASSWORD, DESK, PHONE, addUser, inBrowser, saveScreenshot, serveForFile } from './helpers.js';

const WIDTHS = { desk: DESK, phone: PHONE };

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
  const officer = { username: 'linfang', password: 'Lin-Fang#2026ok' };
  const admin = { username: 'admin', password: ADMIN_PASSWORD };
  const env = serveForFile({
    label: 'screens',
    demo: true,
    users: [{ ...officer, role: 'federation', unit: '350503', name: '林芳' }],
  });

  /**
   * Run `body(page, width, viewport)` in a fresh context at desk width, then at phone width,
   * signed in as `user` when given; each context is checked afterwards as `check` lists.
   */
  async function atEachWidth(user, check, body) {
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      const options = { browser: env.browser, server: env.server, viewport, user, check };
      await inBrowser(options, (page) => body(page, width, viewport));
    }
  }

  /** Open `path` (it must answer 200) and save its screenshot as pages/`name`.`width`.png. */
  async function visit(page, path, width, name = path.replace(/^\//, '').replace(/[/?=&]/g, '_') || 'home') {
    const response = await page.goto(`${env.server.baseUrl}${path}`);
    assert.equal(response.status(), 200, `${path} at ${width}`);
    await saveScreenshot(page, `pages/${name}.${width}.png`);
  }

  /** Every page `paths(records)` lists, signed in as `user`, at both widths. */
  async function shoot(user, paths) {
    await atEachWidth(user, undefined, async (page, width, viewport) => {
      const { baseUrl } = env.server;
      const records = {
        person: await firstLink(page, baseUrl, '/people', 'a.person-link'),
        case: await firstLink(page, baseUrl, '/cases', 'a.case-link'),
        openCase: await firstLink(page, baseUrl, '/cases?status=in_progress', 'a.case-link'),
        enterprise: await firstLink(page, baseUrl, '/enterprises', 'a.enterprise-link'),
        job: await firstLink(page, baseUrl, '/jobs', 'a.job-link'),
        event: await firstLink(page, baseUrl, '/events', 'a.event-link'),
        seeker: await firstLink(page, baseUrl, '/seekers', 'a.seeker-link'),
        child: await firstLink(page, baseUrl, '/children', 'a.child-link'),
        parentSchool: await firstLink(page, baseUrl, '/parent-schools', 'a.parent-school-link'),
        campaign: await firstLink(page, baseUrl, '/awards', 'a.award-campaign-link'),
        modelWoman: await firstLink(page, baseUrl, '/model-women', 'a.model-woman-link'),
        fundCampaign: await firstLink(page, baseUrl, '/funds', 'a.fund-campaign-link'),
        // The demo's SYB course is finished: its sessions, sign-in sheet and certificates.
        course: await firstLink(page, baseUrl, '/training?q=SYB', 'a.course-link'),
      };
      // The demo's 低保 screening: a cycle, a person on its roll, its follow-ups.
      records.program = await firstLink(page, baseUrl, '/programs?kind=screening', 'a.program-link');
      if (records.program) {
        records.cycle = await firstLink(page, baseUrl, records.program, 'a.cycle-link');
      }
      if (records.cycle) {
        records.rollEntry = await firstLink(page, baseUrl, records.cycle, 'a.roll-person');
      }
      records.followUp = await firstLink(page, baseUrl, '/programs/follow-ups', 'a.follow-up-link');
      if (records.course) {
        records.session = await firstLink(page, baseUrl, records.course, 'a.session-link');
        records.certificate = await firstLink(page, baseUrl, records.course, 'a.certificate-link');
      }
      // The demo district has people, employment records and cases; a record it lacks is left out.
      for (const path of paths(records).filter(Boolean)) {
        await visit(page, path, width);
        if (width === 'phone') {
          const wide = await page.evaluate((w) => [...document.querySelectorAll('main *')]
            .filter((e) => e.getBoundingClientRect().right > w + 1)
            .slice(0, 3)
            .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`), viewport.width);
          assert.deepEqual(wide, [], `${path} is wider than a phone`);
        }
      }
    });
  }

  test('the federation officer\'s pages', async () => {
    await shoot(officer, (r) => [
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
    await atEachWidth(undefined, [], async (page, width) => {
      for (const path of ['/login', '/public/intake', '/public/status']) {
        await visit(page, path, width);
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
    });
  });

  test('the system administrator\'s settings page', async () => {
    await shoot(admin, () => ['/admin/settings']);
  });

  test('the administrators\' pages', async () => {
    const secadmin = { username: 'secadmin', password: 'Gu-ard#2026pass' };
    await addUser(env.server, { username: secadmin.username, role: 'security_admin', unit: '350503' }, secadmin.password);
    await atEachWidth(secadmin, [], async (page, width) => {
      for (const path of ['/admin/users', '/admin/users/new', '/admin/sessions']) await visit(page, path, width);
    });
    // The system administrator's holiday table (issue #12).
    await atEachWidth(admin, [], (page, width) => visit(page, '/admin/holidays?year=2026', width, 'admin_holidays'));
  });
});
