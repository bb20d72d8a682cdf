// The district the browser tests work in (丰泽区, 泉州) and the made-up people, enterprises and
// users they register there: random enough that, with PostgreSQL, test files sharing one
// database never collide.

import { randomBytes, randomInt } from 'node:crypto';

import { idNumber } from './helpers.js';

/** The district: 丰泽区. */
export const DISTRICT = '350503000000';
/** 东湖街道, and 少林社区居委会 in it (its first community). */
export const EAST_LAKE = '350503001000';
export const SHAOLIN = '350503001001';
/** Another street of the district. */
export const OTHER_STREET = '350503002000';

/** `prefix_` and six hex characters: a username no other test of this run uses. */
export function uniqueName(prefix) {
  return `${prefix}_${randomBytes(3).toString('hex')}`;
}

/**
 * A random ID number of the district: a woman's (even 17th digit), born on `birth` (YYYYMMDD) or
 * on a random day of 1980–1999.
 */
export function womanId(birth = randomBirth()) {
  const seq = String(randomInt(500) * 2).padStart(3, '0');
  return idNumber(`350503${birth}${seq}`);
}

function randomBirth() {
  const year = 1980 + randomInt(20);
  const month = String(1 + randomInt(12)).padStart(2, '0');
  const day = String(10 + randomInt(18)).padStart(2, '0');
  return `${year}${month}${day}`;
}

/** `350503**********83`: how pages and pickers show an ID number before a reveal. */
export function maskedId(id) {
  return `${id.slice(0, 6)}${'*'.repeat(10)}${id.slice(16)}`;
}

/** A mobile number no other test of this run uses. */
export function randomPhone() {
  return `139${String(randomInt(100_000_000)).padStart(8, '0')}`;
}

/** A unified social credit code (GB 32100) no other test of this run uses. */
export function creditCode() {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let code = '91350503';
  while (code.length < 17) code += alphabet[randomInt(alphabet.length)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(code[i]) * weights[i];
  return code + alphabet[(31 - (sum % 31)) % 31];
}

/** The day `offsetDays` from today in China (UTC+8), as the server's clock counts days. */
export function dayInChina(offsetDays = 0) {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
