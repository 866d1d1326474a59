/**
 * The public lookup by reference number under a flood, on each backend, through the real server
 * in process: the lookup after the allowed number within the window answers 429 with a Chinese
 * page and says nothing about the reference; the server keeps answering; other addresses are not
 * affected; the address may look up again once its lookups age out of the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLookupRatePolicy } from '../src/modules/public-site/lookup-limit.ts';
import { backends } from './support/databases.ts';
import { createPublicSide, referenceOf, submitFeedback, type PublicSide } from './support/public-side.ts';

describe.each(backends)('public lookup limit on %s', (backend) => {
  let side: PublicSide;
  let reference: string;

  beforeAll(async () => {
    side = await createPublicSide(backend);
    const submitted = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '查询限流测试' },
      { address: '198.19.0.1' },
    );
    expect(submitted.statusCode, submitted.body).toBe(303);
    reference = referenceOf(submitted);
  }, 120_000);
  afterAll(async () => {
    await side?.dispose();
  });

  const lookup = (ref: string, address: string) =>
    side.app.inject({
      method: 'GET',
      url: `/public/feedback?ref=${encodeURIComponent(ref)}`,
      remoteAddress: address,
    });

  it('refuses the lookup after the allowed number within the window, revealing nothing', async () => {
    const allowed = defaultLookupRatePolicy.maxPerAddress;
    expect(allowed).toBe(30);
    const address = '198.19.1.1';
    const statuses: number[] = [];
    for (let index = 0; index < allowed; index += 1) {
      // Guesses and the real reference alike count.
      const response = await lookup(index % 2 ? reference : `FK-2026-GUESS${index}`, address);
      statuses.push(response.statusCode);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(allowed / 2);
    expect(statuses.filter((status) => status === 404)).toHaveLength(allowed / 2);

    const real = await lookup(reference, address);
    const wrong = await lookup('FK-2026-ZZZZZZZZ', address);
    for (const refused of [real, wrong]) {
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.body).toContain('查询过于频繁');
      expect(refused.body).not.toContain(reference);
      expect(refused.body).not.toContain('查询限流测试');
    }
    // Same page whether the reference exists or not.
    expect(real.body).toBe(wrong.body);

    // A flood of refused lookups keeps being refused while the server stays responsive.
    const burst = await Promise.all(Array.from({ length: 200 }, () => lookup(reference, address)));
    expect(burst.every((response) => response.statusCode === 429)).toBe(true);
    expect((await side.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect(
      (await side.app.inject({ method: 'GET', url: '/public/', remoteAddress: address })).statusCode,
    ).toBe(200);
    // The empty lookup form is not a lookup.
    expect(
      (await side.app.inject({ method: 'GET', url: '/public/feedback', remoteAddress: address })).statusCode,
    ).toBe(200);

    // Another address is not affected.
    const other = await lookup(reference, '198.19.1.2');
    expect(other.statusCode).toBe(200);
    expect(other.body).toContain(reference);
  });

  it('lets the address look up again once its lookups age out of the window', async () => {
    const address = '198.19.2.1';
    for (let index = 0; index < defaultLookupRatePolicy.maxPerAddress; index += 1) {
      expect((await lookup(reference, address)).statusCode).toBe(200);
    }
    expect((await lookup(reference, address)).statusCode).toBe(429);
    side.clock.set(new Date(side.clock.now().getTime() + defaultLookupRatePolicy.windowMs + 1));
    const again = await lookup(reference, address);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain(reference);
  });
});
