import packageJson from '../package.json' with { type: 'json' }

export const graderVersion: string = packageJson.version
