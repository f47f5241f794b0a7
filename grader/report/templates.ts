import Handlebars from 'handlebars'
import { readdirSync, readFileSync } from 'node:fs'

/**
 * Compiles `report.hbs` of a template folder on a private Handlebars, with every other .hbs of the folder as a
 * partial named after its file, plus any extra partials given.
 */
export function compileReportTemplate(
  folder: URL,
  extraPartials: Record<string, URL> = {},
): Handlebars.TemplateDelegate {
  const hbs = Handlebars.create()
  for (const [name, url] of Object.entries(extraPartials))
    hbs.registerPartial(name, readFileSync(url, 'utf8'))
  for (const file of readdirSync(folder)) {
    if (file.endsWith('.hbs') && file !== 'report.hbs') {
      hbs.registerPartial(file.slice(0, -'.hbs'.length), readFileSync(new URL(file, folder), 'utf8'))
    }
  }
  // preventIndent: an indented partial call would otherwise indent every line of multi-line <pre> text.
  return hbs.compile(readFileSync(new URL('report.hbs', folder), 'utf8'), { preventIndent: true })
}
