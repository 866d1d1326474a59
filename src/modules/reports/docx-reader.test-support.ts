/**
 * Reads a generated .docx back for tests: unzips it with JSZip and parses its XML parts into a
 * small element tree (name, attributes, children, text), so tests check structure — page
 * setup, styles, fonts, footers, paragraphs — rather than matching strings in the zip.
 */
import JSZip from 'jszip';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) =>
  text.replace(/&(#x?[0-9a-fA-F]+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });

/** Parses well-formed XML (no DTDs) into an element tree. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag =
    /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/g;
  for (const match of xml.matchAll(tag)) {
    const [, closing, name, attributeText, selfClosing, text] = match;
    const current = stack[stack.length - 1]!;
    if (text !== undefined) {
      current.text += decode(text);
      continue;
    }
    if (!name) continue;
    if (closing) {
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const attribute of (attributeText ?? '').matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g))
      attributes[attribute[1]!] = decode(attribute[2]!);
    const element: XmlElement = { name, attributes, children: [], text: '' };
    current.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  return root;
}

/** Every descendant element with the given name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (node: XmlElement) => {
    for (const child of node.children) {
      if (child.name === name) found.push(child);
      walk(child);
    }
  };
  walk(element);
  return found;
}

/** The first descendant with the given name; throws when there is none. */
export function findOne(element: XmlElement, name: string): XmlElement {
  const [found] = findAll(element, name);
  if (!found) throw new Error(`no <${name}> in <${element.name}>`);
  return found;
}

/** The concatenated text of every `w:t` below the element. */
export function textOf(element: XmlElement): string {
  return findAll(element, 'w:t')
    .map((node) => node.text)
    .join('');
}

export interface OpenedDocx {
  zip: JSZip;
  document: XmlElement;
  styles: XmlElement;
  part(name: string): Promise<XmlElement>;
  /** The text of each body paragraph (`w:p` outside tables included), in order. */
  paragraphs: string[];
}

/** Opens .docx bytes and parses word/document.xml and word/styles.xml. */
export async function openDocx(bytes: Uint8Array): Promise<OpenedDocx> {
  const zip = await JSZip.loadAsync(bytes);
  const part = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`missing part ${name}`);
    return parseXml(await file.async('string'));
  };
  const document = await part('word/document.xml');
  const styles = await part('word/styles.xml');
  return { zip, document, styles, part, paragraphs: findAll(document, 'w:p').map(textOf) };
}

/** The style element with the given w:styleId. */
export function styleById(styles: XmlElement, id: string): XmlElement {
  const style = findAll(styles, 'w:style').find((candidate) => candidate.attributes['w:styleId'] === id);
  if (!style) throw new Error(`no style ${id}`);
  return style;
}
