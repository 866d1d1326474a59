import { readFileSync } from 'node:fs';
import {
  AlignmentType,
  Document,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { DocumentParseError, detectFormat, parseDocumentFile, parseDocumentText } from './parse-document.ts';
import { ParsedDocumentSchema } from './parsed-document.schema.ts';
import { buildTextPdf } from './testing/text-pdf.ts';

const SAMPLE = `关于巡察整改进展情况的通报
根据县委统一部署，2022年3月1日至4月30日，县委第三巡察组对某县档案馆党组开展了常规巡察。现将巡察整改进展情况通报如下：
一、巡察反馈问题整改情况
（一）党的领导弱化方面
1.理论学习不深入。
整改情况：已完成。1.制定学习计划；2.开展专题研讨。
2.意识形态工作责任制落实不到位。
整改情况：正在整改。修订意识形态工作制度。`;

function bytesOf(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

async function expectParseError(
  bytes: Uint8Array,
  fileName: string,
  code: DocumentParseError['code'],
): Promise<void> {
  const error = await parseDocumentFile(bytes, fileName).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DocumentParseError);
  const parseError = error as DocumentParseError;
  expect(parseError.code).toBe(code);
  expect(parseError.message).toContain(fileName);
  expect(parseError.logMessage).toMatch(/[a-z]/);
  expect(parseError.logMessage.replace(fileName, '')).not.toMatch(/[\u4e00-\u9fff]/);
}

describe('text files', () => {
  const corpusFile = new URL('../../../shared/corpus/001_8318087426fcf62e.txt', import.meta.url);
  const text = (() => {
    try {
      return readFileSync(corpusFile, 'utf8');
    } catch {
      return SAMPLE;
    }
  })();

  it.each([
    ['UTF-8', (value: string) => Buffer.from(value, 'utf8')],
    [
      'UTF-8 with BOM',
      (value: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(value, 'utf8')]),
    ],
    ['GB18030', (value: string) => iconv.encode(value, 'gb18030')],
    ['GBK', (value: string) => iconv.encode(value, 'gbk')],
    [
      'UTF-16LE with BOM',
      (value: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(value, 'utf-16le')]),
    ],
    [
      'UTF-16BE with BOM',
      (value: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(value, 'utf-16be')]),
    ],
  ])('%s gives the same parse as the decoded text', async (_name, encode) => {
    const parsed = await parseDocumentFile(new Uint8Array(encode(text)), 'report.txt');
    expect(parsed).toEqual(parseDocumentText(text));
    expect(parsed.aspects.length).toBeGreaterThan(0);
  });
});

