// The user agents: about 2,000 distinct, drawn with Zipf-like popularity; crawlers have their own mix. The
// vocabulary is fixed (the same in every data set); only which line gets which agent depends on the seed.
import { Random, Weighted, zipfWeights } from './random.js'
import { userAgentCount } from './shape.js'

export interface Crawler {
  agent: string
  /** Address prefixes the crawler comes from (the real log's crawlers among them). */
  prefixes: readonly string[]
}

export const crawlers: Weighted<Crawler> = new Weighted<Crawler>([
  [
    {
      agent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      prefixes: ['66.249.66', '66.249.64', '66.249.79'],
    },
    26,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
      prefixes: ['40.77.167', '207.46.13', '157.55.39'],
    },
    22,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; AhrefsBot/6.1; +http://ahrefs.com/robot/)',
      prefixes: ['54.36.149', '54.36.148', '54.36.150'],
    },
    12,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
      prefixes: ['5.255.250', '141.8.142', '87.250.224'],
    },
    8,
  ],
  [{ agent: 'Googlebot-Image/1.0', prefixes: ['66.249.66', '66.249.69'] }, 6],
  [
    {
      agent: 'Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)',
      prefixes: ['5.9.112', '144.76.71'],
    },
    4,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; SemrushBot/3~bl; +http://www.semrush.com/bot.html)',
      prefixes: ['46.229.168'],
    },
    3,
  ],
  [
    {
      agent:
        'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.96 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      prefixes: ['66.249.66', '66.249.79'],
    },
    5,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; DotBot/1.1; http://www.opensiteexplorer.org/dotbot, help@moz.com)',
      prefixes: ['216.244.66'],
    },
    1.5,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
      prefixes: ['180.76.15', '123.125.71'],
    },
    1.2,
  ],
  [
    {
      agent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/600.2.5 (KHTML, like Gecko) Version/8.0.2 Safari/600.2.5 (Applebot/0.1; +http://www.apple.com/go/applebot)',
      prefixes: ['17.58.98'],
    },
    1,
  ],
  [
    {
      agent: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      prefixes: ['173.252.87', '31.13.115'],
    },
    1,
  ],
  [{ agent: 'TelegramBot (like TwitterBot)', prefixes: ['149.154.161'] }, 0.8],
  [
    {
      agent: 'Mozilla/5.0 (compatible; SeznamBot/3.2; +http://napoveda.seznam.cz/en/seznambot-intro/)',
      prefixes: ['77.75.76'],
    },
    0.6,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; Exabot/3.0; +http://www.exabot.com/go/robot)',
      prefixes: ['178.255.215'],
    },
    0.4,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; MegaIndex.ru/2.0; +http://megaindex.com/crawler)',
      prefixes: ['88.198.48'],
    },
    0.4,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; BLEXBot/1.0; +http://webmeup-crawler.com/)',
      prefixes: ['94.130.237'],
    },
    0.3,
  ],
  [
    {
      agent: 'Mozilla/5.0 (compatible; Qwantify/2.4w; +https://www.qwant.com/)/2.4w',
      prefixes: ['194.187.170'],
    },
    0.3,
  ],
  [{ agent: 'Twitterbot/1.0', prefixes: ['199.16.157'] }, 0.2],
  [
    { agent: 'Mozilla/5.0 (compatible; PetalBot;+https://aspiegel.com/petalbot)', prefixes: ['114.119.134'] },
    0.2,
  ],
])

// Agents seen in the real log's sample lines come first (the most popular ones).
const realAgents = [
  'Mozilla/5.0 (Linux; Android 6.0; ALE-L21 Build/HuaweiALE-L21) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/66.0.3359.158 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 6.1; rv:64.0) Gecko/20100101 Firefox/64.0',
  'Mozilla/5.0 (Linux; Android 8.0.0; SAMSUNG SM-G570F Build/R16NW) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/8.2 Chrome/63.0.3239.111 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 7.0; SM-N920C Build/NRD90M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/67.0.3396.87 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.4.6 (KHTML, like Gecko) Version/10.0 Mobile/14D27 Safari/602.1',
  'Mozilla/5.0 (Linux; Android 6.0.1; D6633 Build/23.5.A.1.291) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/69.0.3497.100 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 6.2; Win64; x64; rv:16.0)Gecko/16.0 Firefox/16.0',
  'MobileSafari/604.1 CFNetwork/976 Darwin/18.2.0',
]

const devices = [
  'SM-G570F',
  'SM-J700H',
  'SM-A520F',
  'SM-G935F',
  'SM-N950F',
  'SM-J510H',
  'SM-A720F',
  'SM-G960F',
  'SM-J730G',
  'SM-A800F',
  'SM-G610F',
  'SM-J250F',
  'SM-A105F',
  'SM-T585',
  'SM-N920C',
  'SM-G930F',
  'ALE-L21',
  'HUAWEI VNS-L21',
  'FIG-LX1',
  'ANE-LX1',
  'CAM-L21',
  'BLA-L29',
  'Redmi Note 5',
  'Redmi Note 4',
  'Redmi 5 Plus',
  'Mi A1',
  'Redmi 4X',
  'Nokia 6.1',
  'LG-H870',
  'D6633',
  'E5823',
  'G3116',
  'Lenovo A6020a40',
  'ASUS_X00TD',
  'GT-I9500',
  'GT-N7100',
]
const androidVersions = [
  '4.4.2',
  '5.0',
  '5.1.1',
  '6.0',
  '6.0.1',
  '7.0',
  '7.1.1',
  '7.1.2',
  '8.0.0',
  '8.1.0',
  '9',
]
const chromeVersions = [
  '49.0.2623.105',
  '56.0.2924.87',
  '61.0.3163.98',
  '63.0.3239.111',
  '64.0.3282.137',
  '65.0.3325.109',
  '66.0.3359.158',
  '67.0.3396.87',
  '68.0.3440.91',
  '69.0.3497.100',
  '70.0.3538.110',
  '71.0.3578.99',
  '72.0.3626.76',
]
const samsungBrowsers = ['6.2', '7.2', '7.4', '8.2', '9.0']
const iosVersions = ['9_3_5', '10_2_1', '10_3_3', '11_2_6', '11_4_1', '12_0', '12_1', '12_1_2', '12_1_4']
const windowsVersions = ['6.1', '6.3', '10.0', '6.2']
const firefoxVersions = ['52', '56', '60', '63', '64', '65']
const macVersions = ['10_11_6', '10_12_6', '10_13_6', '10_14_2']

