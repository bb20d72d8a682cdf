// Issue #12 in chromium: each role's home page at desk width and at 390 px — the to-do cards of
// its work and none of another's (the caseworker's emergency before her ordinary case, the
// department's referral, the leader's enterprise), nothing scrolling sideways on a phone — and
// the enterprise pickers: on the outcome form the district's directory (a woman may be placed in
// another street), an enterprise found by part of its name, chosen and saved with the outcome; on
// the job form the enterprises in the officer's own reach only.
//
// One server for the file. With PostgreSQL the whole run shares one database, so the users have
// a random suffix and the records are found by their ids, never by counts of the district.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { DISTRICT, EAST_LAKE, OTHER_STREET, SHAOLIN, creditCode, dayInChina, womanId } from './district.js';
import {
  DESK,
  PHONE,
  apiClient,
  assertNoSidewaysScroll,
  inBrowser,
  saveScreenshot,
  serveForFile,
  submitAndLoad,
  textOf,
} from './helpers.js';

/** A department the other browser tests refer nothing to (their inbox is shared with PostgreSQL). */
const DEPARTMENT = 'civil_affairs';
const PASSWORD = 'Ho-mes#2026pass';
const TAG = randomBytes(3).toString('hex');

/** The to-do cards of the home page (todo_cards.html) each role is given (jinguo_app::todo). */
const CASE_CARDS = ['todo-my-cases', 'todo-unassigned', 'todo-follow-ups', 'todo-overdue-referrals'];
const CARE_CARDS = ['todo-cycles', 'todo-unreached', 'todo-screening-follow-ups'];
const TRAINING_CARDS = ['todo-courses', 'todo-training-follow-ups'];
const ALL_CARDS = [...CASE_CARDS, 'todo-referrals', 'todo-liaison', 'todo-imports', 'todo-overdue-pairings', 'todo-awards', ...CARE_CARDS, ...TRAINING_CARDS];
const ROLES = {
  // The children's work: overdue pairing visits, for the roles that work with children; the
  // training cards (courses running, completers due for their call) for those who run courses.
  federation: { unit: DISTRICT, cards: [...CASE_CARDS, 'todo-overdue-pairings', 'todo-awards', ...CARE_CARDS, ...TRAINING_CARDS] },
  street: { unit: EAST_LAKE, cards: [...CASE_CARDS, 'todo-overdue-pairings', 'todo-awards', ...CARE_CARDS, ...TRAINING_CARDS] },
  community: { unit: SHAOLIN, cards: [...CASE_CARDS, 'todo-overdue-pairings', 'todo-awards', ...CARE_CARDS, ...TRAINING_CARDS] },
  // A caseworker sees her own cases only: nothing waits for her to assign it.
  caseworker: { unit: EAST_LAKE, cards: ['todo-my-cases', 'todo-follow-ups', 'todo-overdue-referrals'] },
  leader: { unit: DISTRICT, cards: [...CASE_CARDS, 'todo-liaison'] },
  viewer: { unit: DISTRICT, cards: [] },
  department: { unit: DISTRICT, cards: ['todo-referrals'], department: DEPARTMENT },
};

function usernameOf(role) {
  return `${role}_${TAG}`;
}

/** `jinguo user add` beside the server; resolves to the new user's id. */
async function addUser(server, role) {
  const { unit, department } = ROLES[role];
  const args = ['user', 'add', '--username', usernameOf(role), '--role', role, '--unit', unit];
  if (department) args.push('--department', department);
  const res = await server.cli(args, { JINGUO_PASSWORD: PASSWORD });
  assert.equal(res.code, 0, `jinguo user add ${role}:\n${res.stdout}\n${res.stderr}`);
  const id = res.stdout.match(/created user (\d+)/)?.[1];
  assert.ok(id, `no user id in: ${res.stdout}`);
  return Number(id);
}

