import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './html-template.ts';

describe('html template', () => {
  it('escapes every interpolated text, in content and attributes', () => {
    const text = `<script>alert("x")</script>&'`;
    const markup = html`<p title="${text}">${text}</p>`.markup;
    expect(markup).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
    );
    expect(markup).not.toContain('<script');
  });

  it('keeps nested templates and joins arrays, dropping empty values', () => {
    const items = ['<a>', 'b'].map((item) => html`<li>${item}</li>`);
    // prettier-ignore
    const markup = html`<ul>${items}${null}${false}${undefined}</ul>`.markup;
    expect(markup).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(html`${3}`.markup).toBe('3');
  });

  it('escapes the five characters that matter and nothing else', () => {
    expect(escapeHtml('整改 & <b>"\'')).toBe('整改 &amp; &lt;b&gt;&quot;&#39;');
  });
});
