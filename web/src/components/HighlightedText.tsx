// A text with some stretches marked (search snippets): the server sends [start, end) pairs.
import { Fragment } from 'react';

export function HighlightedText({
  text,
  highlights,
}: {
  text: string;
  highlights: ReadonlyArray<readonly [number, number]>;
}) {
  const pieces: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at || end <= start) continue;
    if (start > at) pieces.push(<Fragment key={`t${at}`}>{text.slice(at, start)}</Fragment>);
    pieces.push(<mark key={`m${start}`}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) pieces.push(<Fragment key={`t${at}`}>{text.slice(at)}</Fragment>);
  return <span className="highlighted-text">{pieces}</span>;
}
