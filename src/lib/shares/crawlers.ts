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
