// Every strategy plugin the engine can run, by code_ref (`slug@version`). Definitions and versions are seeded from
// this list on start; an instance's version names its plugin.
import { buywritePlugin } from './buywrite';
import { coveredCallOverlayPlugin, coveredCallPlugin } from './covered-call';
import { pmccPlugin } from './pmcc';
import { putwritePlugin } from './putwrite';
import { thetaPlugin } from './theta';
import type { StrategyPlugin } from './types';
import { wheelPlugin } from './wheel';

// Each plugin is typed by its own config; the registry holds them by what they share.
export const STRATEGY_PLUGINS = [
  wheelPlugin,
  thetaPlugin,
  coveredCallPlugin,
  coveredCallOverlayPlugin,
  pmccPlugin,
  putwritePlugin,
  buywritePlugin,
] as unknown as readonly StrategyPlugin<unknown>[];

export const codeRefOf = (plugin: Pick<StrategyPlugin<unknown>, 'slug' | 'version'>): string =>
  `${plugin.slug}@${plugin.version}`;

/** The plugin a version's code_ref names; undefined when this build has no such plugin. */
export function pluginFor(codeRef: string): StrategyPlugin<unknown> | undefined {
  return STRATEGY_PLUGINS.find((plugin) => codeRefOf(plugin) === codeRef);
}

export function pluginBySlug(slug: string): StrategyPlugin<unknown> | undefined {
  return STRATEGY_PLUGINS.find((plugin) => plugin.slug === slug);
}
