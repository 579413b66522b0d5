/** What the afterPack hook reads of electron-builder's pack context. */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: {
    info: { projectDir: string; framework: { version: string } };
    getResourcesDir(appOutDir: string): string;
  };
}
export const ELECTRON_BUILD: string;
export function packagedBinary(resourcesDir: string): string;
export function afterPack(context: PackContext): Promise<void>;
export default afterPack;
