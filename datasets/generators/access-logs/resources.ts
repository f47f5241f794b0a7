// Request targets shaped like the shop's: a few very hot static files, product images and pages under a Zipf
// popularity, filters and searches with percent-encoded Persian words that make a long tail of distinct paths.
import { Random, Weighted, zipfWeights } from './random.js'
import { hotPaths } from './shape.js'

const words = [
  'ماشین',
  'لباسشویی',
  'ظرفشویی',
  'گوشی',
  'تلفن',
  'بی',
  'سیم',
  'یخچال',
  'فریزر',
  'جارو',
  'برقی',
  'اتو',
  'بخار',
  'سامسونگ',
  'ال',
  'جی',
  'مدل',
  'کولر',
  'گازی',
  'تلویزیون',
  'هود',
  'اجاق',
  'گاز',
  'مایکروویو',
  'چای',
  'ساز',
  'قهوه',
  'غذا',
  'سشوار',
  'ریش',
  'تراش',
  'مگاپیکسل',
  'کمتر',
  'از',
  'بخارپز',
  'پنکه',
  'بخاری',
  'آبمیوه',
  'گیری',
  'مخلوط',
  'کن',
  'همزن',
  'توستر',
  'ساندویچ',
  'پلوپز',
  'سرخ',
  'کن',
  'کتری',
  'برقی',
  'فیلیپس',
  'بوش',
  'پاناسونیک',
  'دوو',
  'اسنوا',
  'پارس',
  'خزر',
  'مولینکس',
  'تفال',
  'براون',
  'سونی',
  'هوآوی',
  'شیائومی',
  'نوکیا',
  'اپل',
  'لنوو',
  'ایسوس',
  'لپ',
  'تاپ',
  'تبلت',
  'هدفون',
  'اسپیکر',
  'پاور',
  'بانک',
  'شارژر',
  'کابل',
  'فلش',
  'مموری',
  'هارد',
  'اکسترنال',
  'دوربین',
  'عکاسی',
  'ساعت',
  'هوشمند',
  'دستبند',
  'سلامتی',
  'ترازو',
  'دیجیتال',
  'فشارسنج',
  'اصلاح',
  'موزن',
  'بدن',
  'حجم',
  'لیتر',
  'اینچ',
  'کیلوگرم',
  'وات',
  'درب',
  'نقره',
  'ای',
  'سفید',
  'مشکی',
  'استیل',
  'ضد',
  'زنگ',
  'بزرگ',
  'کوچک',
  'ارزان',
  'تخفیف',
  'ویژه',
  'جدید',
  'اصل',
  'گارانتی',
  'خانگی',
  'آشپزخانه',
  'صوتی',
  'تصویری',
  'کامپیوتر',
  'ورزشی',
  'آرایشی',
  'بهداشتی',
  'مراقبت',
  'شخصی',
  'ابزار',
  'باغبانی',
  'روشنایی',
]
const encoded = words.map((word) => encodeURIComponent(word))
const latinModels = ['WM', 'PR', 'FP', 'KX', 'SM', 'LG', 'RT', 'AT', 'HD', 'GR', 'TS', 'DW', 'SN', 'PH', 'BO']

const products = 40_000
const productPopularity = new Weighted(zipfWeights(products, 0.78).map((w, i) => [i, w] as const))
const imageSizes = new Weighted([
  ['200x200', 40],
  ['150x150', 22],
  ['100x100', 20],
  ['500x500', 8],
  ['50x50', 5],
  ['800x800', 3],
  ['1000x1000', 2],
] as const)

/** A fixed, per-product random stream: the same product always has the same slug and image ids. */
function productRandom(product: number): Random {
  return new Random(0x5eed_0000 + product)
}

const slugCache = new Map<number, string>()
function productSlug(product: number): string {
  let slug = slugCache.get(product)
  if (slug === undefined) {
    const random = productRandom(product)
    const parts = Array.from({ length: random.between(3, 7) }, () => random.pick(encoded))
    parts.push(
      `${random.pick(latinModels)}-${random.between(100, 999)}${random.chance(0.5) ? random.pick(latinModels) : ''}`,
    )
    slug = parts.join('-')
    if (slugCache.size < 50_000) slugCache.set(product, slug)
  }
  return slug
}

const productId = (product: number): number => 10_000 + product
const modelId = (product: number): number => 30_000 + ((product * 7919) % 40_000)
const imageId = (product: number, random: Random): number => 1 + ((product * 3 + random.below(3)) % 62_000)

