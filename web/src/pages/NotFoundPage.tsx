// What any unknown or out-of-scope address shows: the same "not found", never "forbidden".
import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';

export function NotFoundPage({ detail }: { detail?: string }) {
  return (
    <Result
      status="404"
      title="未找到"
      subTitle={detail ?? '您访问的页面或记录不存在，或不在您的权限范围内。'}
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}
