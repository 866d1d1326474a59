import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { MAX_EVIDENCE_TEXT_CHARS, readEvidenceText } from './evidence-text.ts';

describe('readEvidenceText', () => {
  it('reads Word and text files with the parser’s readers', async () => {
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('会议纪要'), new Paragraph('2026年3月5日')] }] }),
    );
    expect(await readEvidenceText('docx', docx, '纪要.docx')).toContain('2026年3月5日');
    expect(await readEvidenceText('text_utf8', Buffer.from('整改说明\n2026年3月5日\n'), '说明.txt')).toBe(
      '整改说明\n2026年3月5日\n',
    );
  });

  it('has no text for images, blank files, or a file the readers refuse', async () => {
    expect(await readEvidenceText('png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), '照片.png')).toBeNull();
    expect(await readEvidenceText('text_utf8', Buffer.from('  \n'), '空白.txt')).toBeNull();
    expect(await readEvidenceText('docx', Buffer.from('PK\u0003\u0004 not a zip'), '坏的.docx')).toBeNull();
  });

  it('keeps the head and the tail of a very long text', async () => {
    const text = `开头${'中'.repeat(MAX_EVIDENCE_TEXT_CHARS)}2026年3月5日`;
    const kept = await readEvidenceText('text_utf8', Buffer.from(text), '长文.txt');
    expect(kept!.length).toBeLessThanOrEqual(MAX_EVIDENCE_TEXT_CHARS + 3);
    expect(kept!.startsWith('开头')).toBe(true);
    expect(kept!.endsWith('2026年3月5日')).toBe(true);
  });
});
