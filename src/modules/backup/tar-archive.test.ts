import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { orderTablesByDependency, type TableDescription } from './table-order.rules.ts';
import { readTarEntries, tarEnd, tarHeader, tarPadding } from './tar-archive.ts';

function archiveOf(entries: Array<[string, Buffer]>): Buffer {
  const at = new Date('2026-01-01T00:00:00Z');
  return Buffer.concat([
    ...entries.flatMap(([name, body]) => [tarHeader(name, body.length, at), body, tarPadding(body.length)]),
    tarEnd(),
  ]);
}

/** Feeds the bytes in small uneven chunks, as a decompressor would. */
async function readAll(bytes: Buffer): Promise<Array<[string, string]>> {
  const chunks = [];
  for (let offset = 0; offset < bytes.length; offset += 97) chunks.push(bytes.subarray(offset, offset + 97));
  const result: Array<[string, string]> = [];
  for await (const entry of readTarEntries(Readable.from(chunks))) {
    const parts: Buffer[] = [];
    for await (const chunk of entry.body) parts.push(chunk);
    result.push([entry.name, Buffer.concat(parts).toString('utf8')]);
  }
  return result;
}

describe('tar archive', () => {
  const entries: Array<[string, string]> = [
    ['manifest.json', '{"a":1}'],
    ['tables/empty.ndjson', ''],
    ['files/ab/' + 'ab'.repeat(32), '整改'.repeat(400)],
  ];
  const bytes = archiveOf(entries.map(([name, body]) => [name, Buffer.from(body)]));

  it('reads back what it wrote, in order, whatever the chunking', async () => {
    expect(bytes.length % 512).toBe(0);
    expect(await readAll(bytes)).toEqual(entries);
  });

  it('refuses a truncated archive and a damaged header', async () => {
    await expect(readAll(bytes.subarray(0, bytes.length - 1024 - 100))).rejects.toThrow(/truncated/);
    await expect(readAll(bytes.subarray(0, 512 * 3))).rejects.toThrow(/truncated/);
    const damaged = Buffer.from(bytes);
    damaged[5]! ^= 0x01;
    await expect(readAll(damaged)).rejects.toThrow(/checksum/);
  });
});

describe('orderTablesByDependency', () => {
  const table = (name: string, ...targets: string[]): TableDescription => ({
    name,
    columns: ['id'],
    primaryKey: ['id'],
    references: targets.map((target) => ({ column: `${target}_id`, table: target })),
  });

  it.each([
    [
      [table('b', 'a'), table('a')],
      ['a', 'b'],
    ],
    [
      [table('problems', 'problems', 'aspects'), table('aspects', 'offices'), table('offices')],
      ['offices', 'aspects', 'problems'],
    ],
    [
      [table('z'), table('y'), table('x', 'z')],
      ['y', 'z', 'x'],
    ],
    [
      [table('p', 'q'), table('q', 'p'), table('a')],
      ['a', 'p', 'q'],
    ],
  ])('orders %#', (tables, expected) => {
    expect(orderTablesByDependency(tables).map((entry) => entry.name)).toEqual(expected);
  });
});
