/**
 * CJK Radicals Supplement (U+2E80–U+2EF3) → the unified ideograph each one looks like.
 * PDF text layers often carry these look-alikes instead of the ideographs (⺠ for 民, ⻓ for 长);
 * NFKC folds the Kangxi Radicals block but not this one, so the mapping is kept here as data.
 * Follows Unicode's EquivalentUnifiedIdeograph where it lists a target; for the few it leaves
 * out, the ideograph the radical is drawn from. Format: pairs of "radical ideograph".
 */
const SUPPLEMENT_PAIRS =
  '⺀冫 ⺁厂 ⺂乛 ⺃乚 ⺄乙 ⺅亻 ⺆冂 ⺇几 ⺈刀 ⺉刂 ⺊卜 ⺋㔾 ⺌小 ⺍小 ⺎兀 ⺏尣 ⺐尢 ⺑尣 ⺒巳 ⺓幺 ' +
  '⺔彑 ⺕彐 ⺖忄 ⺗心 ⺘扌 ⺙攵 ⺛旡 ⺜日 ⺝月 ⺞歺 ⺟母 ⺠民 ⺡氵 ⺢氺 ⺣灬 ⺤爫 ⺥爫 ⺦丬 ⺧牛 ⺨犭 ' +
  '⺩王 ⺪疋 ⺫罒 ⺬示 ⺭礻 ⺮竹 ⺯糹 ⺰纟 ⺱罓 ⺲罒 ⺳㓁 ⺴㓁 ⺵网 ⺶羊 ⺷羊 ⺸羋 ⺹耂 ⺺肀 ⺻聿 ⺼月 ' +
  '⺽臼 ⺾艹 ⺿艹 ⻀艹 ⻁虎 ⻂衤 ⻃覀 ⻄西 ⻅见 ⻆角 ⻇角 ⻈讠 ⻉贝 ⻊足 ⻋车 ⻌辶 ⻍辶 ⻎辶 ⻏阝 ⻐钅 ' +
  '⻑長 ⻒镸 ⻓长 ⻔门 ⻕阜 ⻖阝 ⻗雨 ⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻞食 ⻟飠 ⻠饣 ⻡首 ⻢马 ⻣骨 ⻤鬼 ' +
  '⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 ⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 ⻰龙 ⻱龜 ⻲亀 ⻳龟';

/** Radical code unit → ideograph code unit (all BMP, so replacement keeps string positions). */
export const CJK_RADICAL_SUPPLEMENT_MAP: ReadonlyMap<number, number> = new Map(
  SUPPLEMENT_PAIRS.split(' ').map((pair) => [pair.charCodeAt(0), pair.charCodeAt(1)] as const),
);