/** A fixed slug of Persian words for a category or an article. */
function categorySlug(id: number): string {
  const random = new Random(0xca7e_0000 + id)
  return Array.from({ length: random.between(1, 4) }, () => random.pick(encoded)).join('-')
}

function phrase(random: Random, min: number, max: number): string {
  return Array.from({ length: random.between(min, max) }, () => random.pick(encoded)).join('%20')
}

function filterPart(random: Random): string {
  const kind = random.below(6)
  if (kind === 0) return `b${random.between(1, 700)}`
  if (kind === 1) return `p${random.between(1, 220)}`
  if (kind === 2) return `c${random.between(100, 180)}%7C${phrase(random, 1, 2)}`
  if (kind === 3) return `27|${random.between(2, 40)}%20${random.pick(encoded)}`
  if (kind === 4) return `pr${random.between(1, 50) * 100000}-${random.between(51, 400) * 100000}`
  return `s${random.between(1, 12)}`
}

// Single-part filters are shared by many visitors; combinations are mostly one of a kind.
const popularFilters = new Weighted(
  zipfWeights(3_000, 0.9).map(
    (w, i) => [i % 2 === 0 ? `p${1 + (i % 220)}` : `b${1 + (i % 700)}`, w] as const,
  ),
)
function filterPath(random: Random): string {
  if (random.chance(0.75)) return popularFilters.pick(random)
  return Array.from({ length: random.between(2, 4) }, () => filterPart(random)).join(',')
}

const statics = new Weighted(
  [
    '/static/images/amp/instagram.png',
    '/static/images/amp/telegram.png',
    '/static/images/amp/blog.png',
    '/favicon.ico',
    '/static/css/font/wyekan/font.woff',
    '/static/images/amp/third-party/footer-mobile.png',
    '/static/js/jquery.min.js',
    '/static/css/style.css',
    '/static/images/loading.gif',
    '/static/js/main.js',
    '/static/images/empty.png',
    '/static/css/font/wyekan/font.ttf',
    '/static/images/logo-footer.png',
    '/static/images/enamad.png',
    '/static/images/samandehi.png',
    '/static/js/bootstrap.min.js',
    '/static/css/bootstrap.min.css',
    '/static/images/mobile/menu.png',
    '/static/images/mobile/search.png',
    '/static/images/mobile/basket.png',
    ...Array.from({ length: 280 }, (_, i) =>
      i % 3 === 0
        ? `/static/images/banners/banner-${i}.jpg`
        : i % 3 === 1
          ? `/static/js/modules/module-${i}.js`
          : `/static/images/icons/icon-${i}.png`,
    ),
  ].map((path, i) => [path, 1 / (i + 4) ** 1.05] as const),
)

const misc = new Weighted([
  ['/', 14],
  ['/m', 8],
  ['/basket/view', 12],
  ['/m/basket/view', 4],
  ['/content/view/shoppingRules', 2],
  ['/content/view/aboutUs', 1],
  ['/user/login', 3],
  ['/user/register', 1],
  ['/site/alexaGooleAnalitic', 6],
  ['/settings/mobileAppVersion', 3],
  ['/order/checkout', 1.5],
  ['/order/payment', 0.8],
  ['/robots.txt', 0.5],
  ['/sitemap.xml', 0.3],
  ['/compare', 1],
] as const)

const notFound = new Weighted([
  ['/apple-touch-icon-120x120.png', 20],
  ['/apple-touch-icon.png', 20],
  ['/apple-touch-icon-precomposed.png', 15],
  ['/wp-login.php', 3],
  ['/.env', 1],
  ['/phpmyadmin/', 1],
  ['/static/images/old-banner.jpg', 5],
  ['/image/0/productModel/200x200', 5],
] as const)

const redirects = new Weighted([
  ['/content/view/shoppingRules', 10],
  ['/user/login', 15],
  ['/m/basket/view', 6],
  ['/product/redirect', 4],
  ['/browse', 6],
] as const)

export type RequestKind =
  | 'hot'
  | 'static'
  | 'product-image'
  | 'image-query'
  | 'article-image'
  | 'product'
  | 'mobile-product'
  | 'filter'
  | 'mobile-filter'
  | 'browse'
  | 'ajax-filter'
  | 'search'
  | 'article'
  | 'misc'

