/** Site-internal links, always under the configured base path (BASE_PATH). */
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

export function reportUrl(slug: string): string {
  return withBase(`reports/${slug}/`);
}
