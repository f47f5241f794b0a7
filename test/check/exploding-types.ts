/** 600 template-literal types of 4^8 members each (24 KB): the checker would take minutes and gigabytes. */
export function explodingTypes(): string {
  const lines = ["type L = 'a' | 'b' | 'c' | 'd'"]
  for (let i = 0; i < 600; i++) lines.push(`type A${i} = \`\${L}\${L}\${L}\${L}\${L}\${L}\${L}\${L}${i}\``)
  return lines.join('\n') + '\nexport {}\n'
}