/** One row of a SQL query, read behind the server's back (SQLite file or the run's PostgreSQL). */
function sqlRow(server, query) {
  const url = process.env.E2E_DATABASE_URL;
  const res = url
    ? spawnSync('psql', [url, '-tAc', query], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-readonly', join(server.dataDir, 'jinguo.db'), query], { encoding: 'utf8' });
  assert.equal(res.status, 0, `${query}: ${res.stderr}`);
  return res.stdout.trim();
}

/** The ids of the to-do cards on the page, in order. */
function cardIds(page) {
  return page.locator('.todo-cards > section.todo').evaluateAll((s) => s.map((e) => e.id));
}

/** The links of the lines of card `id`, in order. */
function lineLinks(page, id) {
  return page.locator(`#${id} li > a`).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
}

/** The number of entries card `id` says it has. */
async function cardTotal(page, id) {
  return Number((await textOf(page, `#${id} .todo-count`)).trim());
}

describe('home pages and the enterprise picker', { timeout: 300_000 }, () => {
  const env = serveForFile({ label: 'homes' });
  let server;
  let browser;
  /** What the federation officer set up: case ids, the referred case, the enterprises. */
  const work = {};

  before(
    async () => {
      ({ server, browser } = env);
      const ids = {};
      for (const role of Object.keys(ROLES)) ids[role] = await addUser(server, role);

      const federation = { username: usernameOf('federation'), password: PASSWORD };
      await inBrowser({ browser, server, user: federation, check: [] }, async (page) => {
        const api = await apiClient(page, server.baseUrl);
        // Cases answer 201, their transitions 200…: any success will do here.
        const client = {
          get: api.get,
          post: (path, data) => api.send('POST', path, data),
          put: (path, data) => api.send('PUT', path, data),
        };
        const takeIn = (fields) =>
          client.post('/cases', {
            kind: 'rights',
            channel: 'hotline_12338',
            unit_code: SHAOLIN,
            narrative: '来电求助。',
            ...fields,
          });
        const assign = (id) =>
          client.post(`/cases/${id}/transition`, { to: 'assigned', handler: usernameOf('caseworker') });

        // The ordinary case first, the emergency after it: the order on the card is the urgency's.
        work.ordinary = await takeIn({ category: 'other' });
        await assign(work.ordinary.id);
        work.emergency = await takeIn({ category: 'domestic_violence', channel: 'walk_in', urgency: 'emergency' });
        assert.equal(work.emergency.urgency, 'emergency');
        await assign(work.emergency.id);
        // Taken up, the emergency's deadline is later than the ordinary case's: only its urgency
        // puts it first.
        const takenUp = await client.post(`/cases/${work.emergency.id}/transition`, {
          to: 'in_progress',
          note: '已联系当事人。',
        });
        const ordinary = await client.get(`/cases/${work.ordinary.id}`);
        assert.ok(takenUp.due_at > ordinary.due_at, `deadlines: ${takenUp.due_at}, ${ordinary.due_at}`);
        work.referred = await takeIn({ category: 'employment', narrative: '反映产假期间被辞退。' });
        await client.post(`/cases/${work.referred.id}/referrals`, {
          department_code: DEPARTMENT,
          request: '请协助核查。',
        });
        work.unassigned = await takeIn({ category: 'marriage_family', urgency: 'emergency' });

        work.enterprise = await client.post('/enterprises', {
          name: `巧手服饰${TAG}有限公司`,
          credit_code: creditCode(),
          women_owned: true,
          unit_code: SHAOLIN,
          industry: 'C',
        });
        await client.put(`/enterprises/${work.enterprise.id}/leaders`, { user_ids: [ids.leader] });
        work.elsewhere = await client.post('/enterprises', {
          name: `巧手服饰${TAG}制衣厂`,
          credit_code: creditCode(),
          women_owned: false,
          unit_code: OTHER_STREET,
          industry: 'C',
        });
        work.personName = `郑${'梅兰竹菊桂莲芳琴瑶雪霞燕'[randomInt(12)]}${'梅兰竹菊桂莲芳琴瑶雪霞燕'[randomInt(12)]}`;
        work.idNumber = womanId();
        work.person = await client.post('/people', {
          name: work.personName,
          id_number: work.idNumber,
          unit_code: SHAOLIN,
        });
      });
    },
    { timeout: 180_000 },
  );

  /** Run `body(page)` signed in as the user of `role`, at `viewport`. */
  function as(role, viewport, body) {
    const user = { username: usernameOf(role), password: PASSWORD };
    return inBrowser({ browser, server, viewport, user, what: `${role} at ${viewport.width} px` }, body);
  }

  /** What each role's cards must list (beyond the cards themselves). */
  const checks = {
    async caseworker(page) {
      const links = await lineLinks(page, 'todo-my-cases');
      const emergency = links.indexOf(`/cases/${work.emergency.id}`);
      const ordinary = links.indexOf(`/cases/${work.ordinary.id}`);
      assert.ok(emergency >= 0 && ordinary >= 0, `both her cases are listed: ${links}`);
      assert.ok(emergency < ordinary, `the emergency comes first: ${links}`);
      assert.equal(links.length, 2, `her own cases only: ${links}`);
      const mark = page.locator(`#todo-my-cases li:has(a[href="/cases/${work.emergency.id}"]) .mark-emergency`);
      assert.equal(await mark.count(), 1, 'the emergency is marked so');
    },
    async department(page) {
      const links = await lineLinks(page, 'todo-referrals');
      assert.ok(links.includes(`/cases/${work.referred.id}`), `the referral is listed: ${links}`);
      const line = await page.locator(`#todo-referrals li:has(a[href="/cases/${work.referred.id}"])`).textContent();
      assert.ok(line.includes(work.referred.code), `the line names the case: ${line}`);
      assert.match(line, /民政局/, `the line names the department: ${line}`);
    },
    async leader(page) {
      const links = await lineLinks(page, 'todo-liaison');
      assert.deepEqual(links, [`/enterprises/${work.enterprise.id}`], 'her enterprise, and only hers');
      assert.match(await textOf(page, '#todo-liaison li'), new RegExp(`巧手服饰${TAG}有限公司`));
    },
    async federation(page) {
      // The case no one handles yet is waiting (with PostgreSQL other files' cases wait too).
      const links = await lineLinks(page, 'todo-unassigned');
      const total = await cardTotal(page, 'todo-unassigned');
      assert.ok(
        links.includes(`/cases/${work.unassigned.id}`) || total > links.length,
        `the unassigned case is listed: ${links} (of ${total})`,
      );
      assert.ok(!links.includes(`/cases/${work.ordinary.id}`), 'an assigned case does not wait');
    },
  };
  checks.street = checks.federation;
  checks.community = checks.federation;

  for (const [role, { cards }] of Object.entries(ROLES)) {
    test(`the ${role}'s home page shows ${cards.length ? cards.join(', ') : 'no to-do cards'}, at desk width and at 390 px`, async () => {
      for (const viewport of [DESK, PHONE]) {
        await as(role, viewport, async (page) => {
          await page.goto(`${server.baseUrl}/`);
          await page.locator('h1').waitFor();
          const shown = await cardIds(page);
          assert.deepEqual(
            shown.filter((id) => cards.includes(id)).sort(),
            [...cards].sort(),
            `the cards of the ${role}'s work: ${shown}`,
          );
          const foreign = shown.filter((id) => ALL_CARDS.includes(id) && !cards.includes(id));
          assert.deepEqual(foreign, [], `cards of another role's work on the ${role}'s page`);
          assert.deepEqual(
            shown.filter((id) => !ALL_CARDS.includes(id)),
            [],
            'a card this test does not know: add it to ALL_CARDS and the roles',
          );
          for (const id of cards) assert.ok(await page.locator(`#${id}`).isVisible(), `#${id} is visible`);
          await checks[role]?.(page);
          if (viewport === PHONE) await assertNoSidewaysScroll(page, `the ${role}'s home page`);
          await saveScreenshot(page, `home-${role}-${viewport.width}.png`);
        });
      }
    });
  }

  /** In the picker `box`: type `typed`; resolves to the suggestions' texts once they arrive. */
  async function suggestions(page, box, typed) {
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === `/pick/${box}`);
    const picker = page.locator(`.picker[data-picker="${box}"]`);
    // Earlier suggestions go first, so that those read are the answer to this search.
    await picker.locator('.picker-results').evaluate((ul) => (ul.textContent = ''));
    await picker.locator('.picker-search').fill(typed);
    await answered;
    await picker.locator('.picker-results li').first().waitFor();
    return picker.locator('.picker-results li').allTextContents();
  }

  test('an enterprise found by part of its name is chosen in the outcome form and saved with it', async () => {
    await as('federation', DESK, async (page) => {
      await page.goto(`${server.baseUrl}/employment/outcomes`);
      const before = Number((await textOf(page, '#outcome-placements')).trim());

      const people = page.locator('.picker[data-picker="people"]');
      await suggestions(page, 'people', work.idNumber.slice(-4));
      await people.locator('.picker-results button', { hasText: work.personName }).first().click();
      assert.equal(await page.inputValue('#person_id'), String(work.person.id));

      const enterprises = page.locator('.picker[data-picker="directory"]');
      const offered = await suggestions(page, 'directory', `服饰${TAG}`);
      assert.equal(offered.length, 2, `the district's two of that name: ${offered}`);
      await enterprises.locator('.picker-results button', { hasText: `巧手服饰${TAG}有限公司` }).click();
      assert.equal(await page.inputValue('#enterprise_id'), String(work.enterprise.id));
      assert.match(await enterprises.locator('.picker-chosen li').textContent(), new RegExp(`巧手服饰${TAG}有限公司`));

      await page.selectOption('#kind', 'placement');
      await page.fill('#on_date', dayInChina());
      const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/employment/outcomes');
      const res = await submitAndLoad(page, '#outcome-submit');
      assert.equal(res.status(), 200, `saving the outcome: ${res.url()}`);
      assert.equal(new URLSearchParams((await sent).postData()).get('enterprise_id'), String(work.enterprise.id));
      assert.equal(await page.locator('#form-error').count(), 0, 'no refusal');
      assert.equal(Number((await textOf(page, '#outcome-placements')).trim()), before + 1, 'one placement more');

      const saved = sqlRow(
        server,
        `SELECT enterprise_id || '|' || kind FROM employment_outcomes WHERE person_id = ${work.person.id}`,
      );
      assert.equal(saved, `${work.enterprise.id}|placement`, 'the saved outcome names the enterprise');
    });
  });

  test("a street officer posts jobs for her street's enterprises only, and records placements anywhere in the district", async () => {
    // pick.rs: /pick/enterprises answers through the enterprise list, in the caller's subtree;
    // /pick/directory through the district's directory (name and industry only).
    await as('street', DESK, async (page) => {
      await page.goto(`${server.baseUrl}/jobs/new`);
      const offered = await suggestions(page, 'enterprises', `服饰${TAG}`);
      assert.equal(offered.length, 1, `东湖街道's only: ${offered}`);
      assert.match(offered[0], new RegExp(`巧手服饰${TAG}有限公司`));
      assert.ok(!offered.some((o) => o.includes('制衣厂')), `another street's enterprise suggested: ${offered}`);
      const none = await suggestions(page, 'enterprises', `${TAG}制衣厂`);
      assert.equal(none.length, 1);
      assert.ok(!none[0].includes('制衣厂'), `another street's enterprise suggested: ${none}`);
      assert.equal(
        await page.locator('.picker[data-picker="enterprises"] .picker-results li.muted').count(),
        1,
        'the picker says it found none',
      );

      await page.goto(`${server.baseUrl}/employment/outcomes`);
      const anywhere = await suggestions(page, 'directory', `服饰${TAG}`);
      assert.equal(anywhere.length, 2, `the district's two: ${anywhere}`);
      assert.ok(!anywhere.some((o) => /\d{18}|91350/.test(o)), `the directory shows no credit code: ${anywhere}`);
    });
  });
});
