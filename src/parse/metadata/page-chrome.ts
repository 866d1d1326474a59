/**
 * Lines that are not part of the document's structure: web page furniture around an article
 * (来源, 更新时间, 索引号, 发布机构, 浏览量, 分享到, 打印 …), the public-feedback contact block, and
 * the signature (落款) at the end. They still feed the metadata; they never become measures.
 */

/** Labels of web page furniture at the start of a line that need no colon to be recognised. */
const CHROME_LABEL_STRONG =
  /^[【[]?(?:索引号|发布机构|发文机关|主题分类|发文字号|浏览量|浏览次数|访问量|访问次数|点击数|点击量|点击率|阅读量|阅读数|阅读次数|成文日期|生成日期|发布日期|发布时间|更新时间|信息来源|有效性|公开方式|公开范围|公开时限|体裁分类|组配分类|服务对象分类)/;
/** Labels that are also ordinary words (来源, 作者…): furniture only with a colon. */
const CHROME_LABEL =
  /^[【[]?(?:来源|文章来源|作者|编辑|责任编辑|审核|审校|校对|发文日期|发文单位|文号|字号|主办|承办|协办|字体|分享到|分享|时效性|所属机构|信息分类|主题词|栏目)\s?[:]/;
const CHROME_WORDS =
  /^(?:【?打印(?:本页|此页)?】?|【?关闭(?:窗口|本页)?】?|【?返回顶部】?|【?(?:加入)?收藏】?|【?我要纠错】?|【?纠错】?|上一篇|下一篇|上一条|下一条|相关链接|相关文章|相关阅读|相关新闻|扫一扫|首页|当前位置|您当前的位置|您现在的位置|网站地图|联系我们|分享到|【字体|字号[:：]?\s?大|默认\s?大)/;
const CHROME_ANYWHERE =
  /版权所有|Copyright|©|ICP备|网站标识码|公网安备|主办单位[:]|承办单位[:]|技术支持[:]|本文链接[:]|原文链接[:]|转载请|本文为.{0,12}原创/;

/** Web page furniture: a line that belongs to the page, not to the article. */
export function isChromeLine(key: string): boolean {
  if (key.length > 300) return false;
  return (
    CHROME_LABEL_STRONG.test(key) ||
    CHROME_LABEL.test(key) ||
    CHROME_WORDS.test(key) ||
    CHROME_ANYWHERE.test(key) ||
    /^https?:\/\//.test(key)
  );
}

const CONTACT_LABEL =
  /^(?:联系电话|电话|联系方式|举报电话|监督电话|热线电话|咨询电话|传真|电子邮箱|电子信箱|邮箱|电子邮件|e-?mail|email|邮政信箱|通信地址|通讯地址|联系地址|地址|邮\s?编|邮政编码|来信请寄|联系人)\s?[:]?/i;
const CONTACT_INVITATION =
  /欢迎.{0,30}(?:监督|批评|意见)|如有意见建议|意见建议.{0,12}(?:反映|联系)|联系电话[:]?\s?[(0-9]/;

/** A line of the public-feedback contact block. */
export function isContactLine(key: string): boolean {
  if (key.length > 400) return false;
  return CONTACT_LABEL.test(key) || CONTACT_INVITATION.test(key);
}
