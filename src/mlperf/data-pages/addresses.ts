/** Where the data pages live: their address segments and URLs under the site's base path. */

/** An accelerator id that can be a page's address segment (the importer writes ids of this form). */
export const PAGE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A model name as a URL segment: lower-case letters, digits and hyphens (`llama3.1-405b` → `llama3-1-405b`). */
export function modelSlug(model: string): string {
  return model.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Accelerator ids that get a page: every id of accelerator_names but `none` and the heterogeneous `mix-*`. */
export function hasAcceleratorPage(id: string): boolean {
  return id !== 'none' && !id.startsWith('mix-');
}

export function dataPageUrls(base: string) {
  const b = base.endsWith('/') ? base : `${base}/`;
  return {
    base: b,
    accelerator: (id: string) => `${b}accelerators/${id}/`,
    model: (slug: string) => `${b}models/${slug}/`,
    accelerators: `${b}accelerators/`,
    models: `${b}models/`,
    matrix: `${b}matrix/`,
  };
}
export type Urls = ReturnType<typeof dataPageUrls>;
