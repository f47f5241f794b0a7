// Watch mode's report reloads itself when a run writes a new one: a small script asks every second for a stamp file
// beside the page (a <script> tag, the one request a page opened from disk may make) and reloads, keeping its
// scroll position, when the stamp changes. Only watch runs add it; the report is otherwise script-free.
import { createHash } from 'node:crypto'

export const liveStampFile = 'live-stamp.js'

const script =
  `(()=>{const s=sessionStorage,k='parlab-scroll',y=s.getItem(k);if(y!==null){s.removeItem(k);scrollTo(0,+y)}` +
  `let first,n=0;window.parlabStamp=(v)=>{if(first===undefined)first=v;else if(v!==first){s.setItem(k,String(scrollY));location.reload()}};` +
  `const tick=()=>{const e=document.createElement('script');e.src='${liveStampFile}?'+n++;e.onload=e.onerror=()=>e.remove();document.head.append(e)};` +
  `tick();setInterval(tick,1000)})()`

/** The report's HTML with the reloading script, allowed by its hash and the page's own folder in the CSP. */
export function withLiveReload(html: string): string {
  const hash = createHash('sha256').update(script).digest('base64')
  return html
    .replace("default-src 'none';", `default-src 'none'; script-src 'sha256-${hash}' 'self';`)
    .replace('</body>', `<script>${script}</script>\n</body>`)
}

/** The stamp file's content: a new value for each written report. */
export const liveStamp = (stamp: string): string => `parlabStamp(${JSON.stringify(stamp)})\n`
