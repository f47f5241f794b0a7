// The published shape of the course's log (Zanbil, 22–26 Jan 2019, 10,365,132 lines) that the generator
// reproduces, and the shares it aims at where nothing was published. The unit tests hold the generator to these.

/** Status shares of the real log (db-benchmarks' query results); the tail shares are ours, summing to the rest. */
export const statusShares: readonly (readonly [number, number])[] = [
  [200, 0.9242],
  [304, 0.0328],
  [302, 0.0193],
  [404, 0.0101],
  [301, 0.0065],
  [499, 0.0049],
  [500, 0.00138],
  [403, 0.00054],
  [502, 0.0001],
  [400, 0.00006],
  [401, 0.00004],
  [408, 0.00003],
  [504, 0.00002],
  [405, 0.00002],
  [206, 0.00001],
]

/** The hottest path, 3.40% of all requests; the top five together 9.84%. */
export const hotPaths: readonly (readonly [string, number])[] = [
  ['/settings/logo', 0.034],
  ['/static/images/guarantees/warranty.png', 0.0175],
  ['/static/images/guarantees/goodPrice.png', 0.0165],
  ['/static/images/guarantees/fastDelivery.png', 0.0155],
  ['/static/images/guarantees/support.png', 0.0149],
]

/** First and last timestamps of the real log, at its own offset (+0330, Tehran). */
export const firstSecond = { day: 22, hour: 3, minute: 56, second: 14 }
export const lastSecond = { day: 26, hour: 20, minute: 29, second: 13 }
export const offset = '+0330'

/**
 * Relative traffic by local hour, 00…23: busiest in the afternoon, quietest around 03–05. Crawlers come on top,
 * evenly over the day.
 */
export const humanHourWeights = [
  0.55, 0.38, 0.24, 0.16, 0.13, 0.15, 0.24, 0.4, 0.62, 0.82, 0.93, 0.97, 0.96, 0.95, 0.98, 1, 1, 0.98, 0.93,
  0.88, 0.88, 0.88, 0.82, 0.7,
]

/** Share of all requests made by crawlers (they send no referer). */
export const crawlerShare = 0.11
/** Share of human requests without a referer (typed addresses, apps). */
export const humanNoRefererShare = 0.055
/**
 * Lines the course's regex keeps (referer "-", a non-empty user agent without quotes, trailing "-"): about 16%
 * of the real log (1,643,092 of 10,365,132).
 */
export const courseRegexShare = 1_643_092 / 10_365_132

/** Malformed lines, about 1%: truncated, binary junk, TLS handshakes, empty lines, "-" requests. */
export const malformedShares = {
  truncated: 0.004,
  junk: 0.002,
  handshake: 0.0015,
  empty: 0.0015,
  dashRequest: 0.001,
}
export const malformedShare = Object.values(malformedShares).reduce((a, b) => a + b, 0)

/** About 2,000 distinct user agents, Zipf-like, crawlers included. */
export const userAgentCount = 2_000
/** POSTs are rare. */
export const postShare = 0.003
/** Distinct paths among the 200s of the real log: "over 765,000" in 10.4 M lines. */
export const realDistinctOkPaths = 765_000
export const realLines = 10_365_132