function androidBuild(random: Random): string {
  const letters = 'ABCDEFGHJKLMNOPQRSTUVWXYZ'
  return `${letters[random.below(letters.length)]!}${letters[random.below(letters.length)]!}${letters[random.below(letters.length)]!}${random.between(10, 99)}${letters[random.below(letters.length)]!}`
}

function humanAgent(random: Random): string {
  const kind = random.below(100)
  if (kind < 34) {
    const device = random.pick(devices)
    return `Mozilla/5.0 (Linux; Android ${random.pick(androidVersions)}; ${device} Build/${androidBuild(random)}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${random.pick(chromeVersions)} Mobile Safari/537.36`
  }
  if (kind < 44) {
    return `Mozilla/5.0 (Linux; Android ${random.pick(androidVersions)}; SAMSUNG ${random.pick(devices.slice(0, 16))} Build/${androidBuild(random)}) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/${random.pick(samsungBrowsers)} Chrome/${random.pick(chromeVersions)} Mobile Safari/537.36`
  }
  if (kind < 58) {
    const ios = random.pick(iosVersions)
    const major = ios.split('_')[0]!
    return `Mozilla/5.0 (iPhone; CPU iPhone OS ${ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${major}.0 Mobile/15E${random.between(100, 999)} Safari/604.1`
  }
  if (kind < 78) {
    return `Mozilla/5.0 (Windows NT ${random.pick(windowsVersions)}; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${random.pick(chromeVersions)} Safari/537.36`
  }
  if (kind < 88) {
    const version = random.pick(firefoxVersions)
    return `Mozilla/5.0 (Windows NT ${random.pick(windowsVersions)}; ${random.chance(0.6) ? 'Win64; x64; ' : ''}rv:${version}.0) Gecko/20100101 Firefox/${version}.0`
  }
  if (kind < 93) {
    return `Mozilla/5.0 (Macintosh; Intel Mac OS X ${random.pick(macVersions)}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.0.${random.between(1, 3)} Safari/605.1.15`
  }
  if (kind < 97) {
    return `Mozilla/5.0 (Linux; Android ${random.pick(androidVersions)}; ${random.pick(devices)} Build/${androidBuild(random)}; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/${random.pick(chromeVersions)} Mobile Safari/537.36 Instagram ${random.between(60, 80)}.0.0.${random.between(10, 30)}.${random.between(100, 400)} Android`
  }
  return `Dalvik/2.1.0 (Linux; U; Android ${random.pick(androidVersions)}; ${random.pick(devices)} Build/${androidBuild(random)})`
}

/** Human user agents, most popular first; fixed for every data set. */
function humanAgents(count: number): string[] {
  const random = new Random(0x2019_0122)
  const seen = new Set<string>(realAgents)
  const agents = [...realAgents]
  while (agents.length < count) {
    const agent = humanAgent(random)
    if (!seen.has(agent)) {
      seen.add(agent)
      agents.push(agent)
    }
  }
  return agents
}

export const humans: Weighted<string> = (() => {
  const agents = humanAgents(userAgentCount - crawlers.items.length)
  const weights = zipfWeights(agents.length, 0.95)
  return new Weighted(agents.map((agent, i) => [agent, weights[i]!] as const))
})()

/** Rare agents that trip naive parsers: an empty one, one with escaped quotes, and "-". */
export const oddAgents = {
  dash: '-',
  empty: '',
  quoted: 'Mozilla/5.0 (compatible; \\"Scanner\\"/1.0; +http://example.com/bot)',
}

const humanPrefixes = [
  '5.112',
  '5.113',
  '5.114',
  '5.119',
  '5.120',
  '5.121',
  '5.122',
  '5.127',
  '5.160',
  '5.202',
  '5.213',
  '5.219',
  '31.56',
  '31.57',
  '31.58',
  '31.59',
  '37.98',
  '37.129',
  '37.137',
  '37.156',
  '37.255',
  '46.100',
  '46.209',
  '78.38',
  '83.120',
  '86.57',
  '89.196',
  '91.98',
  '91.99',
  '91.251',
  '92.114',
  '93.114',
  '94.183',
  '109.110',
  '109.125',
  '113.203',
  '151.232',
  '151.235',
  '151.238',
  '151.241',
  '151.246',
  '176.65',
  '178.131',
  '185.120',
  '188.136',
  '188.158',
  '188.159',
  '188.208',
  '188.229',
  '2.176',
  '2.177',
  '2.178',
  '2.182',
  '2.187',
  '2.190',
]

export function humanAddress(random: Random): string {
  return `${random.pick(humanPrefixes)}.${random.between(0, 255)}.${random.between(1, 254)}`
}

export function crawlerAddress(crawler: Crawler, random: Random): string {
  return `${random.pick(crawler.prefixes)}.${random.between(1, 254)}`
}
