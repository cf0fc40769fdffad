import pkg from '../../package.json' with { type: 'json' };

/** Part of every cache key, so a new toolkit version never reuses results made by an older one. */
export const TOOLKIT_VERSION: string = pkg.version;
