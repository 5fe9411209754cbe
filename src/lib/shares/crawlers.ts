// Link-preview crawlers and prefetches: they get a preview card and never consume a view.

// Unfurlers of chat apps and social networks (not search engines: those get the normal, counted page or a noindex).
const PREVIEW_BOTS = /slackbot|slack-imgproxy|twitterbot|facebookexternalhit|facebookcatalog|meta-externalagent|discordbot|linkedinbot|whatsapp|telegrambot|skypeuripreview|microsoftpreview|pinterestbot|redditbot|embedly|iframely|vkshare|viber|kakaotalk-scrap|snapchat|mastodon|bluesky|cardyb|google-pagerenderer|bitlybot|tumblr|quora link preview|yahoo link preview|mattermost|rocket\.chat|zulip|discourse-onebox/i;

export function isLinkPreviewBot(userAgent: string | null): boolean {
  if (!userAgent) return false;
  // iMessage fetches previews with a Facebook + Twitter UA pair; Signal and others use generic agents we cannot tell apart.
  return PREVIEW_BOTS.test(userAgent);
}

/** Speculative loads (link prefetch, Chrome's prerender, Safari's preview) are not views. */
export function isPrefetch(headers: Headers): boolean {
  const purpose = `${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''} ${headers.get('x-purpose') ?? ''} ${headers.get('x-moz') ?? ''}`.toLowerCase();
  return /prefetch|prerender|preview/.test(purpose);
}

/**
 * Whether a view-limited share must ask before it sends its conversation: unless the request is a browser's own
 * navigation to the page (`Sec-Fetch-Dest: document`, which page scripts cannot set and browsers send since 2020-2023)
 * or the press of "Show conversation" (`confirmed`). Previews and prefetches always ask, whatever they claim. A fetcher
 * we cannot name (Matrix Synapse's URL previewer, a script) sends no Sec-Fetch headers, so it never spends a view.
 */
export function mustConfirmView(s: { max_views: number }, isOwner: boolean, preview: boolean, v: { header: (name: string) => string | null; confirmed?: boolean }): boolean {
  if (s.max_views === 0 || isOwner || v.confirmed) return false;
  return preview || v.header('sec-fetch-dest') !== 'document';
}
