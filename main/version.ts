/** Headroom's version, shown in the app, the CLI and reports (defined in shared/ so file-version messages can name it). */
export { HEADROOM_VERSION } from '../shared/version.js';
