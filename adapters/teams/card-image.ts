import type { ReplyImage } from '../../src/reply/model.js';
import { type CardElement, clip } from './card-text.js';

/** Where a picture is served (the bot's `/images/…` route under `http.publicUrl`), if it can be. */
export type ImageLink = (image: ReplyImage) => string | undefined;

/**
 * A picture small enough rides inside the card as a data: URI: the card's 28 KB holds a few KB of
 * picture beside a full report. The certificate timeline is far larger, so it needs a URL.
 */
export const INLINE_IMAGE_BYTES = 8 * 1024;

/**
 * The reply's pictures as card elements: an Image by URL (or inline when tiny), else a line that names
 * the picture and where it can be seen, so the card never silently drops it.
 */
export function imageElements(images: readonly ReplyImage[] | undefined, link?: ImageLink): CardElement[] {
  return (images ?? []).map((image) => {
    const url = link?.(image) ?? inline(image);
    if (url) {
      return { type: 'Image', url, altText: clip(image.alt, 1000), size: 'Stretch', spacing: 'Medium' };
    }
    const note = `🖼 ${image.title} (${image.name}) is not shown here: Teams shows pictures by URL and this bot has no http.publicUrl. Slack shows it; the CLI writes it with --png FILE.`;
    return {
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: note, size: 'Small', isSubtle: true }],
      spacing: 'Medium',
    };
  });
}

function inline(image: ReplyImage): string | undefined {
  if (image.png.length > INLINE_IMAGE_BYTES) return undefined;
  return `data:image/png;base64,${Buffer.from(image.png).toString('base64')}`;
}
