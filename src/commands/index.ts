// Dispatches a parsed command line to its command module (loaded only when used).

import type { ParsedCommand } from '../cli.js';
import { pathWithCheckoutTools } from '../tools/find-tools.js';

export async function runCommand(parsed: ParsedCommand): Promise<number> {
  const { values, positionals } = parsed;
  // Every command and the processes it starts see the checkout's helm/kubectl when PATH has none.
  const withTools = pathWithCheckoutTools(process.env['PATH']);
  if (withTools !== undefined) process.env['PATH'] = withTools;
  switch (parsed.command) {
    case 'bootstrap':
      return (await import('./bootstrap.js')).bootstrapCommand(values);
    case 'plan':
      return (await import('./bootstrap.js')).planCommand(values);
    case 'install':
      return (await import('./install.js')).installCommand(values);
    case 'status':
      return (await import('./status.js')).statusCommand(values);
    case 'uninstall':
      return (await import('./uninstall.js')).uninstallCommand(values);
    case 'sim':
      return (await import('./sim.js')).simCommand(values, positionals);
  }
}
