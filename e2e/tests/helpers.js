// Shared helpers of the browser tests: start the real jinguo binary, run its CLI, drive chromium.
//
// Environment:
//   JINGUO_BIN         the binary (default: ../../target/debug/jinguo from this file)
//   E2E_DATABASE_URL   when set (postgres://…), every server and CLI call uses that database;
//                      otherwise each server gets SQLite in its own fresh data dir
//   CHROMIUM_PATH      the browser (default: /usr/bin/chromium)
//
// Everything talks to 127.0.0.1 only; the browser aborts any request to another host.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = resolve(here, '..', '..');
export const JINGUO_BIN = process.env.JINGUO_BIN || join(REPO_ROOT, 'target', 'debug', 'jinguo');
export const RESULTS_DIR = join(REPO_ROOT, 'e2e', 'test-results');
export const ADMIN_PASSWORD = 'Ad-min#2026pass';

/** The browser windows the tests use: a desk's screen and a phone's. */
export const DESK = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * The environment of a jinguo process: nothing inherited that could point it elsewhere.
 * With PostgreSQL every server of this run shares one database but has its own data dir, so the
 * master key is given explicitly (derived from the database URL: the same for every test file).
 */
function jinguoEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('JINGUO_')) delete env[k];
  }
  env.RUST_BACKTRACE = '1';
  if (process.env.E2E_DATABASE_URL) {
    env.JINGUO_MASTER_KEY = createHash('sha256')
      .update(`jinguo-e2e-test-key:${process.env.E2E_DATABASE_URL}`)
      .digest('hex');
  }
  return { ...env, ...extra };
}

/** The options every jinguo command takes, for this data dir and database (PostgreSQL runs). */
function storageArgs(dataDir, databaseUrl = process.env.E2E_DATABASE_URL) {
  const args = ['--data-dir', dataDir];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  return args;
}

/**
 * With PostgreSQL, a demo server gets a schema of its own in the run's database: the demo loads
 * into an empty registry only, and other test files may have registered people already.
 */