describe('.docx', () => {
  it('reads paragraphs in order with Word numbering written out, and a ledger table', async () => {
    const cell = (text: string) =>
      new TableCell({ children: text.split('\n').map((line) => new Paragraph(line)) });
    const document = new Document({
      numbering: {
        config: [
          {
            reference: 'outline',
            levels: [
              { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
              {
                level: 1,
                format: LevelFormat.CHINESE_COUNTING,
                text: '（%2）',
                alignment: AlignmentType.LEFT,
              },
              { level: 2, format: LevelFormat.DECIMAL, text: '%3.', alignment: AlignmentType.LEFT },
            ],
          },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun('某局党组关于巡察整改进展情况的通报')] }),
            new Paragraph(
              '根据县委统一部署，2022年3月1日至4月30日，县委第三巡察组对某局党组开展了常规巡察。现将巡察整改进展情况通报如下：',
            ),
            new Paragraph({ text: '巡察反馈问题整改情况', numbering: { reference: 'outline', level: 0 } }),
            new Paragraph({ text: '党的领导弱化方面', numbering: { reference: 'outline', level: 1 } }),
            new Paragraph({ text: '理论学习不深入。', numbering: { reference: 'outline', level: 2 } }),
            new Paragraph('整改情况：已完成。一是制定学习计划。二是开展专题研讨。'),
            new Paragraph({
              text: '意识形态工作责任制落实不到位。',
              numbering: { reference: 'outline', level: 2 },
            }),
            new Paragraph('整改情况：正在整改。修订工作制度。'),
            new Paragraph({ text: '全面从严治党方面', numbering: { reference: 'outline', level: 1 } }),
            new Table({
              rows: [
                new TableRow({
                  children: ['序号', '存在问题', '整改措施', '责任领导', '责任部门', '整改时限'].map(cell),
                }),
                new TableRow({
                  children: [
                    '1',
                    '财务管理不规范',
                    '1.开展财务自查\n2.退还违规资金',
                    '张三',
                    '办公室、财务室',
                    '立行立改',
                  ].map(cell),
                }),
                new TableRow({
                  children: ['2', '公务用车管理不严', '完善用车制度', '李四', '办公室', '3个月内'].map(cell),
                }),
              ],
            }),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(document));
    const parsed = await parseDocumentFile(bytes, '通报.docx');
    expect(ParsedDocumentSchema.safeParse(parsed).success).toBe(true);
    expect(parsed.title).toBe('某局党组关于巡察整改进展情况的通报');
    expect(parsed.unit).toBe('某局党组');
    expect(parsed.aspects.map((aspect) => [aspect.number, aspect.title])).toEqual([
      ['一', '党的领导弱化方面'],
      ['二', '全面从严治党方面'],
    ]);
    expect(
      parsed.aspects[0]!.problems.map((problem) => [problem.number, problem.status, problem.measures]),
    ).toEqual([
      ['1', 'completed', ['制定学习计划', '开展专题研讨']],
      ['2', 'in_progress', ['修订工作制度']],
    ]);
    expect(parsed.aspects[1]!.problems).toEqual([
      expect.objectContaining({
        number: '1',
        title: '财务管理不规范',
        measures: ['开展财务自查', '退还违规资金'],
        leaders: ['张三'],
        departments: ['办公室', '财务室'],
        deadline: { text: '立行立改', immediate: true, long_term: false, months: null },
      }),
      expect.objectContaining({ number: '2', title: '公务用车管理不严', measures: ['完善用车制度'] }),
    ]);
  });

  it('rejects a .docx that is not a ZIP archive', async () => {
    await expectParseError(bytesOf('这不是 Word 文档'), 'fake.docx', 'corrupt_file');
  });

  it('rejects a ZIP archive without a Word body', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    const bytes = new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
    await expectParseError(bytes, 'archive.docx', 'corrupt_file');
  });
});

