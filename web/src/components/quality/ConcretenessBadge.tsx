// A measure's concreteness as a small tag (具体/一般/空泛 and the score) with the reasons in a
// tooltip. Given a score it shows it; given only a draft text it asks the server (batched).
import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { levelColors, levelLabels, scoreDraftText, type ConcretenessScore } from './concreteness.ts';

export function ConcretenessTag({ score }: { score: ConcretenessScore }) {
  return (
    <Tooltip
      title={
        <div>
          <div>措施具体性 {score.score} 分</div>
          {score.reasons.length === 0 ? (
            <div>要素齐全</div>
          ) : (
            score.reasons.map((reason) => <div key={reason}>· {reason}</div>)
          )}
        </div>
      }
    >
      <Tag
        color={levelColors[score.level]}
        className="concreteness-badge"
        data-level={score.level}
        data-summary={score.summary}
        style={{ marginInlineEnd: 0, whiteSpace: 'nowrap' }}
      >
        {levelLabels[score.level]} {score.score}
      </Tag>
    </Tooltip>
  );
}

/** The badge of a draft measure text (import wizard review). */
export function ConcretenessBadge({ text }: { text: string }) {
  const [score, setScore] = useState<ConcretenessScore | null>(null);
  useEffect(() => {
    let isCurrent = true;
    scoreDraftText(text)
      .then((next) => isCurrent && setScore(next))
      .catch(() => isCurrent && setScore(null));
    return () => {
      isCurrent = false;
    };
  }, [text]);
  return score ? <ConcretenessTag score={score} /> : null;
}
