/** The build-context plugin's module (build-context.ts): whether the routes under src/pages serve the files published beside the pages. */
declare module 'virtual:benchwright/files' {
  /** True in `astro dev`; false in a build, which links the files into the output itself (src/publish/site-files.ts). */
  export const filesFromRoutes: boolean;
}