describe('.html', () => {
  const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>巡察整改进展情况的通报_某县人民政府</title>
<style>.nav{color:red}</style><script>var s = "<p>不是正文</p>";</script></head>
<body>
<div class="logo">某县人民政府门户网站</div><div class="slogan">服务型政府 阳光政务</div>
<div class="top"><a href="/">首页</a><a href="/zwgk">政务公开</a><a href="/xwzx">新闻中心</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg">通知公告</a></div>
<table class="meta"><tr><td>索引号：</td><td>11431123/2022-00012</td><td>发布机构：</td><td>某县档案馆</td></tr>
<tr><td>发布日期：</td><td>2022-09-02</td><td>浏览量：</td><td>1024</td></tr></table>
<div class="article">
<h1>某县档案馆党组关于巡察整改进展情况的通报</h1>
<div class="info">来源：某县档案馆 发布时间：2022-09-02 09:30 作者：办公室 【字体：大 中 小】</div>
<div class="content">
<p>根据县委统一部署，2022年3月1日至4月30日，县委第三巡察组对某县档案馆党组开展了常规巡察。现将巡察整改进展情况通报如下：</p>
<p>一、巡察反馈问题整改情况</p>
<p>（一）党的领导弱化方面</p>
<p>1.理论学习不深入。</p>
<p>整改情况：已完成。一是制定学习计划；二是开展专题研讨。</p>
<p>2.意识形态工作责任制落实不到位。</p>
<p>整改情况：正在整改。<br>修订意识形态工作制度。</p>
<p>欢迎广大干部群众监督。联系电话：0731&#45;1234567；电子邮箱：dag@example.cn</p>
</div></div>
<div class="share">分享到：<a>微信</a><a>微博</a></div>
<ul class="related"><li><a href="/1">某县召开巡察工作会议</a></li><li><a href="/2">关于开展巡察的公告</a></li></ul>
<div class="footer">版权所有：某县人民政府 网站标识码：4311230001 湘ICP备12345678号</div>
<script>document.write('<div>统计</div>')</script>
</body></html>`;

  it('keeps the article and drops the page around it', async () => {
    const parsed = await parseDocumentFile(bytesOf(page), 'notice.html');
    expect(parsed).toMatchObject({
      kind: 'progress_report',
      title: '某县档案馆党组关于巡察整改进展情况的通报',
      unit: '某县档案馆党组',
      issued_date: '2022-09-02',
      inspection: { inspector: '县委第三巡察组', start: '2022-03-01', end: '2022-04-30' },
      contact: { phones: ['0731-1234567'], emails: ['dag@example.cn'] },
    });
    expect(parsed.aspects).toHaveLength(1);
    expect(parsed.aspects[0]!.problems.map((problem) => [problem.status, problem.measures])).toEqual([
      ['completed', ['制定学习计划', '开展专题研讨']],
      ['in_progress', ['修订意识形态工作制度']],
    ]);
  });

  it('decodes a GBK page declared in its meta tag', async () => {
    const gbk = iconv.encode(page.replace('charset="utf-8"', 'charset="gb2312"'), 'gbk');
    const parsed = await parseDocumentFile(new Uint8Array(gbk), 'notice.htm');
    expect(parsed.title).toBe('某县档案馆党组关于巡察整改进展情况的通报');
    expect(parsed.aspects[0]!.problems).toHaveLength(2);
  });
});

describe('.pdf', () => {
  it('reads the text layer in order, joins wrapped lines and maps radical look-alikes', async () => {
    const pdf = buildTextPdf([
      [
        { text: '关于巡察整改进展情况的通报', x: 150 },
        { text: '根据县委统⼀部署，县委第三巡察组对某局党组开展了常规巡察。现将巡', x: 72 },
        { text: '察整改进展情况通报如下：', x: 72 },
        { text: '⼀、巡察反馈问题整改情况', x: 96 },
        { text: '（⼀）⼈⺠群众反映问题办理不及时方面', x: 96 },
        { text: '1.群众来信办理不及时。', x: 96 },
        { text: '— 1 —', x: 280 },
      ],
      [
        { text: '整改情况：已完成。⼀是建立⺠意台账，二是⻓期坚持每月通报办理情况，', x: 96 },
        { text: '接受群众监督。', x: 72 },
      ],
    ]);
    const parsed = await parseDocumentFile(pdf, 'report.pdf');
    expect(parsed.title).toBe('关于巡察整改进展情况的通报');
    expect(parsed.kind).toBe('progress_report');
    expect(parsed.aspects).toEqual([
      {
        number: '一',
        title: '人民群众反映问题办理不及时方面',
        problems: [
          expect.objectContaining({
            number: '1',
            title: '群众来信办理不及时',
            status: 'completed',
            measures: ['建立民意台账，', '长期坚持每月通报办理情况，接受群众监督'],
          }),
        ],
      },
    ]);
  });

  it('rejects a .pdf without a PDF header', async () => {
    await expectParseError(bytesOf('not a pdf'), 'scan.pdf', 'corrupt_file');
  });

  it('rejects a damaged PDF', async () => {
    await expectParseError(bytesOf('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), 'broken.pdf', 'corrupt_file');
  });
});

describe('unsupported and empty files', () => {
  it.each([
    ['program.exe', [0x4d, 0x5a, 0x90, 0x00, 0x03], 'unsupported_format'],
    ['setup.txt', [0x4d, 0x5a, 0x90, 0x00, 0x03], 'unsupported_format'],
    ['old.doc', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'unsupported_format'],
    ['photo.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], 'unsupported_format'],
    ['binary.txt', [0x00, 0x01, 0x02, 0x03, 0x00, 0x00, 0x10, 0x11, 0x00], 'unsupported_format'],
    ['empty.txt', [], 'empty'],
    ['blank.txt', [0x20, 0x0a, 0x0a], 'empty'],
  ])('%s', async (fileName, bytes, code) => {
    await expectParseError(new Uint8Array(bytes), fileName, code as DocumentParseError['code']);
  });

  it.each([
    ['a.txt', 'text'],
    ['a.HTML', 'html'],
    ['page', 'html'],
  ])('detects %s as %s', (fileName, format) => {
    const bytes = format === 'html' ? bytesOf('<!doctype html><html><body>x</body></html>') : bytesOf('正文');
    expect(detectFormat(bytes, fileName)).toBe(format);
  });
});
