// Types of build-patches.mjs, for the tests that hold its rewrites to the libraries they rewrite.
import type { Plugin } from 'esbuild';

export declare const yogaSync: Plugin;
export declare const inkWithoutDevtools: Plugin;
export declare const stringWidthFast: Plugin;