/** Shares of human requests by kind (the hot paths come from shape.ts, scaled for who asks for them). */
export function humanKinds(hotShare: number): Weighted<RequestKind> {
  const rest: [RequestKind, number][] = [
    ['static', 14],
    ['product-image', 36],
    ['image-query', 3],
    ['article-image', 1.5],
    ['product', 8],
    ['mobile-product', 4],
    ['filter', 7],
    ['mobile-filter', 2.5],
    ['browse', 2],
    ['ajax-filter', 2],
    ['search', 1],
    ['article', 1],
    ['misc', 4],
  ]
  const restTotal = rest.reduce((a, [, w]) => a + w, 0)
  return new Weighted<RequestKind>([
    ['hot', hotShare],
    ...rest.map(([k, w]) => [k, ((1 - hotShare) * w) / restTotal] as const),
  ])
}

export const crawlerKinds = new Weighted<RequestKind>([
  ['product', 30],
  ['product-image', 30],
  ['filter', 18],
  ['browse', 6],
  ['article', 4],
  ['article-image', 5],
  ['misc', 3],
  ['search', 1],
  ['mobile-product', 3],
])

const hot = new Weighted(hotPaths)

export function pathOf(kind: RequestKind, random: Random): string {
  switch (kind) {
    case 'hot':
      return hot.pick(random)
    case 'static':
      return statics.pick(random)
    case 'product-image': {
      const product = productPopularity.pick(random)
      return `/image/${imageId(product, random)}/productModel/${imageSizes.pick(random)}`
    }
    case 'image-query':
      return `/image/${imageId(productPopularity.pick(random), random)}?type=productModel&wh=50x50`
    case 'article-image':
      return `/image/${random.between(1, 700)}/article/${random.chance(0.7) ? '100x100' : '300x300'}`
    case 'product': {
      const product = productPopularity.pick(random)
      return `/product/${productId(product)}/${modelId(product)}/${productSlug(product)}`
    }
    case 'mobile-product': {
      const product = productPopularity.pick(random)
      return `/m/product/${productId(product)}/${productSlug(product)}`
    }
    case 'filter':
      return `/filter/${filterPath(random)}`
    case 'mobile-filter':
      return `/m/filter/${filterPath(random)}`
    case 'browse':
      return `/browse/${categorySlug(random.below(400))}`
    case 'ajax-filter':
      return `/ajaxFilter/p${random.between(1, 220)}?page=${random.between(1, 30)}`
    case 'search':
      return `/search?phrase=${phrase(random, 1, 4)}${random.chance(0.3) ? `&page=${random.between(2, 9)}` : ''}`
    case 'article': {
      const article = random.between(1, 700)
      return `/m/article/${article}/${categorySlug(1000 + article)}`
    }
    case 'misc':
      return misc.pick(random)
  }
}

export function notFoundPath(random: Random): string {
  return random.chance(0.7) ? notFound.pick(random) : `/product/${random.between(1, 9999)}`
}

export function redirectPath(random: Random): string {
  return redirects.pick(random)
}

/** A page a visitor came from: the shop's own pages mostly, search engines and the AMP cache for the rest. */
export function refererOf(random: Random): string {
  const r = random.below(100)
  if (r < 12) return 'https://www.google.com/'
  if (r < 14) return 'android-app://com.google.android.googlequicksearchbox'
  if (r < 17) {
    const product = productPopularity.pick(random)
    return `https://www-zanbil-ir.cdn.ampproject.org/v/s/www.zanbil.ir/m/product/${productId(product)}/${productSlug(product)}?amp_js_v=0.1`
  }
  if (r < 18) return `http://ptcnovin.com/viewads/${random.uint32().toString(16).toUpperCase()}`
  const kind = r < 55 ? 'product' : r < 75 ? 'mobile-filter' : r < 85 ? 'filter' : 'misc'
  const path = pathOf(kind, random)
  return `https://www.zanbil.ir${path === '/' ? '/' : path}`
}

/** A body size for a 200 of this path: fixed per static file, log-normal around the kind's typical size. */
export function okSize(kind: RequestKind, path: string, random: Random): number {
  switch (kind) {
    case 'hot':
    case 'static': {
      let h = 0
      for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193)
      return 900 + ((h >>> 0) % 60_000)
    }
    case 'product-image':
    case 'article-image':
      return Math.round(
        random.logNormal(path.endsWith('100x100') ? 1_700 : path.endsWith('500x500') ? 24_000 : 5_200, 0.5),
      )
    case 'image-query':
      return random.chance(0.2) ? 5 : Math.round(random.logNormal(1_400, 0.4))
    case 'ajax-filter':
      return Math.round(random.logNormal(9_000, 0.4))
    default:
      return Math.round(random.logNormal(32_000, 0.25))
  }
}