function demoDatabaseUrl(label) {
  const base = process.env.E2E_DATABASE_URL;
  if (!base) return undefined;
  const schema = `e2e_${label.replace(/\W/g, '_')}_${process.pid}_${Date.now()}`;
  const made = spawnSync('psql', [base, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE SCHEMA ${schema}`], {
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`psql could not create schema ${schema}: ${made.stderr}`);
  const sep = base.includes('?') ? '&' : '?';
  return `${base}${sep}options=-c%20search_path%3D${schema}`;
}

/**
 * Start `jinguo serve` on 127.0.0.1:<free port> with a fresh data dir.
 * Resolves when stderr says `listening on http://` or GET /healthz answers 200.
 * `demo: true` adds `--demo`: the demo district (synthetic people, enterprises, the fair) is loaded
 * into an empty database — with PostgreSQL a schema of the server's own, since the run's
 * database is shared by every other server.
 */
export async function startServer({ label = 'e2e', demo = false } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `jinguo-${label}-`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const databaseUrl = demo ? demoDatabaseUrl(label) : process.env.E2E_DATABASE_URL;
  const args = ['serve', '--listen', `127.0.0.1:${port}`, ...storageArgs(dataDir, databaseUrl)];
  if (demo) args.push('--demo');
  const child = spawn(JINGUO_BIN, args, {
    env: jinguoEnv({ JINGUO_ADMIN_PASSWORD: ADMIN_PASSWORD }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const keep = (chunk) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  const exited = new Promise((res) => {
    child.on('exit', (code, signal) => res({ code, signal }));
  });
  let spawnError = null;
  child.on('error', (err) => {
    spawnError = err;
  });

  const server = {
    baseUrl,
    port,
    dataDir,
    child,
    exited,
    /** What the server printed so far (for failure messages). */
    output: () => output,
    /** SIGTERM, wait for the exit (SIGKILL after a while); resolves to {code, signal}. */
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        const result = await exited;
        clearTimeout(timer);
        server.stopped = result;
      } else if (!server.stopped) {
        server.stopped = await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      return server.stopped;
    },
    /** Run a jinguo CLI command against this server's data dir / database. */
    cli: (cmdArgs, extraEnv = {}) =>
      runCli([...cmdArgs, ...storageArgs(dataDir, databaseUrl)], extraEnv),
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (output.includes('listening on http://')) break;
    if (spawnError) throw new Error(`cannot start ${JINGUO_BIN}: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `jinguo serve exited early (code ${child.exitCode}, signal ${child.signalCode}):\n${tail(output)}`,
      );
    }
    if (await healthy(baseUrl)) break;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`jinguo serve not ready after ${START_TIMEOUT_MS} ms:\n${tail(output)}`);
    }
    await sleep(100);
  }
  return server;
}

async function healthy(baseUrl) {
  try {
    const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Run the jinguo binary with args; resolves to {code, stdout, stderr} (never rejects on exit code). */
export function runCli(args, extraEnv = {}) {
  return new Promise((res, reject) => {
    const child = spawn(JINGUO_BIN, args, {
      env: jinguoEnv(extraEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, stdout, stderr });
    });
  });
}

/** Launch Debian's chromium through playwright-core (no browser download, ever). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context (own cookies; `viewport` for a phone-sized window) whose requests may
 * only go to 127.0.0.1:
 * anything else is aborted and listed in `context.foreignRequests`; uncaught page script errors
 * are listed in `context.pageErrors`.
 */
export async function newContext(browser, { viewport = DESK } = {}) {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  context.foreignRequests = [];
  context.pageErrors = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    context.foreignRequests.push(url.href);
    return route.abort('blockedbyclient');
  });
  context.on('page', (page) => {
    page.on('pageerror', (err) => context.pageErrors.push(String(err)));
  });
  return context;
}

/** Fill the login form at /login and submit it (does not wait for the outcome). */
export async function submitLogin(page, baseUrl, username, password) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-submit');
}

/** Sign in as `admin` through the login page and wait for the home page. */
export async function loginAsAdmin(page, baseUrl) {
  await submitLogin(page, baseUrl, 'admin', ADMIN_PASSWORD);
  await waitForPath(page, '/');
}

/**
 * After a login submit: resolves to the text of `#login-error` when the login page shows one, or
 * throws (at once, not after a timeout) when the browser was let in instead.
 */
export async function loginError(page) {
  const error = page.locator('#login-error').first();
  // The losing wait is left pending: swallow its later rejection (page closed, timeout).
  const shown = error.waitFor({ state: 'attached' }).then(() => 'error');
  const left = page.waitForURL((url) => url.pathname !== '/login').then(() => 'left');
  left.catch(() => {});
  shown.catch(() => {});
  const outcome = await Promise.race([shown, left]);
  if (outcome === 'left') {
    throw new Error(`expected #login-error on /login, but the browser went to ${page.url()}`);
  }
  return (await error.textContent()) ?? '';
}

/** Submit the login form and resolve to the message it is refused with (see `loginError`). */
export async function refusedLogin(page, baseUrl, username, password) {
  await submitLogin(page, baseUrl, username, password);
  return loginError(page);
}

/** Create a user with the CLI beside the running server (same data dir / database). */
export async function addUser(server, { username, role, unit, name }, password) {
  const args = ['user', 'add', '--username', username, '--role', role, '--unit', unit];
  if (name) args.push('--name', name);
  const res = await server.cli(args, { JINGUO_PASSWORD: password });
  if (res.code !== 0) {
    throw new Error(`jinguo user add ${username} failed (${res.code}):\n${res.stdout}\n${res.stderr}`);
  }
}

/** Sign in through /login and wait for the home page. */
export async function signIn(page, baseUrl, username, password) {
  await submitLogin(page, baseUrl, username, password);
  await waitForPath(page, '/');
}

/**
 * Click a form's submit button and wait until the browser has loaded the document it leads to
 * (after any redirect). Resolves to the final response of that navigation: 200 after a
 * post/redirect/get, or the refusal itself (422, 404…).
 */
export async function submitAndLoad(page, selector) {
  const loaded = page.waitForEvent('load');
  const response = page.waitForResponse(
    (r) =>
      r.request().isNavigationRequest() &&
      r.request().frame() === page.mainFrame() &&
      (r.status() < 300 || r.status() >= 400),
  );
  await page.click(selector);
  const [res] = await Promise.all([response, loaded]);
  return res;
}

/** Resolves when the page's path is `path` (after redirects). */
export function waitForPath(page, path) {
  return page.waitForURL((url) => url.pathname === path);
}

/** The text of `selector` once it is attached to the page. */
export async function textOf(page, selector) {
  const loc = page.locator(selector).first();
  await loc.waitFor({ state: 'attached' });
  return (await loc.textContent()) ?? '';
}

/**
 * A resident ID number (GB 11643-1999): the 17 digits given plus their check character.
 * The 17th digit is the sex: odd for men, even for women.
 */
export function idNumber(first17) {
  if (!/^\d{17}$/.test(first17)) throw new Error(`idNumber wants 17 digits, got ${first17}`);
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}

/** The same ID number with a wrong check character (what a typo in a roster looks like). */
export function withWrongCheck(id) {
  const right = id[17];
  const wrong = right === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

export function resultsDir() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return RESULTS_DIR;
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * The servers and the browser of a test file, started before its tests and stopped after them:
 * a server labelled `label` (`demo: true` loads the demo district into it), and with
 * `withDemo: true` a second, demo server beside it (`env.demo`). `users` ({username, password,
 * role, unit, name}) are added to every server. Call it inside `describe`; the returned `env`
 * holds `server`, `demo` and `browser` once the hook has run.
 */
export function serveForFile({ label, demo = false, withDemo = false, users = [], timeout = 120_000 }) {
  const env = {};
  before(
    async () => {
      const starting = [startServer({ label, demo })];
      if (withDemo) starting.push(startServer({ label: `${label}-demo`, demo: true }));
      [env.server, env.demo] = await Promise.all(starting);
      for (const server of [env.server, env.demo].filter(Boolean)) {
        for (const { password, ...user } of users) await addUser(server, user, password);
      }
      env.browser = await launchBrowser();
    },
    { timeout },
  );
  after(async () => {
    await env.browser?.close();
    await Promise.all([env.server?.stop(), env.demo?.stop()]);
  });
  return env;
}

/** Chromium for a test file whose tests start servers of their own (see `withOwnServer`). */
export function browserForFile() {
  const env = {};
  before(async () => {
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
  });
  return env;
}

/** What every context is checked for afterwards, unless a test says otherwise. */
const CLEAN = ['foreignRequests', 'pageErrors'];

/** The context asked nothing of another host and its pages threw no script error (as `check` lists). */
function assertClean(context, check = CLEAN) {
  if (check.includes('foreignRequests')) {
    assert.deepEqual(context.foreignRequests, [], 'a page asked for something not on 127.0.0.1');
  }
  if (check.includes('pageErrors')) {
    assert.deepEqual(context.pageErrors, [], 'uncaught script errors on a page');
  }
}

/**
 * Run `body(page, context)` in a fresh browser context of `browser` at `viewport`, signed in
 * first as `user` ({username, password}) when given; `acceptDialogs` says yes to every confirm().
 * Afterwards the context is checked as `check` lists (both by default, [] for neither). A failure
 * gets `what`, the page's URL and the server's output added; the context is closed in any case.
 */
export async function inBrowser({ browser, server, viewport = DESK, user, acceptDialogs = false, check, what }, body) {
  const context = await newContext(browser, { viewport });
  const page = await context.newPage();
  if (acceptDialogs) page.on('dialog', (d) => d.accept());
  try {
    if (user) await signIn(page, server.baseUrl, user.username, user.password);
    await body(page, context);
    assertClean(context, check);
  } catch (err) {
    const who = what ? `\n--- ${what}` : '';
    err.message += `${who}\n--- page: ${page.url()}\n--- server output (tail):\n${tail(server.output())}`;
    throw err;
  } finally {
    await context.close();
  }
}

/**
 * A fresh server of its own for one test: `body(server, open)` gets `open(options)` for fresh
 * browser contexts (own cookies; `options` as `newContext`'s), each checked afterwards as
 * `inBrowser` checks its one. A failure gets every open page's URL and the server's output; the
 * server is stopped in any case.
 */
export async function withOwnServer(browser, label, body) {
  const server = await startServer({ label });
  const contexts = [];
  const open = async (options) => {
    const context = await newContext(browser, options);
    contexts.push(context);
    return { context, page: await context.newPage() };
  };
  try {
    await body(server, open);
    for (const context of contexts) assertClean(context);
  } catch (err) {
    const urls = contexts.flatMap((c) => c.pages().map((p) => p.url()));
    err.message += `\n--- pages: ${urls.join(' ')}\n--- server output (tail):\n${tail(server.output())}`;
    throw err;
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await server.stop();
  }
}

/**
 * The JSON API with the page's session (its cookie and CSRF token). `get` expects 200, `post`
 * 201 (or `expected`); `send(method, path, data)` takes any success. Each resolves to the JSON
 * answer.
 */
export async function apiClient(page, baseUrl) {
  const me = await page.request.get(`${baseUrl}/api/v1/me`);
  assert.equal(me.status(), 200, 'GET /api/v1/me');
  const csrf = me.headers()['x-csrf-token'];
  assert.ok(csrf, 'GET /api/v1/me sent no x-csrf-token');
  const send = async (method, path, data, expected) => {
    const res = await page.request.fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'x-csrf-token': csrf },
      data,
    });
    const answered = expected === undefined ? res.status() < 300 : res.status() === expected;
    assert.ok(answered, `${method} /api/v1${path} → ${res.status()}: ${await res.text()}`);
    return res.json();
  };
  return {
    send,
    get: (path) => send('GET', path, undefined, 200),
    post: (path, data, expected = 201) => send('POST', path, data, expected),
  };
}

/** The page's document is no wider than its window: nothing scrolls sideways. */
export async function assertNoSidewaysScroll(page, what = 'the page') {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const window = page.viewportSize().width;
  assert.ok(width <= window, `${what} scrolls sideways: ${width} px wide in a ${window} px window`);
}

/** GET `href` (relative to the page) with the page's session: 200, and of `type` when given. */
export async function assertDownload(page, href, type) {
  const res = await page.request.get(new URL(href, page.url()).href);
  assert.equal(res.status(), 200, `GET ${href}`);
  if (type) assert.match(res.headers()['content-type'], type, `the content type of ${href}`);
  return res;
}

/** Printed, the page hides `screenOnly` (its buttons) and makes a PDF; then back to the screen. */
export async function assertPrints(page, screenOnly) {
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator(screenOnly).isVisible(), false, 'the buttons are not printed');
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
  await page.emulateMedia({ media: 'screen' });
}

/** A screenshot under e2e/test-results/ (`name` may name a folder there too). */
export async function saveScreenshot(page, name, { fullPage = true } = {}) {
  const path = join(resultsDir(), name);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage });
}
