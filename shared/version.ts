/** Headroom's version, shown in the app, the CLI and reports, and named when a file needs a newer one. Kept equal to package.json by a test. */
export const HEADROOM_VERSION = '0.1.0';
