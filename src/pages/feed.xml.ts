/**
 * RSS 2.0 feed of every report version, newest first (by published date, then version). Links are absolute
 * (Astro's `site` plus the base path); nothing in it depends on when the site was built.
 */
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { withBase } from '../components/urls.ts';
import { joinXml, xml } from '../core/render/xml.ts';

/** RFC 822 date (as RSS 2.0 wants it) for midnight UTC of a YYYY-MM-DD day. */
function rfc822(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`feed.xml: "${day}" is not a YYYY-MM-DD date`);
  return date.toUTCString(); // "Wed, 10 Sep 2025 00:00:00 GMT"
}

export const GET: APIRoute = async ({ site }) => {
  if (!site) throw new Error('feed.xml needs an absolute site address: set `site` in astro.config.mjs (SITE_URL).');
  const absolute = (path: string) => new URL(withBase(path), site).href;
  const versions = (await getCollection('reports')).sort(
    (a, b) => b.data.published.localeCompare(a.data.published) || b.data.version - a.data.version || a.data.slug.localeCompare(b.data.slug),
  );
  const items = versions.map(({ data }) => {
    const link = absolute(`/reports/${data.slug}/v${data.version}/`);
    return joinXml(
      [
        xml`    <item>`,
        xml`      <title>${data.title} — version ${data.version}</title>`,
        xml`      <link>${link}</link>`,
        xml`      <guid isPermaLink="true">${link}</guid>`,
        xml`      <pubDate>${rfc822(data.published)}</pubDate>`,
        xml`      <description>${data.summary}</description>`,
        ...data.tags.map((t) => xml`      <category>${t}</category>`),
        xml`    </item>`,
      ],
      '\n',
    );
  });
  const feed = joinXml(
    [
      xml`<?xml version="1.0" encoding="UTF-8"?>`,
      xml`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">`,
      xml`  <channel>`,
      xml`    <title>Benchwright reports</title>`,
      xml`    <link>${absolute('/')}</link>`,
      xml`    <description>Every published version of the Benchwright reports: AI accelerators measured against AI models.</description>`,
      xml`    <language>en</language>`,
      xml`    <atom:link href="${absolute('/feed.xml')}" rel="self" type="application/rss+xml"/>`,
      ...(versions[0] ? [xml`    <lastBuildDate>${rfc822(versions[0].data.published)}</lastBuildDate>`] : []),
      ...items,
      xml`  </channel>`,
      xml`</rss>`,
      xml``,
    ],
    '\n',
  );
  return new Response(String(feed), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
