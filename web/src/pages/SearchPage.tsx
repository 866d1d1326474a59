// 全文检索: one box over every ledger in the user's scope (titles, manifestations, measures,
// comments). Typing searches after a pause, Enter searches at once; the query and page live in
// the address so a result list can be linked and the back button returns to it.
import { useEffect, useRef, useState } from 'react';
import { Alert, Empty, Input, List, Pagination, Progress, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import type { SearchResultPage } from '../api/searchTypes.ts';
import { HighlightedText } from '../components/HighlightedText.tsx';
import { StateTag } from '../components/StateTag.tsx';

const PAGE_SIZE = 20;
const DEBOUNCE_MS = 350;
const MAX_CHARS = 50;

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState(query);
  const [result, setResult] = useState<SearchResultPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  // The box follows the address (back button, header search).
  useEffect(() => setDraft(query), [query]);

  useEffect(() => {
    if (query.trim() === '') {
      setResult(null);
      setError(null);
      return;
    }
    let isCurrent = true;
    setIsLoading(true);
    api
      .get<SearchResultPage>('/api/search', { q: query, page, pageSize: PAGE_SIZE })
      .then((answer) => {
        if (!isCurrent) return;
        setResult(answer);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!isCurrent) return;
        setResult(null);
        setError(caught instanceof ApiError ? caught.message : '检索失败，请稍后重试');
      })
      .finally(() => {
        if (isCurrent) setIsLoading(false);
      });
    return () => {
      isCurrent = false;
    };
  }, [query, page]);

  const submit = (text: string) => {
    window.clearTimeout(timer.current);
    const trimmed = text.trim();
    if (trimmed === query && page === 1) return;
    setParams(trimmed ? { q: trimmed } : {}, { replace: false });
  };

  const onChange = (text: string) => {
    setDraft(text);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const trimmed = text.trim();
      if (trimmed !== query) setParams(trimmed ? { q: trimmed } : {}, { replace: true });
    }, DEBOUNCE_MS);
  };
  useEffect(() => () => window.clearTimeout(timer.current), []);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} className="search-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        全文检索
      </Typography.Title>
      <Input.Search
        className="search-box"
        aria-label="检索词"
        placeholder="输入关键词，如“差旅”“公车”，检索问题标题、具体表现、整改措施和意见"
        allowClear
        enterButton="检索"
        size="large"
        maxLength={MAX_CHARS}
        value={draft}
        loading={isLoading}
        onChange={(event) => onChange(event.target.value)}
        onSearch={submit}
      />
      {error && <Alert type="error" showIcon message={error} />}
      {result?.indexing && (
        <Alert
          type="info"
          showIcon
          className="search-indexing"
          message={`索引建立中（已完成 ${result.indexing.done}/${result.indexing.total}）`}
          description={
            <Space direction="vertical" style={{ width: '100%' }}>
              <Progress
                percent={
                  result.indexing.total > 0
                    ? Math.floor((result.indexing.done * 100) / result.indexing.total)
                    : 0
                }
                size="small"
              />
              尚未建好索引的问题已逐条直接检索，结果完整，只是可能稍慢。
            </Space>
          }
        />
      )}
      {result && (
        <Typography.Text type="secondary" className="search-summary">
          共找到 {result.total} 个相关问题
        </Typography.Text>
      )}
      {result && result.total === 0 && <Empty description={`没有找到与“${result.query}”相关的问题`} />}
      {result && result.hits.length > 0 && (
        <List
          className="search-results"
          itemLayout="vertical"
          dataSource={result.hits}
          renderItem={(hit) => (
            <List.Item key={hit.problemId} className="search-hit" data-problem-id={hit.problemId}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Link to={`/problems/${hit.problemId}`} className="search-hit-title">
                      {hit.problemNumber ? `${hit.problemNumber}. ` : ''}
                      {hit.problemTitle}
                    </Link>
                    <StateTag state={hit.state} />
                  </Space>
                }
                description={
                  <Space wrap size={4}>
                    <span>{hit.unitName}</span>
                    <span>·</span>
                    <span>{hit.roundName}</span>
                    <Tag color="blue" className="search-hit-field">
                      {hit.fieldLabel}
                    </Tag>
                  </Space>
                }
              />
              <div className="search-hit-snippet">
                <HighlightedText text={hit.snippet.text} highlights={hit.snippet.highlights} />
              </div>
            </List.Item>
          )}
        />
      )}
      {result && result.total > PAGE_SIZE && (
        <Pagination
          current={page}
          pageSize={PAGE_SIZE}
          total={Math.min(result.total, PAGE_SIZE * 1000)}
          showSizeChanger={false}
          onChange={(next) => setParams({ q: query, page: String(next) })}
        />
      )}
    </Space>
  );
}
